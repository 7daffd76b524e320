"""An enterprise problem's reply deadline: a pure function over dates and the calendar.

The responsible unit replies within 10 working days counted from the day after the day the
problem was reported — the limit the complaint centre gives a unit for a transferred complaint
(DOMAIN.md §3), since the office supervises enterprise problems like complaints.
"""

from __future__ import annotations

from datetime import date

from xiaoneng.workdays import add_workdays_checked, count_workdays

REPLY_WORKDAYS = 10


def reply_due_on(reported_on: date, limit_workdays: int = REPLY_WORKDAYS) -> date:
    """E.g. reported 2025-09-30 (Tue) + 10 WD → 2025-10-21 (National Day week skipped)."""
    return add_workdays_checked(reported_on, limit_workdays).day


def light(due_on: date, as_of: date, replied_on: date | None) -> str:
    """red: replied late or overdue; yellow: open with 2 working days or fewer; green otherwise."""
    if replied_on is not None:
        return "red" if replied_on > due_on else "green"
    if as_of > due_on:
        return "red"
    return "yellow" if count_workdays(as_of, due_on) <= 2 else "green"
