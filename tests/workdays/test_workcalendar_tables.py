"""Table tests for the working-day rule.

Rule (行政许可法 Art. 82): time limits are counted in working days excluding statutory
holidays; the day of acceptance is not counted, so N working days end on the N-th working
day after it.  Holidays and make-up working days come from the State Council's yearly notice.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from xiaoneng.workdays import CalendarRangeError, WorkdayCalendar

D = date.fromisoformat

ADD_TABLE = [
    # (start, n, expected, why)
    ("2025-09-30", 5, "2025-10-14", "National Day 2025: Oct 1–8 off, Oct 11 (Sat) worked"),
    ("2025-09-28", 5, "2025-10-11", "accepted on make-up Sunday, due on make-up Saturday"),
    ("2025-09-27", 1, "2025-09-28", "Saturday start: next working day is the make-up Sunday"),
    ("2025-10-01", 1, "2025-10-09", "accepted on a holiday: first working day after it"),
    ("2025-10-03", 0, "2025-10-03", "n = 0 returns the start, even on a holiday"),
    ("2025-01-24", 2, "2025-01-27", "Spring Festival 2025: Jan 26 (Sun) is a make-up day"),
    ("2025-01-27", 1, "2025-02-05", "Spring Festival 2025: Jan 28–Feb 4 off"),
    ("2025-02-07", 1, "2025-02-08", "Spring Festival 2025: Feb 8 (Sat) is a make-up day"),
    ("2024-02-08", 1, "2024-02-09", "2024: New Year's Eve Feb 9 stays a working day"),
    ("2024-02-09", 1, "2024-02-18", "2024: Feb 10–17 off, Feb 18 (Sun) worked"),
    ("2026-02-14", 5, "2026-02-28", "Spring Festival 2026: Feb 15–23 off, both Sats worked"),
    ("2020-01-23", 1, "2020-02-03", "2020 extension (国办发明电〔2020〕1号): off to Feb 2"),
    ("2020-01-18", 1, "2020-01-19", "2020: Jan 19 (Sun) stayed a make-up day"),
    ("2023-12-29", 1, "2024-01-02", "New Year's Day 2024 on Monday"),
    ("2025-12-31", 1, "2026-01-04", "New Year 2026: Jan 1–3 off, Jan 4 (Sun) worked"),
    ("2025-09-30", 20, "2025-11-04", "Art. 42: 20 working days across National Day"),
    ("2025-10-14", -5, "2025-09-30", "negative n: 5th working day before"),
    ("2025-10-09", -1, "2025-09-30", "one working day before the first day after the break"),
]


@pytest.mark.parametrize(("start", "n", "expected", "why"), ADD_TABLE)
def test_add_workdays_table(
    library_calendar: WorkdayCalendar, start: str, n: int, expected: str, why: str
) -> None:
    assert library_calendar.add_workdays(D(start), n) == D(expected), why


COUNT_TABLE = [
    ("2025-09-30", "2025-10-14", 5, "(start, end] across National Day"),
    ("2025-09-28", "2025-10-11", 5, "make-up Sunday to make-up Saturday"),
    ("2025-10-01", "2025-10-08", 0, "inside the holiday"),
    ("2025-10-14", "2025-09-30", 0, "end before start"),
    ("2025-10-14", "2025-10-14", 0, "same day"),
    ("2020-01-23", "2020-02-03", 1, "2020 extended Spring Festival"),
    ("2024-12-31", "2025-12-31", 248, "2025: 261 weekdays - 18 off + 5 make-up"),
    ("2025-12-31", "2026-12-31", 248, "2026: 261 weekdays - 19 off + 6 make-up"),
]


@pytest.mark.parametrize(("start", "end", "expected", "why"), COUNT_TABLE)
def test_count_workdays_table(
    library_calendar: WorkdayCalendar, start: str, end: str, expected: int, why: str
) -> None:
    assert library_calendar.count_workdays(D(start), D(end)) == expected, why


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2005-12-31", True),  # 2006 notice: Saturday 2005-12-31 worked (chinese_calendar: no)
        ("2001-12-29", True),  # 2002 notice moved a day of the previous December
        ("2020-01-31", False),  # 春节延长假期
        ("2020-02-01", False),  # was a make-up Saturday before the 2020 extension
        ("2020-02-02", False),
        ("2020-02-03", True),
        ("2015-09-03", False),  # Victory Day 70th anniversary
        ("2015-09-06", True),  # its make-up Sunday
    ],
)
def test_is_workday_special_days(
    library_calendar: WorkdayCalendar, day: str, expected: bool
) -> None:
    assert library_calendar.is_workday(D(day)) is expected


def test_non_working_start_is_not_rolled_forward(library_calendar: WorkdayCalendar) -> None:
    # chinese_calendar.find_workday(1, 2025-10-01) gives 2025-10-10: it first rolls the
    # holiday forward to 10-09 and then counts one more day.  Art. 82 counts from the day
    # after acceptance, so the first working day after 10-01 is 10-09.
    assert library_calendar.add_workdays(D("2025-10-01"), 1) == D("2025-10-09")


def test_add_then_count_round_trip(library_calendar: WorkdayCalendar) -> None:
    start = D("2025-09-30")
    for n in range(0, 60):
        assert library_calendar.count_workdays(start, library_calendar.add_workdays(start, n)) == n


def test_out_of_range_is_an_error(library_calendar: WorkdayCalendar) -> None:
    with pytest.raises(CalendarRangeError):
        library_calendar.is_workday(D("1948-12-31"))
    with pytest.raises(CalendarRangeError):
        library_calendar.count_workdays(D("2025-01-01"), D("2101-01-01"))
    with pytest.raises(CalendarRangeError):
        library_calendar.add_workdays(D("2100-12-30"), 5)
    with pytest.raises(CalendarRangeError):
        library_calendar.add_workdays(D("1949-01-03"), -5)
    assert issubclass(CalendarRangeError, ValueError)


def test_datetimes_are_refused(library_calendar: WorkdayCalendar) -> None:
    with pytest.raises(TypeError):
        library_calendar.is_workday(datetime(2025, 10, 1, 12, 0))  # type: ignore[arg-type]


def test_library_years_are_known_and_later_years_provisional(
    library_calendar: WorkdayCalendar,
) -> None:
    assert {2004, 2020, 2025, 2026} <= library_calendar.known_years
    assert 2027 not in library_calendar.known_years
    assert library_calendar.add_workdays_checked(D("2025-09-30"), 5).is_provisional is False
    result = library_calendar.add_workdays_checked(D("2026-12-20"), 20)
    assert result.is_provisional is True
    assert result.unknown_years == (2027,)
    # Unknown years follow the weekend rule only.
    assert library_calendar.is_workday(D("2027-01-01")) is True  # a Friday
    assert library_calendar.day_info(D("2027-01-01")).is_provisional is True


def test_day_info_names_the_source(library_calendar: WorkdayCalendar) -> None:
    info = library_calendar.day_info(D("2025-10-01"))
    assert (info.day_type, info.name, info.source) == ("holiday", "国庆节", "library")
    makeup = library_calendar.day_info(D("2025-10-11"))
    assert (makeup.day_type, makeup.is_workday) == ("makeup_workday", True)
    assert library_calendar.day_info(D("2027-03-01")).source == "rule"
    assert len(library_calendar.year_days(2024)) == 366
