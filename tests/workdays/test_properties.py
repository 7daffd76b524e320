"""Properties of add/count that hold for every calendar (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.workdays import WorkdayCalendar

CALENDAR = WorkdayCalendar()
days = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))
steps = st.integers(min_value=-200, max_value=200)


@given(start=days, n=st.integers(min_value=1, max_value=200))
def test_add_lands_on_a_workday_and_counts_back(start: date, n: int) -> None:
    due = CALENDAR.add_workdays(start, n)
    assert due > start
    assert CALENDAR.is_workday(due)
    assert CALENDAR.count_workdays(start, due) == n
    assert (
        CALENDAR.count_workdays(start, CALENDAR.add_workdays(start, n - 1) if n > 1 else start)
        == n - 1
    )


@given(start=days, n=st.integers(min_value=1, max_value=200))
def test_negative_add_is_the_nth_workday_before(start: date, n: int) -> None:
    earlier = CALENDAR.add_workdays(start, -n)
    assert earlier < start
    assert CALENDAR.is_workday(earlier)
    # earlier is counted in (earlier - 1, start) so (earlier, start) holds n - 1 workdays
    # strictly before start.
    assert CALENDAR.count_workdays(earlier, start) - CALENDAR.is_workday(start) == n - 1


@given(a=days, b=days, c=days)
def test_count_is_additive(a: date, b: date, c: date) -> None:
    a, b, c = sorted((a, b, c))
    assert CALENDAR.count_workdays(a, b) + CALENDAR.count_workdays(b, c) == CALENDAR.count_workdays(
        a, c
    )


@settings(max_examples=50)
@given(
    starts=st.lists(days, min_size=1, max_size=50),
    ends=st.lists(days, min_size=1, max_size=50),
    n=steps,
)
def test_array_versions_equal_scalar(starts: list[date], ends: list[date], n: int) -> None:
    size = min(len(starts), len(ends))
    starts, ends = starts[:size], ends[:size]
    s = np.array(starts, dtype="datetime64[D]")
    e = np.array(ends, dtype="datetime64[D]")
    assert CALENDAR.add_workdays_array(s, n).tolist() == [
        CALENDAR.add_workdays(x, n) for x in starts
    ]
    counts = CALENDAR.count_workdays_array(s, e).tolist()
    assert counts == [CALENDAR.count_workdays(x, y) for x, y in zip(starts, ends, strict=True)]
    per_row = np.arange(size) - size // 2
    assert CALENDAR.add_workdays_array(s, per_row).tolist() == [
        CALENDAR.add_workdays(x, int(k)) for x, k in zip(starts, per_row, strict=True)
    ]
    provisional = CALENDAR.provisional_array(s, e).tolist()
    assert provisional == [
        CALENDAR.count_workdays_checked(min(x, y), max(x, y)).is_provisional
        for x, y in zip(starts, ends, strict=True)
    ]


pause_lists = st.lists(
    st.tuples(st.integers(min_value=-10, max_value=120), st.integers(min_value=0, max_value=40)),
    max_size=4,
)


@settings(max_examples=200)
@given(
    start=st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 6, 30)),
    n=st.integers(min_value=0, max_value=60),
    raw_pauses=pause_lists,
)
def test_clock_reaches_the_limit_exactly_on_the_paused_deadline(
    start: date, n: int, raw_pauses: list[tuple[int, int]]
) -> None:
    pauses = [
        (start + timedelta(days=offset), start + timedelta(days=offset + length))
        for offset, length in raw_pauses
    ]
    due = CALENDAR.deadline_with_pauses(start, n, pauses)
    assert CALENDAR.elapsed_workdays(start, due, pauses) == n
    if n:
        # The day before the deadline the clock had not reached the limit yet.
        assert CALENDAR.elapsed_workdays(start, due - timedelta(days=1), pauses) < n
    assert due >= CALENDAR.add_workdays(start, n)
