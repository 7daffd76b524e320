"""The supervision summary, the reviewer queue and the cockpit on PostgreSQL at volume (issue 17,
part 3).

Runs only when a PostgreSQL server is named: `XIAONENG_BENCH_POSTGRES_URL`
(postgres://user@host:port/any-database, a role that may create databases), or
`XIAONENG_DATABASE_URL` when it is a PostgreSQL URL. Without one the module prints why on
stderr and adds no row. A child process creates a fresh database on that server, builds the
city as a deployment has it, and drops the database afterwards:

1. `migrate`, then `xiaoneng demo` (the demo city: its units, staff, catalog, complaints);
2. `xiaoneng synth --cases N` (`POSTGRES_BENCH_CASES`, default 50,000): a year of synthetic
   cases over the catalog through the bulk import, with supervision's receivers connected.

`ANALYZE` runs after the import, as autovacuum would. The child then times three reads as of
the synthetic year's last day:
- "pg supervision summary": `lights.light_summary`, the open cases by light in the whole city,
  for the demo supervisor. Best of 3 after a warm-up. Goal ≤ 2 s (rate ≥ 0.5/s).
- "pg reviewer queue p95": `cases.selectors.review_queue` for a reviewer of the agency with the
  most open cases, QUEUE_RUNS times, each as a fresh request. The row's seconds are p95 × ops.
  Goal p95 ≤ 100 ms (rate ≥ 10/s).
- "pg cockpit": `cockpit_headlines` for the demo leader, every headline with trends and
  rankings. Best of 3 after a warm-up, once the finished days' figures are recorded as the
  sweep records them (supervision/daily.py). Goal ≤ 1 s, the cockpit's goal on SQLite
  (cockpit_bench.py).
The complaint statistics are not timed here: the synthetic year has no complaints.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

SIZE = int(os.environ.get("POSTGRES_BENCH_CASES", "50000"))
QUEUE_RUNS = 50
SEED = 3
ROOT = Path(__file__).resolve().parent.parent


def _server_url() -> str | None:
    for name in ("XIAONENG_BENCH_POSTGRES_URL", "XIAONENG_DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


def _with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


# --------------------------------------------------------------------------- child side
def _best(function: Any, repeat: int = 3) -> float:
    function()  # warm-up: a running server has the pages cached
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def child(n: int) -> dict[str, Any]:
    from datetime import timedelta

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q

    from xiaoneng.cases.models import Case, CaseEvent
    from xiaoneng.cases.selectors import review_queue
    from xiaoneng.cockpit.periods import Period, current_span, year_ago_span
    from xiaoneng.cockpit.selectors import cockpit_headlines
    from xiaoneng.core.models import User, UserRole
    from xiaoneng.core.roles import Role
    from xiaoneng.supervision.daily import daily_figures_record, recorded_days
    from xiaoneng.supervision.lights import light_summary

    assert connection.vendor == "postgresql", connection.vendor
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115, PTH123
    demo_s = time.perf_counter() - started
    started = time.perf_counter()
    call_command("synth", cases=n, seed=SEED, stdout=open(os.devnull, "w"))  # noqa: SIM115, PTH123
    synth_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT pg_database_size(current_database())")
        database_mb = cursor.fetchone()[0] / 1e6
    cases, events = Case.objects.count(), CaseEvent.objects.count()
    as_of = Case.objects.order_by("-received_at").values_list("received_at", flat=True).first()
    assert as_of is not None
    day = as_of.date()

    supervisor = User.objects.get(username="supervisor")
    summary = light_summary(user=supervisor, as_of=day)
    summary_s = _best(lambda: light_summary(user=supervisor, as_of=day))

    open_statuses = ["submitted", "supplement_requested", "accepted", "in_review"]
    busiest = (
        Case.objects.filter(status__in=open_statuses)
        .values("agency")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None, "no open case"
    reviewer = User.objects.create(username="bench-reviewer", organization_id=busiest["agency"])
    UserRole.objects.create(user=reviewer, role=Role.REVIEWER)
    timings = []
    page: list[Any] = []
    for _ in range(QUEUE_RUNS):
        fresh = User.objects.get(pk=reviewer.pk)  # a fresh request: the role cache is empty
        started = time.perf_counter()
        page = review_queue(user=fresh)
        timings.append(time.perf_counter() - started)
    assert page, "the queue is empty"
    timings.sort()
    queue_p95 = timings[int(len(timings) * 0.95) - 1]

    # The sweep records each finished day's figures once (supervision/daily.py); record the
    # days the cockpit reads before `day` as a running deployment has them (cockpit_bench.py).
    first = year_ago_span(current_span(day, Period.MONTH)).start
    started = time.perf_counter()
    for k in range((day - first).days):
        past = first + timedelta(days=k)
        if past not in recorded_days([past]):
            daily_figures_record(day=past)
    recording_s = time.perf_counter() - started
    leader = User.objects.get(username="leader")
    cockpit = cockpit_headlines(user=leader, as_of=day)
    cockpit_s = _best(lambda: cockpit_headlines(user=leader, as_of=day))
    return {
        "n": n,
        "cases": cases,
        "events": events,
        "open": Case.objects.filter(Q(status__in=open_statuses)).count(),
        "database_mb": database_mb,
        "demo_s": demo_s,
        "synth_s": synth_s,
        "as_of": day.isoformat(),
        "summary_open": summary.open,
        "summary_s": summary_s,
        "busiest_open": busiest["n"],
        "queue_p95": queue_p95,
        "queue_median": timings[len(timings) // 2],
        "headlines": len(cockpit.headlines),
        "cockpit_s": cockpit_s,
        "recording_s": recording_s,
    }


# -------------------------------------------------------------------------- parent side
def _measure(server: str, n: int) -> dict[str, Any]:
    import psycopg

    database = f"xiaoneng_bench_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "xiaoneng.config.settings.test",
            "XIAONENG_DATABASE_URL": _with_database(server, database),
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        }
        output = subprocess.run(  # noqa: S603  (our own interpreter and script)
            [sys.executable, __file__, "--child", str(n)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if output.returncode:
            raise RuntimeError(f"postgres bench child failed:\n{output.stderr[-3000:]}")
        return json.loads(output.stdout.strip().splitlines()[-1])
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def run() -> list[dict[str, Any]]:
    server = _server_url()
    if server is None:
        print(  # noqa: T201
            "postgres_bench: skipped — set XIAONENG_BENCH_POSTGRES_URL (or a PostgreSQL "
            "XIAONENG_DATABASE_URL) to run it",
            file=sys.stderr,
        )
        return []
    r = _measure(server, SIZE)
    size = (
        f"{r['cases']:,} cases ({r['open']:,} open), {r['events']:,} events, "
        f"{r['database_mb']:,.0f} MB; built in {r['demo_s'] + r['synth_s']:.0f} s"
    )
    return [
        {
            "name": "pg supervision summary",
            "ops": 1,
            "seconds": r["summary_s"],
            "min_ops_per_s": 0.5,
            "note": f"best of 3 as of {r['as_of']} ({r['summary_open']:,} open in the "
            f"lights); {size}",
        },
        {
            "name": "pg reviewer queue p95",
            "ops": QUEUE_RUNS,
            "seconds": r["queue_p95"] * QUEUE_RUNS,
            "min_ops_per_s": 10,
            "note": f"{QUEUE_RUNS} runs, median {r['queue_median'] * 1000:.1f} ms; the agency "
            f"with the most open cases ({r['busiest_open']:,})",
        },
        {
            "name": "pg cockpit",
            "ops": 1,
            "seconds": r["cockpit_s"],
            "min_ops_per_s": 1,
            "note": f"{r['headlines']} headlines with trends and rankings, best of 3; the "
            f"past days' figures recorded as the sweep does ({r['recording_s']:.0f} s)",
        },
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(int(sys.argv[2]))))  # noqa: T201
    else:
        for row in run():
            print(row)  # noqa: T201
