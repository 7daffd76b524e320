"""Complaint, rating and consultation deadlines: pure functions over dates and the calendar.

Limits are in working days (行政许可法 Art. 82 calendar, `xiaoneng.workdays`) counted from the
day after the day of receipt: one province's 12345 rules give consultation 2, help/suggestion 10,
complaint/report 15 working days (DOMAIN.md §3); they are configurable per kind
(`DeadlineRule`). A complaint's deadline may be extended once, by at most its own limit.
"""

from __future__ import annotations

from datetime import date

from xiaoneng.workdays import add_workdays_checked, count_workdays

DEFAULT_LIMITS: dict[str, int] = {"consultation": 2, "help_suggestion": 10, "complaint": 15}
RECTIFICATION_WORKDAYS = 5  # bad-rating rectification (local rules: 5 or 15 WD; DOMAIN.md §3)
CONSULTATION_ANSWER_WORKDAYS = 2


def due_date(
    received_on: date, limit_workdays: int, extension_workdays: int = 0
) -> tuple[date, bool]:
    """The last day to finish: `received_on` + limit (+ extension) working days.

    Returns (day, is_provisional) — provisional when the day lies in a year whose holiday
    notice is not yet published. E.g. received 2025-09-30, 5 WD → 2025-10-14 (National Day).
    """
    result = add_workdays_checked(received_on, limit_workdays + extension_workdays)
    return result.day, result.is_provisional


def is_overdue(due_on: date, as_of: date, finished_on: date | None = None) -> bool:
    """Past its deadline by `as_of`: not finished by the due day and `as_of` after it."""
    if finished_on is not None and finished_on <= as_of:
        return finished_on > due_on
    return as_of > due_on


def deadline_light(due_on: date | None, finished: bool, today: date) -> str:
    """The deadline's light on the queues and the workbench home: red past the deadline,
    yellow with 2 working days or fewer left, green otherwise; none when finished."""
    if due_on is None or finished:
        return ""
    if today > due_on:
        return "red"
    return "yellow" if count_workdays(today, due_on) <= 2 else "green"
