"""Local notices win over the library, and make provisional results exact."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import xiaoneng.workdays as workdays
from xiaoneng.workdays import NoticeError, WorkdayCalendar, make_notice

D = date.fromisoformat

# An invented 2027 arrangement (the real one is not published yet): Spring Festival
# Feb 5–12 off, Feb 13 (Sat) worked; National Day Oct 1–7 off, Sep 26 (Sun) worked.
NOTICE_2027 = make_notice(
    2027,
    holidays={
        **{D(f"2027-02-{d:02d}"): "春节" for d in range(5, 13)},
        **{D(f"2027-10-{d:02d}"): "国庆节" for d in range(1, 8)},
        D("2027-01-01"): "元旦",
    },
    makeup_workdays={D("2027-02-13"): "春节调休", D("2027-09-26"): "国庆调休"},
    reference="国办发明电〔2026〕99号",
)


def test_notice_overrides_the_library() -> None:
    # A local decision keeps 2025-10-09 off as well (invented for the test).
    library = WorkdayCalendar()
    year_2025 = {
        info.day: info
        for info in library.year_days(2025)
        if info.day_type in ("holiday", "makeup_workday")
    }
    holidays = {d: i.name for d, i in year_2025.items() if i.day_type == "holiday"}
    holidays[D("2025-10-09")] = "local extension"
    makeup = {d: i.name for d, i in year_2025.items() if i.day_type == "makeup_workday"}
    calendar = WorkdayCalendar([make_notice(2025, holidays=holidays, makeup_workdays=makeup)])
    assert library.add_workdays(D("2025-09-30"), 1) == D("2025-10-09")
    assert calendar.add_workdays(D("2025-09-30"), 1) == D("2025-10-10")
    assert calendar.day_info(D("2025-10-09")).source == "notice"
    assert calendar.changed_days(library) == [D("2025-10-09")]


def test_notice_replaces_the_whole_year() -> None:
    # A notice for 2025 that only lists National Day: the library's Spring Festival is gone.
    calendar = WorkdayCalendar(
        [make_notice(2025, holidays=[D(f"2025-10-0{d}") for d in range(1, 9)])]
    )
    assert calendar.is_workday(D("2025-01-28")) is True
    assert calendar.is_workday(D("2025-09-28")) is False  # make-up Sunday not listed


def test_provisional_deadline_becomes_exact_after_the_notice() -> None:
    start = D("2027-01-29")
    before = WorkdayCalendar().add_workdays_checked(start, 10)
    assert before == (D("2027-02-12"), True, (2027,))  # weekend rule only
    after = WorkdayCalendar([NOTICE_2027]).add_workdays_checked(start, 10)
    # Feb 1–4 (4), Feb 5–12 off, Feb 13 make-up Saturday (5), Feb 15–19 (10).
    assert after == (D("2027-02-19"), False, ())


def test_default_calendar_reloads_when_notices_change() -> None:
    start = D("2027-09-30")
    assert workdays.add_workdays_checked(start, 1) == (D("2027-10-01"), True, (2027,))
    workdays.set_notices([NOTICE_2027])
    try:
        assert workdays.add_workdays_checked(start, 1) == (D("2027-10-08"), False, ())
    finally:
        workdays.set_notices([])
    assert workdays.add_workdays(start, 1) == D("2027-10-01")


def test_notice_days_outside_the_year_win() -> None:
    notice = make_notice(
        2028,
        holidays=[D("2028-01-01"), D("2028-01-03")],
        makeup_workdays=[D("2027-12-26")],  # a Sunday of the previous December
    )
    calendar = WorkdayCalendar([notice])
    assert calendar.is_workday(D("2027-12-26")) is True
    assert calendar.is_known(D("2027-12-26")) is True
    assert calendar.is_known(D("2027-12-27")) is False


@pytest.mark.parametrize(
    ("notice", "message"),
    [
        (
            make_notice(2027, holidays=[D("2027-10-01")], makeup_workdays=[D("2027-10-04")]),
            "weekday",
        ),
        (make_notice(2027, holidays=[D("2025-10-01")]), "does not belong"),
        (make_notice(2027, makeup_workdays=[D("2027-10-09")]), "no holiday"),
        (make_notice(2101, holidays=[D("2101-01-01")]), "outside"),
        (make_notice(2100, holidays=[D("2100-01-01"), D("2101-01-01")]), "does not belong"),
    ],
)
def test_invalid_notices_are_refused(notice: workdays.Notice, message: str) -> None:
    with pytest.raises(NoticeError, match=message):
        WorkdayCalendar([notice])


def test_two_notices_for_one_year_are_refused() -> None:
    with pytest.raises(ValueError, match="same year"):
        WorkdayCalendar([NOTICE_2027, NOTICE_2027])


def test_importing_the_package_does_not_import_django() -> None:
    code = "import sys, xiaoneng.workdays; assert 'django' not in sys.modules, 'django imported'"
    src = Path(__file__).resolve().parents[2] / "src"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(src)},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_late_december_waits_for_the_next_years_notice() -> None:
    # The 2006 notice made Saturday 2005-12-31 a working day: until the next year's notice
    # is entered, the last days of December of a known year stay provisional.
    library = WorkdayCalendar()
    assert library.add_workdays_checked(D("2026-12-01"), 10) == (D("2026-12-15"), False, ())
    assert library.add_workdays_checked(D("2026-12-01"), 20) == (D("2026-12-29"), True, (2027,))
    assert library.day_info(D("2026-12-26")).source == "library"
    assert library.day_info(D("2026-12-26")).is_provisional is True
    assert library.add_workdays_checked(D("2025-12-20"), 5).is_provisional is False
    with_2027 = WorkdayCalendar([NOTICE_2027])
    assert with_2027.add_workdays_checked(D("2026-12-01"), 20) == (D("2026-12-29"), False, ())
    assert with_2027.add_workdays_checked(D("2027-12-20"), 5).unknown_years == (2028,)
