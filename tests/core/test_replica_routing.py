"""Read-only dashboards and reports read from a PostgreSQL streaming replica; every write stays
on the primary (issue 17: scale-out; core/db_router.py, docs/deploy.md "A read replica").

The test starts its own primary (wal_level=replica) and a hot standby made from it with
pg_basebackup -R on ports of their own, migrates the primary, writes a supervision case load on
it and waits until the replica has replayed it. Then the routed pages and APIs are requested in
a real `xiaoneng` process with XIAONENG_REPLICA_URL set, every SQL statement recorded with the
database alias it ran on: the figures are read on the replica and the primary runs none of
their SELECTs; a write inside the read-only scope goes to the primary; the replica refuses
writes. With replay paused, a routed page shows the replica's (older) figure and a page outside
the scope the primary's, and without XIAONENG_REPLICA_URL every read runs on the primary.

Runs with XIAONENG_DATABASE_URL=postgres://... and XIAONENG_PG_BIN_DIR (CI's PostgreSQL run);
root runs the PostgreSQL commands as the postgres user, as .ci/run does.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.processes import ON_POSTGRES, _admin_connection, installation_env, shell_json, xiaoneng

PG_BIN_DIR = os.environ.get("XIAONENG_PG_BIN_DIR", "")

pytestmark = pytest.mark.skipif(
    not (ON_POSTGRES and PG_BIN_DIR),
    reason="needs PostgreSQL server binaries: XIAONENG_DATABASE_URL=postgres://... and "
    "XIAONENG_PG_BIN_DIR (the PostgreSQL run of .ci/run sets both)",
)

GIVEN = """
import json
from datetime import date
from tests.factories import OrganizationFactory, UserFactory
from tests.supervision.factories import make_case, make_version
from xiaoneng.core.models import OrganizationKind
from xiaoneng.core.roles import Role
city = OrganizationFactory(name="江州市人民政府", kind=OrganizationKind.GOVERNMENT)
agency = OrganizationFactory(name="江州市市场监督管理局", parent=city)
UserFactory(username="leader", organization=city, roles=[Role.LEADER])
version = make_version(agency, committed=5, legal=20)
for day in ("2026-11-02", "2026-11-20", "2026-12-01"):
    make_case(version, accepted_on=date.fromisoformat(day))
print(json.dumps({"version": version.pk}))
"""

ONE_MORE_CASE = """
import json
from datetime import date
from tests.supervision.factories import make_case
from xiaoneng.catalog.models import ServiceItemVersion
make_case(ServiceItemVersion.objects.get(pk=%d), accepted_on=date(2026, 12, 2))
print(json.dumps({}))
"""

# The read-only pages and APIs in the scope of `reading_from_replica()`.
ROUTED = [
    "/workbench/supervision/?as_of=2026-12-04",
    "/workbench/cockpit/?as_of=2026-12-04",
    "/workbench/cockpit/display/?as_of=2026-12-04",
    "/workbench/complaints/figures/?as_of=2026-12-04",
    "/workbench/reports/?date_from=2026-11-01&date_to=2026-11-30&output_format=docx",
    "/api/v1/supervision/summary/?as_of=2026-12-04",
    "/api/v1/cockpit/?as_of=2026-12-04",
    "/api/v1/complaints/stats/?as_of=2026-12-04",
    "/api/v1/ratings/figures/",
    "/api/v1/reports/situation/figures/?from=2026-11-01&to=2026-11-30",
    "/api/v1/reports/situation/?from=2026-11-01&to=2026-11-30",
]
# Tables the routed figures read; the primary must not read them during those requests.
FIGURE_TABLES = ("cases_", "supervision_", "complaints_", "catalog_", "reports_reporttemplate")

READ = """
import json
from contextlib import ExitStack
from django.db import connections
from django.test import Client
from django.test.utils import setup_test_environment
from xiaoneng.core.models import User

setup_test_environment()  # the test client's host name
ran = []

def recorder(alias):
    def record(execute, sql, params, many, context):
        ran.append((alias, sql))
        return execute(sql, params, many, context)
    return record

client = Client()
client.force_login(User.objects.get(username="leader"))
pages = {}
with ExitStack() as stack:
    for alias in connections:
        stack.enter_context(connections[alias].execute_wrapper(recorder(alias)))
    for url in URLS:
        start = len(ran)
        response = client.get(url)
        pages[url] = {
            "status": response.status_code,
            "body": response.content.decode() if response["Content-Type"].startswith(
                "application/json") else "",
            "queries": ran[start:],
        }
print(json.dumps({"aliases": sorted(connections), "pages": pages}))
"""

WRITE = """
import json
from django.db import connections
from xiaoneng.core.audit import audit
from xiaoneng.core.db_router import reading_from_replica
from xiaoneng.core.models import Applicant, ApplicantKind

