"""Errors raised by the working-day calendar.

Messages are marked for translation lazily, so this module stays importable without
Django settings (the pure calendar must not need Django).
"""

from __future__ import annotations


class CalendarRangeError(ValueError):
    """A date, or a result, lies outside the calendar's table (1949-01-01 … 2100-12-31)."""


class NoticeError(ValueError):
    """A local holiday notice is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems) or "invalid notice")
