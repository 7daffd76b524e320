"""The calendar agrees with the ``holidays`` library wherever the library is authoritative.

``holidays.China.get_nth_working_day(d, n)`` for n ≥ 1 steps one day and rolls forward to a
working day n times: the n-th working day strictly after d, our ``add_workdays``.
``get_working_days_count(a, b)`` counts the closed interval [a, b], so our (start, end]
count equals ``get_working_days_count(start + 1 day, end)`` when end > start.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import numpy as np
import pytest
from holidays.countries.china import China

from xiaoneng.workdays import WorkdayCalendar

FIRST = date(2004, 1, 1)
LAST = date(2026, 12, 31)  # the last year the installed library carries a notice for
QUERIES = 100_000


class MemoChina(China):
    """``holidays.China`` with ``is_working_day`` memoised per date.

    ``get_nth_working_day`` and ``get_working_days_count`` are the library's own algorithms;
    only the per-day answer they loop over is cached, which keeps 200,000 queries to seconds.
    """

    _memo: dict[date, bool]

    def is_working_day(self, key: date) -> bool:  # type: ignore[override]
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            memo[key] = bool(super().is_working_day(key))
        return memo[key]


@pytest.fixture(scope="module")
def china() -> holidays.HolidayBase:
    return MemoChina(years=range(FIRST.year, LAST.year + 2))


def test_last_library_year_is_the_one_tested(library_calendar: WorkdayCalendar) -> None:
    assert max(library_calendar.library_years) == LAST.year


def test_is_workday_equals_holidays_every_day(library_calendar: WorkdayCalendar) -> None:
    china = holidays.China(years=range(FIRST.year, LAST.year + 2))  # not memoised
    day = FIRST
    mismatches = []
    while day <= LAST:
        if library_calendar.is_workday(day) != china.is_working_day(day):
            mismatches.append(day)
        day += timedelta(days=1)
    assert mismatches == []


def _random_days(rng: np.random.Generator, size: int, last: date) -> list[date]:
    span = (last - FIRST).days
    return [FIRST + timedelta(days=int(x)) for x in rng.integers(0, span + 1, size)]


def test_add_workdays_agrees_with_get_nth_working_day(
    library_calendar: WorkdayCalendar, china: holidays.HolidayBase
) -> None:
    rng = np.random.default_rng(20251001)
    starts = _random_days(rng, QUERIES, LAST - timedelta(days=40))
    steps = rng.integers(1, 21, QUERIES)
    for start, n in zip(starts, steps.tolist(), strict=True):
        assert library_calendar.add_workdays(start, n) == china.get_nth_working_day(start, n)


def test_count_workdays_agrees_with_get_working_days_count(
    library_calendar: WorkdayCalendar, china: holidays.HolidayBase
) -> None:
    rng = np.random.default_rng(20200131)
    starts = _random_days(rng, QUERIES, LAST - timedelta(days=31))
    lengths = rng.integers(0, 31, QUERIES)
    for start, length in zip(starts, lengths.tolist(), strict=True):
        end = start + timedelta(days=length)
        expected = china.get_working_days_count(start + timedelta(days=1), end) if length else 0
        assert library_calendar.count_workdays(start, end) == expected


def test_long_counts_agree_with_the_library_cumulative_sum(
    library_calendar: WorkdayCalendar, china: holidays.HolidayBase
) -> None:
    # 100,000 pairs up to 180 days apart against a running sum of the library's own
    # is_working_day (calling get_working_days_count 100,000 times would take ~15 s).
    days = [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]
    through = np.cumsum([china.is_working_day(d) for d in days])
    rng = np.random.default_rng(7)
    start_idx = rng.integers(0, len(days) - 181, QUERIES)
    end_idx = start_idx + rng.integers(0, 181, QUERIES)
    starts = np.array(days, dtype="datetime64[D]")[start_idx]
    ends = np.array(days, dtype="datetime64[D]")[end_idx]
    expected = through[end_idx] - through[start_idx]
    assert np.array_equal(library_calendar.count_workdays_array(starts, ends), expected)
    sample = rng.integers(0, QUERIES, 500)
    for k in sample.tolist():
        a, b = days[start_idx[k]], days[end_idx[k]]
        assert library_calendar.count_workdays(a, b) == (
            china.get_working_days_count(a + timedelta(days=1), b) if b > a else 0
        )