ran = []
with connections["default"].execute_wrapper(
    lambda execute, sql, *args: ran.append(("default", sql)) or execute(sql, *args)
), connections["replica"].execute_wrapper(
    lambda execute, sql, *args: ran.append(("replica", sql)) or execute(sql, *args)
):
    with reading_from_replica():  # a write inside the read-only scope, and audit's read
        applicant = Applicant.objects.create(
            kind=ApplicantKind.NATURAL_PERSON, id_number="110105194912310048", name="李四"
        )
        audit(actor=None, action="replica.check", object_type="test", obj=applicant)
print(json.dumps({"written": ran, "applicant_db": applicant._state.db}))
"""


@dataclass
class Cluster:
    primary: str  # database URLs
    replica: str
    replica_dir: str  # its data directory (to stop it)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg(command: str, *args: str, check: bool = True) -> None:
    """A PostgreSQL program of XIAONENG_PG_BIN_DIR, as the postgres user when run by root."""
    argv = [str(Path(PG_BIN_DIR) / command), *args]
    if os.geteuid() == 0:
        argv = ["su", "postgres", "-c", shlex.join(argv)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    if check:
        assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}{done.stderr[-2000:]}"


def _server_options(port: int, root: Path, *extra: str) -> str:
    options = [f"-p {port}", f"-k {root}", "-c listen_addresses=127.0.0.1", "-c fsync=off"]
    return " ".join([*options, *extra])


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """A primary and a streaming replica of it (hot standby), stopped and removed after."""
    root = Path(tempfile.mkdtemp(prefix="xn-replica-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    primary_port = replica_port = _free_port()
    while replica_port == primary_port:
        replica_port = _free_port()
    started = []
    try:
        _pg(
            "initdb", "-D", f"{root}/primary", "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip
        _pg(
            "pg_ctl", "-D", f"{root}/primary", "-l", f"{root}/primary.log", "-w", "start",
            "-o", _server_options(primary_port, root, "-c wal_level=replica",
                                  "-c max_wal_senders=4"),
        )  # fmt: skip
        started.append("primary")
        base = f"postgres://postgres@127.0.0.1:{primary_port}"
        with _admin_connection(f"{base}/postgres") as admin:
            admin.execute('CREATE DATABASE "xiaoneng"')
        # a copy of the primary that follows its WAL (-R writes primary_conninfo)
        _pg(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres",
            "-D", f"{root}/replica", "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        _pg(
            "pg_ctl", "-D", f"{root}/replica", "-l", f"{root}/replica.log", "-w", "start",
            "-o", _server_options(replica_port, root, "-c hot_standby=on"),
        )  # fmt: skip
        started.append("replica")
        yield Cluster(
            primary=f"{base}/xiaoneng",
            replica=f"postgres://postgres@127.0.0.1:{replica_port}/xiaoneng",
            replica_dir=f"{root}/replica",
        )
    finally:
        for name in reversed(started):
            _pg("pg_ctl", "-D", f"{root}/{name}", "-m", "immediate", "stop", check=False)
        shutil.rmtree(root, ignore_errors=True)


def _one(url: str, sql: str) -> Any:
    with _admin_connection(url) as connection:
        return connection.execute(sql).fetchone()[0]


def _replayed(cluster: Cluster) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    lsn = _one(cluster.primary, "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + 60
    sql = f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"
    while not _one(cluster.replica, sql):
        assert time.monotonic() < deadline, "the replica did not replay the primary's WAL"
        time.sleep(0.1)


def _read(env: dict[str, str], urls: list[str]) -> dict[str, Any]:
    return shell_json(f"URLS = {urls!r}\n{READ}", env=env)  # type: ignore[no-any-return]


def _selects(queries: list[list[str]], alias: str) -> list[str]:
    return [sql for on, sql in queries if on == alias and sql.lstrip().upper().startswith("SELECT")]


def _reads_figures(sql: str) -> bool:
    return any(f'"{table}' in sql for table in FIGURE_TABLES)


@pytest.fixture
def installation(cluster, tmp_path) -> dict[str, Any]:
    """The primary migrated and given three open cases, replayed on the replica."""
    env = installation_env(tmp_path / "installation", database_url=cluster.primary)
    migrated = xiaoneng("migrate", "--noinput", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    given = shell_json(GIVEN, env=env)
    _replayed(cluster)
    return {
        "primary_only": env,
        "with_replica": {**env, "XIAONENG_REPLICA_URL": cluster.replica},
        "version": given["version"],
    }


def test_dashboards_read_on_the_replica_and_writes_stay_on_the_primary(cluster, installation):
    """One cluster for every part (its set-up is most of the time): the routed pages read on
    the replica, a write in the scope goes to the primary, the replica refuses writes, a lagging
    replica shows in routed pages only, without the setting everything reads the primary, and
    with the replica stopped the routed pages still answer, from the primary."""
    _routed_pages_read_on_the_replica(installation)
    _a_write_inside_the_read_only_scope_goes_to_the_primary(cluster, installation)
    _the_replica_refuses_writes(cluster)
    _a_routed_page_shows_the_replica_a_page_outside_the_scope_the_primary(cluster, installation)
    _without_a_replica_every_read_runs_on_the_primary(installation)
    _with_the_replica_down_routed_pages_read_the_primary(cluster, installation)  # stops it


def _routed_pages_read_on_the_replica(installation: dict[str, Any]) -> None:
    read = _read(installation["with_replica"], ROUTED)

    assert read["aliases"] == ["default", "replica"]
    for url, page in read["pages"].items():
        assert page["status"] == 200, (url, page["body"][:500])
        on_replica = [sql for sql in _selects(page["queries"], "replica") if _reads_figures(sql)]
        on_primary = [sql for sql in _selects(page["queries"], "default") if _reads_figures(sql)]
        assert on_replica, url  # the figures were read on the replica ...
        assert on_primary == [], url  # ... and none of them on the primary


def _a_write_inside_the_read_only_scope_goes_to_the_primary(
    cluster: Cluster, installation: dict[str, Any]
) -> None:
    read = shell_json(WRITE, env=installation["with_replica"])

    written = read["written"]
    assert {alias for alias, _sql in written} == {"default"}  # the INSERTs and audit's reads
    assert any(sql.startswith('INSERT INTO "core_applicant"') for _alias, sql in written)
    assert any('FROM "core_auditrecord"' in sql for _alias, sql in written)  # the chain's end
    assert read["applicant_db"] == "default"
    count = "SELECT COUNT(*) FROM core_applicant WHERE id_number = '110105194912310048'"
    assert _one(cluster.primary, count) == 1


def _the_replica_refuses_writes(cluster: Cluster) -> None:
    import psycopg  # noqa: PLC0415  (only on PostgreSQL runs)

    assert _one(cluster.replica, "SELECT pg_is_in_recovery()") is True
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        _one(cluster.replica, "INSERT INTO core_applicant (kind) VALUES ('x') RETURNING 1")


def _a_routed_page_shows_the_replica_a_page_outside_the_scope_the_primary(
    cluster: Cluster, installation: dict[str, Any]
) -> None:
    """Replay paused: the primary has a fourth case the replica has not seen yet."""
    summary = "/api/v1/supervision/summary/?as_of=2026-12-04"  # routed
    case_list = "/api/v1/supervision/cases/?as_of=2026-12-04"  # not routed
    _replayed(cluster)
    _one(cluster.replica, "SELECT pg_wal_replay_pause()::text")
    try:
        deadline = time.monotonic() + 60
        while _one(cluster.replica, "SELECT pg_get_wal_replay_pause_state()") != "paused":
            assert time.monotonic() < deadline, "replay did not pause"
            time.sleep(0.1)
        shell_json(ONE_MORE_CASE % installation["version"], env=installation["primary_only"])
        lagging = _read(installation["with_replica"], [summary, case_list])["pages"]
    finally:
        _one(cluster.replica, "SELECT pg_wal_replay_resume()::text")

    assert '"open":3' in lagging[summary]["body"]  # the replica, a moment behind
    assert '"count":4' in lagging[case_list]["body"]  # the primary
    _replayed(cluster)  # resumed, the replica catches up
    assert _one(cluster.replica, "SELECT COUNT(*) FROM cases_case") == 4


def _without_a_replica_every_read_runs_on_the_primary(installation: dict[str, Any]) -> None:
    read = _read(installation["primary_only"], ROUTED)

    assert read["aliases"] == ["default"]
    for url, page in read["pages"].items():
        assert page["status"] == 200, (url, page["body"][:500])
        assert {alias for alias, _sql in page["queries"]} == {"default"}, url
        assert any(_reads_figures(sql) for sql in _selects(page["queries"], "default")), url


def _with_the_replica_down_routed_pages_read_the_primary(
    cluster: Cluster, installation: dict[str, Any]
) -> None:
    """The replica stopped (a crash, maintenance): the routed pages answer 200 from the
    primary, none fails (core/db_router.py: RETRY_SECONDS)."""
    _pg("pg_ctl", "-D", cluster.replica_dir, "-m", "immediate", "stop")
    read = _read(installation["with_replica"], ROUTED)

    for url, page in read["pages"].items():
        assert page["status"] == 200, (url, page["body"][:500])
        assert {alias for alias, _sql in page["queries"]} == {"default"}, url
        assert any(_reads_figures(sql) for sql in _selects(page["queries"], "default")), url
