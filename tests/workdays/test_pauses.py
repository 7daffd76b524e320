"""Clock pauses for special procedures (行政许可法 Art. 45: their time is not counted)."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoneng.workdays import WorkdayCalendar

D = date.fromisoformat


@pytest.mark.parametrize(
    ("start", "n", "pauses", "expected", "why"),
    [
        ("2025-09-01", 20, [], "2025-09-28", "no pause: make-up Sunday"),
        ("2025-09-01", 20, [("2025-09-05", "2025-09-12")], "2025-10-11", "5 WD paused"),
        (
            "2025-09-01",
            20,
            [("2025-09-05", "2025-09-08"), ("2025-09-07", "2025-09-12")],
            "2025-10-11",
            "overlapping pauses are merged",
        ),
        (
            "2025-09-01",
            20,
            [("2025-08-20", "2025-09-02")],
            "2025-09-29",
            "pause clipped to start: removes 09-02 only",
        ),
        (
            "2025-09-01",
            5,
            [("2025-09-20", "2025-09-30")],
            "2025-09-08",
            "pause after the deadline does not move it",
        ),
        (
            "2025-09-01",
            5,
            [("2025-09-08", "2025-09-10")],
            "2025-09-08",
            "pause beginning on the deadline day: the clock ran that day",
        ),
        ("2025-09-01", 0, [("2025-09-02", "2025-09-05")], "2025-09-01", "n = 0"),
    ],
)
def test_deadline_with_pauses(
    library_calendar: WorkdayCalendar,
    start: str,
    n: int,
    pauses: list[tuple[str, str]],
    expected: str,
    why: str,
) -> None:
    parsed = [(D(a), D(b)) for a, b in pauses]
    assert library_calendar.deadline_with_pauses(D(start), n, parsed) == D(expected), why


def test_open_pause_runs_until_as_of(library_calendar: WorkdayCalendar) -> None:
    start = D("2025-09-01")
    pauses = [(D("2025-09-05"), None)]
    due = library_calendar.deadline_with_pauses(start, 20, pauses, as_of=D("2025-09-12"))
    assert due == D("2025-10-11")
    with pytest.raises(ValueError, match="open"):
        library_calendar.deadline_with_pauses(start, 20, pauses)


def test_elapsed_excludes_paused_days(library_calendar: WorkdayCalendar) -> None:
    start = D("2025-09-01")
    pauses = [(D("2025-09-05"), D("2025-09-12"))]
    assert library_calendar.elapsed_workdays(start, D("2025-09-12"), pauses) == 4
    assert library_calendar.elapsed_workdays(start, D("2025-09-19"), pauses) == 9
    assert library_calendar.elapsed_workdays(start, D("2025-09-10"), [(D("2025-09-05"), None)]) == 4
    # Elapsed equals the limit exactly on the deadline.
    due = library_calendar.deadline_with_pauses(start, 20, pauses)
    assert library_calendar.elapsed_workdays(start, due, pauses) == 20


def test_pause_ending_before_it_begins_is_refused(library_calendar: WorkdayCalendar) -> None:
    with pytest.raises(ValueError, match="ends before"):
        library_calendar.elapsed_workdays(
            D("2025-09-01"), D("2025-09-30"), [(D("2025-09-10"), D("2025-09-05"))]
        )


def test_checked_deadline_reports_unknown_years(library_calendar: WorkdayCalendar) -> None:
    result = library_calendar.deadline_with_pauses_checked(
        D("2026-12-01"), 15, [(D("2026-12-03"), D("2026-12-20"))]
    )
    assert result.is_provisional is True
    assert result.unknown_years == (2027,)
