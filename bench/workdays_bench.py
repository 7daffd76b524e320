"""Working-day calendar against ``holidays`` and ``chinese_calendar`` on the same inputs.

Inputs: 100,000 start dates drawn uniformly from 2015-01-01 … 2025-12-31 for "add 20
working days", and 100,000 (start, end) pairs at most 180 days apart for "count".  Both
baselines walk day by day, so they run on the first SUBSAMPLE inputs and their time is
extrapolated to 100,000 (the note column says so).  Before timing, the results on the
subsample are checked to agree with ``holidays`` (semantics adapted: holidays counts the
closed interval [a, b], we count (a, b]).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import chinese_calendar
import holidays
import numpy as np

import xiaoneng.workdays as workdays

QUERIES = 100_000
SUBSAMPLE = 5_000
SLOW_SUBSAMPLE = 1_000  # chinese_calendar takes ~1 ms a query
ARRAY_QUERIES = 10_000_000
STEPS = 20
SEED = 82  # 行政许可法 Art. 82


def _inputs() -> tuple[list[date], list[date]]:
    rng = np.random.default_rng(SEED)
    first = date(2015, 1, 1)
    span = (date(2025, 12, 31) - first).days
    offsets = rng.integers(0, span + 1, QUERIES)
    gaps = rng.integers(0, 181, QUERIES)
    starts = [first + timedelta(days=int(o)) for o in offsets]
    ends = [s + timedelta(days=int(g)) for s, g in zip(starts, gaps, strict=True)]
    return starts, ends


def _time(function: Callable[[], Any], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def _extrapolated(seconds: float, sample: int = SUBSAMPLE) -> float:
    return seconds * QUERIES / sample


def run() -> list[dict[str, Any]]:
    starts, ends = _inputs()
    sub_starts, sub_ends = starts[:SUBSAMPLE], ends[:SUBSAMPLE]
    china = holidays.China(years=range(2014, 2028))
    calendar = workdays.get_calendar()  # built before timing
    day = timedelta(days=1)

    ours_add = [workdays.add_workdays(s, STEPS) for s in sub_starts]
    assert ours_add == [china.get_nth_working_day(s, STEPS) for s in sub_starts]
    ours_count = [workdays.count_workdays(s, e) for s, e in zip(sub_starts, sub_ends, strict=True)]
    assert ours_count == [
        china.get_working_days_count(s + day, e) if e > s else 0
        for s, e in zip(sub_starts, sub_ends, strict=True)
    ]

    add = workdays.add_workdays
    count = workdays.count_workdays
    nth = china.get_nth_working_day
    days_count = china.get_working_days_count
    note_sub = f"{SUBSAMPLE:,} queries, extrapolated"
    rows: list[dict[str, Any]] = []

    def row(name: str, seconds: float, **extra: Any) -> None:
        rows.append({"name": name, "ops": QUERIES, "seconds": seconds, **extra})

    # --- add 20 working days -------------------------------------------------------
    row(
        "add20 holidays.get_nth_working_day",
        _extrapolated(_time(lambda: [nth(s, STEPS) for s in sub_starts])),
        note=note_sub,
    )
    row(
        "add20 chinese_calendar.find_workday",
        _extrapolated(
            _time(
                lambda: [
                    chinese_calendar.find_workday(STEPS, s) for s in sub_starts[:SLOW_SUBSAMPLE]
                ]
            ),
            SLOW_SUBSAMPLE,
        ),
        baseline="add20 holidays.get_nth_working_day",
        note=f"{SLOW_SUBSAMPLE:,} queries, extrapolated; rolls non-working starts forward",
    )
    row(
        "add20 xiaoneng.add_workdays",
        _time(lambda: [add(s, STEPS) for s in starts], repeat=3),
        baseline="add20 holidays.get_nth_working_day",
        min_ratio=100,
        note="module-level function, default calendar",
    )
    row(
        "add20 WorkdayCalendar.add_workdays",
        _time(lambda: [calendar.add_workdays(s, STEPS) for s in starts], repeat=3),
        baseline="add20 holidays.get_nth_working_day",
        min_ratio=100,
    )
    start_array = np.array(starts, dtype="datetime64[D]")
    row(
        "add20 add_workdays_array (100k)",
        _time(lambda: workdays.add_workdays_array(start_array, STEPS), repeat=5),
        baseline="add20 holidays.get_nth_working_day",
    )
    big_starts = np.resize(start_array, ARRAY_QUERIES)
    rows.append(
        {
            "name": "add20 add_workdays_array (10M)",
            "ops": ARRAY_QUERIES,
            "seconds": _time(lambda: workdays.add_workdays_array(big_starts, STEPS), repeat=3),
            "baseline": "add20 holidays.get_nth_working_day",
            "min_ops_per_s": 10_000_000,
            "note": "inputs tiled from the 100k",
        }
    )

    # --- count working days in (start, end] ------------------------------------------
    row(
        "count holidays.get_working_days_count",
        _extrapolated(
            _time(
                lambda: [days_count(s + day, e) for s, e in zip(sub_starts, sub_ends, strict=True)]
            )
        ),
        note=note_sub + "; closed interval, start+1 passed",
    )
    row(
        "count chinese_calendar.get_workdays",
        _extrapolated(
            _time(
                lambda: [
                    len(chinese_calendar.get_workdays(s + day, e))
                    for s, e in zip(
                        sub_starts[:SLOW_SUBSAMPLE], sub_ends[:SLOW_SUBSAMPLE], strict=True
                    )
                    if e > s
                ]
            ),
            SLOW_SUBSAMPLE,
        ),
        baseline="count holidays.get_working_days_count",
        note=f"{SLOW_SUBSAMPLE:,} queries, extrapolated",
    )
    row(
        "count xiaoneng.count_workdays",
        _time(lambda: [count(s, e) for s, e in zip(starts, ends, strict=True)], repeat=3),
        baseline="count holidays.get_working_days_count",
        min_ratio=100,
        note="module-level function, default calendar",
    )
    end_array = np.array(ends, dtype="datetime64[D]")
    row(
        "count count_workdays_array (100k)",
        _time(lambda: workdays.count_workdays_array(start_array, end_array), repeat=5),
        baseline="count holidays.get_working_days_count",
    )
    big_ends = np.resize(end_array, ARRAY_QUERIES)
    rows.append(
        {
            "name": "count count_workdays_array (10M)",
            "ops": ARRAY_QUERIES,
            "seconds": _time(lambda: workdays.count_workdays_array(big_starts, big_ends), repeat=3),
            "baseline": "count holidays.get_working_days_count",
            "min_ops_per_s": 10_000_000,
            "note": "inputs tiled from the 100k",
        }
    )
    return rows
