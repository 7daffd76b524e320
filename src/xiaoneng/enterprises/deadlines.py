"""An enterprise problem's reply deadline: a pure function over dates and the calendar.

The responsible unit replies within 10 working days counted from the day after the day the
problem was reported — the limit the complaint centre gives a unit for a transferred complaint
(DOMAIN.md §3), since the office supervises enterprise problems like complaints. An observation forwarded to a
unit (a monitor's or a media report's) has the same limit from the day it is forwarded, and the
same light. A campaign finding is rectified within 15 working days of being found (the longer
of the local rectification limits, DOMAIN.md §3: a fee refunded needs the unit's accounts).
"""

from __future__ import annotations

from datetime import date

from xiaoneng.workdays import add_workdays_checked, count_workdays

REPLY_WORKDAYS = 10
RECTIFICATION_WORKDAYS = 15


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


def rectification_due_on(found_on: date, limit_workdays: int = RECTIFICATION_WORKDAYS) -> date:
    """E.g. found 2025-09-30 (Tue) + 15 WD → 2025-10-28 (National Day week skipped)."""
    return add_workdays_checked(found_on, limit_workdays).day
