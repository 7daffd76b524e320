"""Supervision lights over 100,000 and 1,000,000 synthetic cases (half open) on SQLite.

Each size runs in a child process on its own temporary SQLite file (so the timings and the
memory peak are not mixed with other benchmarks): the CaseWatch and WatchPause tables are
created from the models, filled with `executemany`, analysed, then timed:

- "summary": `lights.light_summary` — counts of open cases by light as of one day, one query;
- "red list" / "yellow list": `lights.cases_with_light` — first page (50) plus the total count,
  as the API's paginator asks for them;
- the naive baseline: for each open case, load its watch and its pauses (one query each) and
  compute the light in Python with the working-day calendar (`deadline_with_pauses`,
  `count_workdays`).  It runs on a sample of SAMPLE open cases and is extrapolated to all
  open cases (the note says so); on that sample it must agree with the SQL lights.

Memory: tracemalloc peak while running the summary and both lists (Python allocations), and
the process's maximum resident set size.  Goal: each set-based query ≤ 2 s at 1M.
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

SIZES = (100_000, 1_000_000)
SAMPLE = 2_000
AS_OF = "2026-11-20"
ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- child side
CHUNK = 100_000


def _generate(n: int) -> int:
    """Fill the tables with n cases in chunks; returns the number open as of AS_OF."""
    from django.db import connection, transaction

    from xiaoneng.supervision.models import CaseWatch, WatchPause

    with connection.schema_editor() as editor:
        editor.create_model(CaseWatch)
        editor.create_model(WatchPause)
    columns = [f.column for f in CaseWatch._meta.concrete_fields]
    insert = (
        f"INSERT INTO {CaseWatch._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    insert_pause = (
        f"INSERT INTO {WatchPause._meta.db_table} "  # noqa: S608  (model's own table)
        "(watch_id, started_on, ended_on, start_position, end_position, "
        "counts_for_committed, counts_for_legal) VALUES (?,?,?,?,?,?,?)"
    )
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA journal_mode=OFF")
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MB while loading
        # Load first, index afterwards: one sorted build per index beats 1M random inserts.
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name = %s",
            [CaseWatch._meta.db_table],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    import numpy as np

    rng = np.random.default_rng(45)  # 行政许可法 Art. 45
    open_count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for low in range(0, n, CHUNK):
            rows, pauses, opened = _chunk(rng, low, min(n, low + CHUNK), columns)
            cursor.executemany(insert, rows)
            cursor.executemany(insert_pause, pauses)
            open_count += opened
        for _name, sql in indexes:
            cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA cache_size=-2000")  # back to SQLite's default for the timings
    return open_count


def _chunk(rng: Any, low: int, high: int, columns: list[str]) -> tuple[Any, list, int]:
    """Rows of cases low+1 … high and their pauses; committed limits 0 (immediate) to 20,
    legal 20–45, accepted in the 90 days before AS_OF, half of them still open, 2 % paused
    (half of those still paused)."""
    import numpy as np

    from xiaoneng.workdays import FIRST_DAY, get_calendar

    calendar = get_calendar()
    n = high - low
    as_of = np.datetime64(AS_OF)
    accepted = as_of - rng.integers(0, 90, n).astype("timedelta64[D]")
    committed = rng.choice([0, 5, 10, 15, 20], n, p=[0.1, 0.3, 0.3, 0.1, 0.2])
    legal = np.maximum(committed, rng.choice([20, 30, 45], n))
    is_open = rng.random(n) < 0.5
    finished = np.minimum(accepted + rng.integers(0, 40, n).astype("timedelta64[D]"), as_of)
    first = np.full(n, np.datetime64(FIRST_DAY.isoformat()), dtype="datetime64[D]")
    w_accepted = calendar.count_workdays_array(first, accepted)
    committed_due = calendar.add_workdays_array(accepted, committed)
    legal_due = calendar.add_workdays_array(accepted, legal)
    yellow = np.maximum(2, np.floor(0.2 * committed)).astype(int)
    has_pause = rng.random(n) < 0.02
    agency = rng.integers(1, 61, n)
    item = rng.integers(1, 2001, n)
    due = np.where(
        committed > 0,
        2 * w_accepted + 2 * committed,
        2 * w_accepted + (~calendar.is_workday_array(accepted)).astype(int),
    )
    open_list = is_open.tolist()
    finished_s = finished.astype(str).tolist()
    ids = range(low + 1, high + 1)
    data: dict[str, list[Any]] = {
        "case_id": list(ids),
        "case_number": [f"SP{i:010d}" for i in ids],
        "agency_id": agency.tolist(),
        "agency_path": [f"/1/{a}/" for a in agency.tolist()],
        "item_id": item.tolist(),
        "item_name": [f"事项{i}" for i in item.tolist()],
        "handling_type": ["immediate" if c == 0 else "promised" for c in committed.tolist()],
        "is_joint": [False] * n,
        "assignee_id": [None] * n,
        "accepted_on": accepted.astype(str).tolist(),
        "watched_from": accepted.astype(str).tolist(),
        "finished_on": [None if o else f for o, f in zip(open_list, finished_s, strict=True)],
        "decided_on": [None if o else f for o, f in zip(open_list, finished_s, strict=True)],
        "open_until": [
            "9999-12-31" if o else f for o, f in zip(open_list, finished_s, strict=True)
        ],
        "workdays_used": [None] * n,
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
    open_pause = rng.random(paused.size) < 0.5
    w_starts = calendar.count_workdays_array(first[: paused.size], starts)
    w_ends = calendar.count_workdays_array(first[: paused.size], ends)
    pauses = [
        (
            low + int(paused[k]) + 1,
            str(starts[k]),
            None if open_pause[k] else str(ends[k]),
            int(2 * w_starts[k]),
            None if open_pause[k] else int(2 * w_ends[k]),
            bool(starts[k] < committed_due[paused[k]]) and bool(committed[paused[k]] > 0),
            bool(starts[k] < legal_due[paused[k]]),
        )
        for k in range(paused.size)
    ]
    opened = int(((accepted <= as_of) & (is_open | (finished > as_of))).sum())
    return rows, pauses, opened


def _naive_light(watch: Any, as_of: Any) -> tuple[str, bool]:
    """The per-case loop: one query for the pauses, the calendar in Python."""
    from xiaoneng.supervision.models import WatchPause
    from xiaoneng.workdays import count_workdays, deadline_with_pauses

    pauses = [
        # as of `as_of`, a pause ending later is still open: the deadline moves up to as_of
        (started_on, ended_on if ended_on is not None and ended_on <= as_of else None)
        for started_on, ended_on in WatchPause.objects.filter(
            watch_id=watch.pk, started_on__lt=as_of
        ).values_list("started_on", "ended_on")
    ]
    committed = watch.committed_span // 2
    legal = watch.legal_span // 2
    if committed == 0:
        light = "red" if as_of > watch.accepted_on else "yellow"
    else:
        due = deadline_with_pauses(watch.accepted_on, committed, pauses, as_of=as_of)
        if as_of > due:
            light = "red"
        elif count_workdays(as_of, due) <= watch.yellow_span // 2:
            light = "yellow"
        else:
            light = "green"
    if legal == 0:
        legal_overdue = as_of > watch.accepted_on
    else:
        legal_due = deadline_with_pauses(watch.accepted_on, legal, pauses, as_of=as_of)
        legal_overdue = as_of > legal_due
    return light, legal_overdue


def _best(function: Any, repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def child(n: int) -> dict[str, Any]:
    import resource
    import tracemalloc
    from datetime import date

    import django

    django.setup()
    from xiaoneng.supervision.lights import (
        case_light_page,
        light_summary,
        open_at,
        scoped_watches,
        with_lights,
    )
    from xiaoneng.supervision.models import CaseWatch

    started = time.perf_counter()
    open_count = _generate(n)
    generated = time.perf_counter() - started
    as_of = date.fromisoformat(AS_OF)

    def summary() -> Any:
        return light_summary(user=None, as_of=as_of)

    def first_page(light: str) -> Any:
        return case_light_page(user=None, light=light, as_of=as_of, offset=0, limit=50)

    summary()  # warm the page cache once, as a running server would be
    summary_s, result = _best(summary)
    red_s, (red_count, _page) = _best(lambda: first_page("red"))
    yellow_s, (yellow_count, _page) = _best(lambda: first_page("yellow"))
    assert result.open == open_count, (result.open, open_count)
    assert result.red == red_count and result.yellow == yellow_count

    tracemalloc.start()
    summary()
    first_page("red")
    first_page("yellow")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    open_ids = open_at(scoped_watches(user=None), as_of).values_list("pk", flat=True)
    step = max(1, open_count // SAMPLE)
    sample_ids = list(open_ids.order_by("pk")[: step * SAMPLE : step])
    paused_ids = list(open_ids.filter(has_pauses=True).order_by("pk")[:200])
    sample_ids = sorted(set(sample_ids) | set(paused_ids))
    expected = {
        pk: (light, legal)
        for pk, light, legal in with_lights(
            CaseWatch.objects.filter(pk__in=sample_ids), as_of
        ).values_list("pk", "light", "is_legal_overdue")
    }

    def naive() -> dict[int, tuple[str, bool]]:
        return {pk: _naive_light(CaseWatch.objects.get(pk=pk), as_of) for pk in sample_ids}

    naive_s, naive_lights = _best(naive, repeat=1)
    disagree = [pk for pk in sample_ids if naive_lights[pk] != expected[pk]]
    assert not disagree, f"naive and SQL lights differ on {len(disagree)} cases: {disagree[:5]}"
    return {
        "n": n,
        "open": open_count,
        "generated_s": generated,
        "summary_s": summary_s,
        "red_s": red_s,
        "yellow_s": yellow_s,
        "red": red_count,
        "yellow": yellow_count,
        "naive_sample_s": naive_s,
        "naive_s": naive_s * open_count / len(sample_ids),
        "sample": len(sample_ids),
        "tracemalloc_peak": peak,
        "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


# -------------------------------------------------------------------------- parent side
def _measure(n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="supervision-bench-") as folder:
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
            raise RuntimeError(f"supervision bench child failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n in SIZES:
        m = _measure(n)
        size = f"{n // 1000:,}k"
        memory = (
            f"tracemalloc peak {m['tracemalloc_peak'] / 1e6:.2f} MB, "
            f"max RSS {m['max_rss_kb'] / 1024:.0f} MB"
        )
        naive = f"lights naive per-case loop ({size})"
        rows.append(
            {
                "name": naive,
                "ops": m["open"],
                "seconds": m["naive_s"],
                "note": f"{m['sample']:,} open cases timed ({m['naive_sample_s']:.2f} s), "
                f"extrapolated to {m['open']:,}; agrees with SQL on the sample",
            }
        )
        for key, label, extra in (
            ("summary_s", "summary", memory),
            ("red_s", "red list page+count", f"{m['red']:,} red"),
            ("yellow_s", "yellow list page+count", f"{m['yellow']:,} yellow"),
        ):
            rows.append(
                {
                    "name": f"lights {label} SQL ({size})",
                    "ops": m["open"],
                    "seconds": m[key],
                    "baseline": naive,
                    "min_ops_per_s": m["open"] / 2.0 if n == 1_000_000 else None,
                    "note": f"{m['open']:,} open of {n:,}; {extra}; data generated in "
                    f"{m['generated_s']:.0f} s",
                }
            )
    return rows


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(int(sys.argv[2]))))  # noqa: T201
    else:
        for row in run():
            print(row)  # noqa: T201
