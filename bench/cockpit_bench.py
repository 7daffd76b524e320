"""The leaders' cockpit over 1,000,000 cases on SQLite (issue: cockpit answers in ≤ 1 s).

A child process builds a fresh SQLite file exactly as a city would have it — `migrate`, then the
demo city (`xiaoneng demo`: its units, staff, complaints, ratings, tasks, community records) —
and adds N synthetic cases to the supervision read model (CaseWatch, WatchPause) spread over
the demo city's agencies: accepted evenly from 2024-01-01 to AS_OF, 3 % still open, the others
decided (a few withdrawn) 0–40 days after acceptance, 2 % with a special procedure.

The sweep records every finished day's figures once (supervision/daily.py); the child records
the days before AS_OF the cockpit reads (a year and a month), as the sweep would have, and
AS_OF plays today (its figures computed from the watches).

Timed, as the demo leader (领导, read-only, the whole city) as of AS_OF, period = month:
- "cockpit": `cockpit_headlines` — every headline with 同比, 环比, 12-period trend, rankings;
- "cockpit page": GET /workbench/cockpit/ through Django's test client (selector + template);
- the baseline: the same figures computed one context selector call per figure and period
  (`cockpit_headlines_per_figure`, how the cockpit first computed them), run once; the two
  must give identical headlines.
Best of 3 after one warm-up call (a running server has SQLite's page cache warm).
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

SIZE = int(os.environ.get("COCKPIT_BENCH_CASES", "1000000"))
AS_OF = "2026-11-20"
FIRST = "2024-01-01"
CHUNK = 100_000
ROOT = Path(__file__).resolve().parent.parent
CASE_ID_OFFSET = 10_000_000  # synthetic watches' case ids, clear of the demo's cases


# --------------------------------------------------------------------------- child side
def _generate(n: int) -> None:
    """Add n synthetic watches (and their pauses) over the demo city's agencies."""
    import numpy as np
    from django.db import connection, transaction

    from xiaoneng.supervision.models import CaseWatch, WatchPause

    agencies = list(
        CaseWatch.objects.values_list("agency_id", "agency_path").distinct().order_by("agency_id")
    )
    assert agencies, "the demo city has no watched cases"
    columns = [f.column for f in CaseWatch._meta.concrete_fields]
    insert = (
        f"INSERT INTO {CaseWatch._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    pause_columns = [f.column for f in WatchPause._meta.concrete_fields if f.column != "id"]
    insert_pause = (
        f"INSERT INTO {WatchPause._meta.db_table} ({', '.join(pause_columns)}) "  # noqa: S608
        f"VALUES ({', '.join('?' * len(pause_columns))})"
    )
    rng = np.random.default_rng(42)  # 行政许可法 Art. 42
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys=OFF")  # the synthetic watches have no Case rows
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")
    with transaction.atomic(), connection.cursor() as cursor:
        for low in range(0, n, CHUNK):
            rows, pauses = _chunk(rng, low, min(n, low + CHUNK), columns, pause_columns, agencies)
            cursor.executemany(insert, rows)
            cursor.executemany(insert_pause, pauses)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA cache_size=-2000")
        cursor.execute("PRAGMA foreign_keys=ON")


def _chunk(  # noqa: PLR0913
    rng: Any,
    low: int,
    high: int,
    columns: list[str],
    pause_columns: list[str],
    agencies: list[tuple[int, str]],
) -> tuple[Any, list[tuple[Any, ...]]]:
    import numpy as np

    from xiaoneng.workdays import FIRST_DAY, get_calendar

    calendar = get_calendar()
    n = high - low
    first_day, as_of = np.datetime64(FIRST), np.datetime64(AS_OF)
    days = int((as_of - first_day).astype(int))
    accepted = first_day + rng.integers(0, days + 1, n).astype("timedelta64[D]")
    committed = rng.choice([0, 5, 10, 15, 20], n, p=[0.1, 0.3, 0.3, 0.1, 0.2])
    legal = np.maximum(committed, rng.choice([20, 30, 45], n))
    is_open = rng.random(n) < 0.03
    withdrawn = rng.random(n) < 0.02
    finished = accepted + rng.integers(0, 41, n).astype("timedelta64[D]")
    origin = np.full(n, np.datetime64(FIRST_DAY.isoformat()), dtype="datetime64[D]")
    w_accepted = calendar.count_workdays_array(origin, accepted)
    w_finished = calendar.count_workdays_array(origin, finished)
    committed_due = calendar.add_workdays_array(accepted, committed)
    legal_due = calendar.add_workdays_array(accepted, legal)
    yellow = np.maximum(2, np.floor(0.2 * committed)).astype(int)
    has_pause = rng.random(n) < 0.02
    agency = rng.integers(0, len(agencies), n)
    due = np.where(
        committed > 0,
        2 * w_accepted + 2 * committed,
        2 * w_accepted + (~calendar.is_workday_array(accepted)).astype(int),
    )
    open_list = is_open.tolist()
    finished_s = finished.astype(str).tolist()
    stopped = [None if o else f for o, f in zip(open_list, finished_s, strict=True)]
    ids = range(CASE_ID_OFFSET + low + 1, CASE_ID_OFFSET + high + 1)
    used = np.maximum(0, w_finished - w_accepted).tolist()
    data: dict[str, list[Any]] = {
        "case_id": list(ids),
        "case_number": [f"SB{i:010d}" for i in ids],
        "agency_id": [agencies[a][0] for a in agency.tolist()],
        "agency_path": [agencies[a][1] for a in agency.tolist()],
        "item_id": rng.integers(1, 2001, n).tolist(),
        "item_name": ["合成事项"] * n,
        "handling_type": ["immediate" if c == 0 else "promised" for c in committed.tolist()],
        "is_joint": [False] * n,
        "assignee_id": [None] * n,
        "accepted_on": accepted.astype(str).tolist(),
        "watched_from": accepted.astype(str).tolist(),
        "finished_on": stopped,
        "decided_on": [
            None if s is None or w else s for s, w in zip(stopped, withdrawn.tolist(), strict=True)
        ],
        "open_until": ["9999-12-31" if s is None else s for s in stopped],
        "workdays_used": [None if o else u for o, u in zip(open_list, used, strict=True)],
        "start_position": (2 * w_accepted).tolist(),
        "committed_span": (2 * committed).tolist(),
        "legal_span": (2 * legal).tolist(),
        "yellow_span": (2 * yellow).tolist(),
        "due_position": due.tolist(),
        "yellow_position": (due - 2 * yellow).tolist(),
        "legal_position": (2 * w_accepted + 2 * legal).tolist(),
        "extended_on": [None] * n,
        "unextended_due_position": due.tolist(),
        "unextended_yellow_position": (due - 2 * yellow).tolist(),
        "unextended_legal_position": (2 * w_accepted + 2 * legal).tolist(),
        "has_pauses": has_pause.tolist(),
        "is_paused": [False] * n,
        "committed_due_on": committed_due.astype(str).tolist(),
        "legal_due_on": legal_due.astype(str).tolist(),
        "is_deadline_provisional": [False] * n,
        "yellow_alerted_at": [None] * n,
        "red_alerted_at": [None] * n,
        "refreshed_at": ["2026-11-20 00:00:00"] * n,
    }
    rows = zip(*(data[c] for c in columns), strict=True)
    paused = np.flatnonzero(has_pause)
    starts = accepted[paused] + rng.integers(1, 6, paused.size).astype("timedelta64[D]")
    ends = starts + rng.integers(1, 11, paused.size).astype("timedelta64[D]")
    w_starts = calendar.count_workdays_array(origin[: paused.size], starts)
    w_ends = calendar.count_workdays_array(origin[: paused.size], ends)
    values = {
        "started_on": starts.astype(str).tolist(),
        "ended_on": ends.astype(str).tolist(),
        "start_position": (2 * w_starts).tolist(),
        "end_position": (2 * w_ends).tolist(),
        "counts_for_committed": [
            bool(starts[k] < committed_due[paused[k]]) and bool(committed[paused[k]] > 0)
            for k in range(paused.size)
        ],
        "counts_for_legal": [bool(starts[k] < legal_due[paused[k]]) for k in range(paused.size)],
    }
    values["counts_for_committed_unextended"] = values["counts_for_committed"]
    values["counts_for_legal_unextended"] = values["counts_for_legal"]
    pauses = [
        (
            CASE_ID_OFFSET + low + int(paused[k]) + 1,
            *(values[c][k] for c in pause_columns if c != "watch_id"),
        )
        for k in range(paused.size)
    ]
    assert pause_columns[0] == "watch_id", pause_columns
    return rows, pauses


def _best(function: Any, repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def child(n: int) -> dict[str, Any]:
    import resource
    from datetime import date, timedelta

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from xiaoneng.cockpit.periods import Period, current_span, year_ago_span
    from xiaoneng.cockpit.selectors import cockpit_headlines, cockpit_headlines_per_figure
    from xiaoneng.core.models import User
    from xiaoneng.supervision.daily import (
        daily_figures_drop,
        daily_figures_record,
        recorded_days,
    )
    from xiaoneng.supervision.models import CaseWatch

    started = time.perf_counter()
    # COCKPIT_BENCH_REUSE=1 with XIAONENG_DATABASE_URL of a database this child built before
    # skips the build (for profiling; `make bench` always builds a fresh file)
    if not os.environ.get("COCKPIT_BENCH_REUSE"):
        call_command("migrate", verbosity=0)
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115, PTH123
        _generate(n)
        # The demo's sweep recorded its last month before the synthetic cases came in by raw
        # SQL (which bypasses the watch rebuild that drops what it changes): drop them here.
        daily_figures_drop(from_day=date.fromisoformat(FIRST))
    generated = time.perf_counter() - started
    watches = CaseWatch.objects.count()
    leader = User.objects.get(username="leader")
    as_of = date.fromisoformat(AS_OF)
    # The sweep records each finished day once (daily.py); here every day the cockpit reads
    # before AS_OF, which plays "today" (its own figures computed from the watches).
    first = year_ago_span(current_span(as_of, Period.MONTH)).start
    days = [first + timedelta(days=k) for k in range((as_of - first).days)]
    started = time.perf_counter()
    for day in days:
        if day not in recorded_days([day]):
            daily_figures_record(day=day)
    recording = time.perf_counter() - started

    def batched() -> Any:
        return cockpit_headlines(user=leader, as_of=as_of)

    batched()
    cockpit_s, cockpit = _best(batched)
    client = Client()
    client.force_login(leader)
    url = f"/workbench/cockpit/?as_of={AS_OF}&period=month"
    assert client.get(url).status_code == 200
    page_s, response = _best(lambda: client.get(url))
    assert response.status_code == 200
    baseline_s, reference = _best(
        lambda: cockpit_headlines_per_figure(user=leader, as_of=as_of), repeat=1
    )
    differ = [
        (
            a.code,
            a.value,
            b.value,
            [(p.value, q.value) for p, q in zip(a.trend, b.trend, strict=True) if p != q],
        )
        for a, b in zip(cockpit.headlines, reference.headlines, strict=True)
        if a != b
    ]
    assert not differ, f"batched and per-figure cockpits differ: {differ}"
    return {
        "n": n,
        "watches": watches,
        "headlines": len(cockpit.headlines),
        "generated_s": generated,
        "recorded_days": len(days),
        "recording_s": recording,
        "cockpit_s": cockpit_s,
        "page_s": page_s,
        "baseline_s": baseline_s,
        "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


# -------------------------------------------------------------------------- parent side
def _measure(n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="cockpit-bench-") as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "xiaoneng.config.settings.test",
            "XIAONENG_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
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
            raise RuntimeError(f"cockpit bench child failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def run() -> list[dict[str, Any]]:
    m = _measure(SIZE)
    size = f"{m['n'] // 1000:,}k"
    base = f"cockpit per-figure selector calls ({size})"
    note = (
        f"{m['watches']:,} watched cases (demo city + {m['n']:,} synthetic), "
        f"{m['headlines']} headlines × 14 periods; data built in {m['generated_s']:.0f} s, "
        f"{m['recorded_days']} finished days recorded in {m['recording_s']:.0f} s; "
        f"max RSS {m['max_rss_kb'] / 1024:.0f} MB"
    )
    return [
        {"name": base, "ops": 1, "seconds": m["baseline_s"], "note": "run once; " + note},
        {
            "name": f"cockpit headlines ({size})",
            "ops": 1,
            "seconds": m["cockpit_s"],
            "baseline": base,
            "min_ops_per_s": 1.0,
            "note": "best of 3; equals the per-figure result; " + note,
        },
        {
            "name": f"cockpit page GET ({size})",
            "ops": 1,
            "seconds": m["page_s"],
            "baseline": base,
            "min_ops_per_s": 1.0,
            "note": "/workbench/cockpit/ via the test client, best of 3",
        },
    ]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(int(sys.argv[2]))))  # noqa: T201
    else:
        for row in run():
            print(row)  # noqa: T201
