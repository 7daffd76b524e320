"""Errors raised by the working-day calendar.

Messages are marked for translation lazily, so this module stays importable without
Django settings (the pure calendar must not need Django).
"""

from __future__ import annotations

from collections.abc import Callable


class CalendarRangeError(ValueError):
    """A date, or a result, lies outside the calendar's table (1949-01-01 … 2100-12-31)."""


class NoticeError(ValueError):
    """A local holiday notice is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems) or "invalid notice")


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it (Django stays optional here).

    ``makemessages`` collects these msgids; the Django layer translates a :class:`Problem`
    with :meth:`Problem.localize` when it shows it.
    """
    return message


class Problem(str):
    """A problem message in English that remembers its msgid and parameters.

    It is a plain ``str`` for pure-Python callers (CLI, tests); pages and the API show
    ``problem.localize(gettext)`` in the user's language.
    """

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, **params: object) -> Problem:
        text = template % params if params else template
        problem = super().__new__(cls, text)
        problem.template = template
        problem.params = params
        return problem

    def localize(self, gettext: Callable[[str], str]) -> str:
        """The message in the active language, e.g. ``problem.localize(gettext)``."""
        translated = gettext(self.template)
        if not self.params:
            return translated
        params = {
            k: v.localize(gettext) if isinstance(v, Problem) else v for k, v in self.params.items()
        }
        return translated % params


def translate_problem(problem: str, gettext: Callable[[str], str]) -> str:
    """Translate ``problem`` if it is a :class:`Problem`, else return it unchanged."""
    return problem.localize(gettext) if isinstance(problem, Problem) else str(problem)
