"""Notice data for the workdays tests."""

from __future__ import annotations

from datetime import date, timedelta

from xiaoneng.workdays.notices import DayKind, NoticeDay

D = date.fromisoformat


def days_2027() -> list[NoticeDay]:
    """An invented 2027 arrangement: Spring Festival Feb 5–12 off with Sat Feb 13 worked,
    National Day Oct 1–7 off with Sun Sep 26 worked, New Year's Day Jan 1."""
    days = [NoticeDay(D("2027-01-01"), DayKind.HOLIDAY, "元旦")]
    days += [
        NoticeDay(D("2027-02-05") + timedelta(days=i), DayKind.HOLIDAY, "春节") for i in range(8)
    ]
    days += [
        NoticeDay(D("2027-10-01") + timedelta(days=i), DayKind.HOLIDAY, "国庆节") for i in range(7)
    ]
    days += [
        NoticeDay(D("2027-02-13"), DayKind.MAKEUP_WORKDAY, "春节调休"),
        NoticeDay(D("2027-09-26"), DayKind.MAKEUP_WORKDAY, "国庆调休"),
    ]
    return days
