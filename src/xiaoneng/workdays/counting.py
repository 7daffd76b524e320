"""What the pause rules need from a working-day calendar, apart from the calendar itself.

`pauses.py` computes deadlines over any calendar that can add and count working days, and
`workcalendar.py` offers those rules as methods of `WorkdayCalendar`; both import this module,
neither imports the other.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

#: A clock pause from its first day to its last (None while it is still open).
Pause = tuple[date, date | None]


class CountsWorkdays(Protocol):
    """A calendar of working days (`WorkdayCalendar` is one)."""

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day strictly after ``start``."""
        ...

    def count_workdays(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        ...
