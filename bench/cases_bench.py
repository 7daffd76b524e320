"""Case import throughput and reviewer-queue latency on SQLite.

Runs in a child process on its own temporary SQLite file (migrated from scratch):

- a small catalog of one agency (immediate, promised, joint with a co-department, forwarded,
  fee-charging items) is created, then `xiaoneng.cases.synth.generate` writes IMPORT_CASES
  (default 30,000) synthetic cases, about 6.7 events each, to a JSON Lines file;
- "import bulk": `import_file(FILE, fast=True)` — what `xiaoneng import-cases FILE --fast`
  runs — for the cases context alone (other contexts' receivers of the batch signal set aside
  while timing): the bulk path, whose results equal the services'
  (tests/cases/test_fastpath.py); goal ≥ 20,000 events/s.  The note gives the process's peak
  resident memory, to show that the file is not held in memory;
- "import bulk + receivers": the same number of cases from the same generator (other case
  numbers) with the other contexts' receivers of `cases_bulk_loaded` connected (supervision
  builds its watches and detects breaches set-based per batch); goal ≥ 0.8× "import bulk";
- "import services": the same generator through the services (one event at a time, with the
  per-event signal and its receivers) on SERVICE_CASES cases, for comparison;
- "queue p95": the case rows are then replicated with SQL (INSERT … SELECT, new numbers) up
  to QUEUE_CASES cases, and `selectors.review_queue` for a reviewer of the agency is timed
  QUEUE_RUNS times; the row's seconds are p95 × ops, so ops/s = 1 / p95; goal ≤ 100 ms
  (≥ 10 queries/s at the 95th percentile).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

IMPORT_CASES = int(os.environ.get("CASES_BENCH_IMPORT", "30000"))
SERVICE_CASES = int(os.environ.get("CASES_BENCH_SERVICES", "300"))
QUEUE_CASES = int(os.environ.get("CASES_BENCH_QUEUE", "1000000"))
QUEUE_RUNS = 200
ROOT = Path(__file__).resolve().parent.parent


def _child() -> dict[str, Any]:  # noqa: C901  (one linear script)
    import resource

    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.db import connection
    from tests.cases.factories import make_item

    from xiaoneng.cases.importing import import_file, import_lines
    from xiaoneng.cases.models import Case, CaseEvent
    from xiaoneng.cases.selectors import review_queue
    from xiaoneng.cases.signals import cases_bulk_loaded
    from xiaoneng.cases.synth import catalog_items, generate
    from xiaoneng.catalog.models import HandlingType
    from xiaoneng.core import services as core_services
    from xiaoneng.core.models import Organization, User, UserRole
    from xiaoneng.core.roles import Role

    call_command("migrate", verbosity=0)
    city = core_services.organization_create(
        actor=None, name="江州市人民政府", kind="government", level=3
    )
    agency = core_services.organization_create(
        actor=None, name="江州市市场监督管理局", kind="department", level=3, parent=city
    )
    co = core_services.organization_create(
        actor=None, name="江州市民政局", kind="department", level=3, parent=city
    )
    make_item(agency, handling_type=HandlingType.IMMEDIATE, legal=3)
    make_item(agency, committed=10, legal=45, co_departments=(co,))
    make_item(agency, committed=8, forward_to_level=2)
    make_item(agency, committed=5, has_fee=True)
    make_item(agency, committed=5)
    items = catalog_items()
    until = date(2026, 11, 20)

    def lines(n: int, prefix: str) -> list[str]:
        return [
            json.dumps(x, ensure_ascii=False)
            for x in generate(cases=n, seed=1, items=items, until=until, prefix=prefix)
        ]

    # Cases context alone: other contexts' receivers of the batch signal are set aside.
    def history(prefix: str) -> Path:
        path = Path(os.environ["XIAONENG_VAR_DIR"]) / f"history-{prefix}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for x in generate(cases=IMPORT_CASES, seed=1, items=items, until=until, prefix=prefix):
                handle.write(json.dumps(x, ensure_ascii=False) + "\n")
        return path

    path = history("BK")
    file_mb = path.stat().st_size / 1e6
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    saved = cases_bulk_loaded.receivers
    cases_bulk_loaded.receivers = []
    cases_bulk_loaded.sender_receivers_cache.clear()
    try:
        started = time.perf_counter()
        report = import_file(path, actor=None, fast=True)
        bulk_seconds = time.perf_counter() - started
    finally:
        cases_bulk_loaded.receivers = saved
        cases_bulk_loaded.sender_receivers_cache.clear()
    assert not report.rejected, report.rejected[:3]
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    bulk_events = CaseEvent.objects.count()
    bulk_cases = Case.objects.count()  # before the queue's copies
    path.unlink()

    # The same input (other case numbers) with every receiver connected (supervision builds
    # its watches and checks the events per batch).
    path = history("RC")
    started = time.perf_counter()
    report = import_file(path, actor=None, fast=True)
    with_seconds = time.perf_counter() - started
    path.unlink()
    assert not report.rejected, report.rejected[:3]
    with_events = CaseEvent.objects.count() - bulk_events
    assert with_events == bulk_events, (with_events, bulk_events)  # the same input
    bulk_events_total = bulk_events + with_events

    service_lines = lines(SERVICE_CASES, "SV")
    started = time.perf_counter()
    report = import_lines(service_lines, actor=None)
    service_seconds = time.perf_counter() - started
    assert not report.rejected, report.rejected[:3]
    service_events = CaseEvent.objects.count() - bulk_events_total

    # Replicate case rows (not events) up to QUEUE_CASES for the queue.
    table = Case._meta.db_table
    columns = [f.column for f in Case._meta.concrete_fields if f.column not in ("id", "number")]
    present = Case.objects.count()
    copy = 0
    with connection.cursor() as cursor:
        while present < QUEUE_CASES:
            copy += 1
            cols = ", ".join(columns)
            cursor.execute(
                f"INSERT INTO {table} (number, {cols}) SELECT number || '-{copy}', {cols} "  # noqa: S608
                f"FROM {table} WHERE number NOT LIKE '%-%' LIMIT %s",
                [QUEUE_CASES - present],
            )
            present = Case.objects.count()
        cursor.execute("ANALYZE")
    reviewer = User.objects.create(username="bench-reviewer", organization=agency)
    UserRole.objects.create(user=reviewer, role=Role.REVIEWER)
    reviewer = User.objects.get(pk=reviewer.pk)
    open_count = Case.objects.filter(
        agency=agency,
        status__in=[
            "submitted",
            "supplement_requested",
            "accepted",
            "in_review",
            "approved",
            "denied",
        ],
    ).count()
    timings = []
    for _ in range(QUEUE_RUNS):
        reviewer = User.objects.get(pk=reviewer.pk)  # a fresh request: role cache empty
        started = time.perf_counter()
        page = review_queue(user=reviewer)
        timings.append(time.perf_counter() - started)
    assert page, "the queue is empty"
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    assert Organization.objects.count() >= 3
    return {
        "bulk_events": bulk_events,
        "bulk_seconds": bulk_seconds,
        "bulk_cases": bulk_cases,
        "file_mb": file_mb,
        "rss_before": rss_before,
        "rss_after": rss_after,
        "rss_worker": rss_worker,
        "with_events": with_events,
        "with_seconds": with_seconds,
        "service_events": service_events,
        "service_seconds": service_seconds,
        "queue_cases": present,
        "queue_open": open_count,
        "p95": p95,
        "median": timings[len(timings) // 2],
    }


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "XIAONENG_VAR_DIR": tmp,
            "DJANGO_SETTINGS_MODULE": "xiaoneng.config.settings.test",
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        }
        env.pop("XIAONENG_SETTINGS", None)
        out = subprocess.run(
            [sys.executable, __file__, "--child"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-3000:])
        r = json.loads(out.stdout.strip().splitlines()[-1])
    return [
        {
            "name": "cases import bulk (events)",
            "ops": r["bulk_events"],
            "seconds": r["bulk_seconds"],
            "min_ops_per_s": 20_000,
            "note": f"{r['bulk_cases']:,} synthetic cases from a {r['file_mb']:,.0f} MB file "
            f"into SQLite; peak RSS {r['rss_before']:,.0f} MB before, "
            f"{r['rss_after']:,.0f} MB after (replay process {r['rss_worker']:,.0f} MB)",
        },
        {
            "name": "cases import bulk + receivers (events)",
            "ops": r["with_events"],
            "seconds": r["with_seconds"],
            "baseline": "cases import bulk (events)",
            "min_ratio": 0.8,
            "note": f"the same {IMPORT_CASES:,} cases (other numbers), with supervision's batch "
            "receiver connected (set-based watches and breaches per batch)",
        },
        {
            "name": "cases import services (events)",
            "ops": r["service_events"],
            "seconds": r["service_seconds"],
            "baseline": "cases import bulk (events)",
            "note": f"{SERVICE_CASES:,} cases, one event at a time with signal receivers",
        },
        {
            "name": "cases reviewer queue p95",
            "ops": 1,
            "seconds": r["p95"],
            "min_ops_per_s": 10,
            "note": f"{r['queue_cases']:,} cases present, {r['queue_open']:,} open in the "
            f"reviewer's agency; {QUEUE_RUNS} runs, median {r['median'] * 1000:.1f} ms",
        },
    ]


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(_child()))
    else:
        for row in run():
            print(row)
