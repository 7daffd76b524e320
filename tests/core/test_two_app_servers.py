"""Two `xiaoneng serve` processes on one database take concurrent writes and lose none
(issue 17: scale-out, docs/adr/0019-scale-out.md).

Real gunicorn servers on two free ports, each with its own var directory, sharing the database
and the directory of audit checkpoints, as two app servers behind one load balancer would.  The
database is the test's own, already migrated: on PostgreSQL the test database itself (the test
commits, pytest-django flushes after), on SQLite a file copied from the in-memory test database
and named by XIAONENG_DATABASE_URL.  WRITES case registrations (POST /api/v1/cases/: a gapless
case number, an event and an audit record each) are sent from THREADS threads, alternating
between the servers.  Then every answered number is stored exactly once, the numbers have no
gap, each case has its audit record and `xiaoneng audit verify` finds the keyed chain intact.
"""

from __future__ import annotations

import http.client
import json
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.cases.factories import ApplicantFactory, make_item
from tests.factories import OrganizationFactory, UserFactory
from tests.processes import installation_env, popen, shell_json
from xiaoneng.core.models import OrganizationKind
from xiaoneng.core.roles import Role
from xiaoneng.core.tokens import token_issue

WRITES = 100
THREADS = 8

STORED = """
import json
from django.core.management import CommandError, call_command
from xiaoneng.cases.models import Case
from xiaoneng.core.models import AuditRecord
try:  # `xiaoneng audit verify`, in the same process as the counts
    call_command("audit", "verify")
    verified = "intact"
except CommandError as error:
    verified = str(error)
print(json.dumps({
    "numbers": sorted(Case.objects.values_list("number", flat=True)),
    "audited": sorted(
        AuditRecord.objects.filter(action="case.submitted").values_list("object_id", flat=True)
    ),
    "ids": sorted(str(pk) for pk in Case.objects.values_list("pk", flat=True)),
    "verified": verified,
}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _request(
    port: int, method: str, path: str, body: object = None, token: str = ""
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        data = json.dumps(body).encode() if body is not None else None
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@contextmanager
def _servers(env: dict[str, str], var_dirs: list[Path]) -> Iterator[list[int]]:
    """`xiaoneng serve` (two workers each) on free ports, started together, once every one
    answers /healthz; stopped after."""
    ports = [_free_port() for _ in var_dirs]
    servers = []
    for port, var_dir in zip(ports, var_dirs, strict=True):
        var_dir.mkdir(parents=True, exist_ok=True)
        own = {"XIAONENG_VAR_DIR": str(var_dir), "XIAONENG_BIND": f"127.0.0.1:{port}"}
        servers.append(
            popen(
                ["serve"],
                env={**env, **own, "XIAONENG_WORKERS": "2"},
                log=var_dir / "serve.log",
            )
        )
    try:
        deadline = time.monotonic() + 120
        for port, server, var_dir in zip(ports, servers, var_dirs, strict=True):
            while not _answers(port):
                assert server.poll() is None, (var_dir / "serve.log").read_text()[-3000:]
                assert time.monotonic() < deadline, "a server did not answer in 120 s"
                time.sleep(0.3)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _answers(port: int) -> bool:
    try:
        return _request(port, "GET", "/healthz?check=database")[0] == 200
    except OSError:
        return False


def _given() -> dict[str, Any]:
    """A window clerk with a token, an item of their agency and an applicant, committed."""
    city = OrganizationFactory(name="江州市人民政府", kind=OrganizationKind.GOVERNMENT)
    agency = OrganizationFactory(name="江州市市场监督管理局", parent=city)
    clerk = UserFactory(username="clerk", organization=agency, roles=[Role.WINDOW_CLERK])
    applicant = ApplicantFactory(id_number="11010519491231002X")  # a valid GB 11643 number
    return {
        "token": token_issue(user=clerk, has_second_factor=False).key,
        "item": make_item(agency).item.implementation_code,
        "applicant": (applicant.name, applicant.id_number),
    }


def _shared_database_url(tmp_path: Path) -> str:
    """The test database as the servers reach it (a file copy of SQLite's in-memory one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        copy = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
        return f"sqlite:///{copy}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_app_servers_on_one_database_lose_no_write(tmp_path, settings):
    given = _given()
    env = installation_env(tmp_path / "setup", database_url=_shared_database_url(tmp_path))
    # one directory of audit checkpoints for every process, like the database
    env["XIAONENG_AUDIT_CHECKPOINT_DIR"] = str(settings.AUDIT_CHECKPOINT_DIR)

    with _servers(env, [tmp_path / "a", tmp_path / "b"]) as ports:

        def register(n: int) -> tuple[int, int, bytes]:
            port = ports[n % 2]
            name, id_number = given["applicant"]
            body = {
                "item": given["item"],
                "channel": "window",
                "applicant_kind": "natural",
                "applicant_name": name,
                "applicant_id_number": id_number,
                "title": f"并发登记 {n}",
            }
            status, answer = _request(port, "POST", "/api/v1/cases/", body, given["token"])
            return port, status, answer

        with ThreadPoolExecutor(THREADS) as pool:
            answers = list(pool.map(register, range(WRITES)))
    stored = shell_json(STORED, env=env)

    refused = [(status, body[:300]) for _, status, body in answers if status != 201]
    assert refused == []
    assert {port for port, _, _ in answers} == set(ports)  # both servers took writes
    answered = sorted(json.loads(body)["number"] for _, _, body in answers)
    assert stored["numbers"] == answered  # every write stored, none twice
    assert len(set(answered)) == WRITES
    serials = sorted(int(number[-6:]) for number in answered)
    assert serials == list(range(serials[0], serials[0] + WRITES))  # gapless numbering
    assert stored["audited"] == stored["ids"]  # one audit record per case
    assert stored["verified"] == "intact"
