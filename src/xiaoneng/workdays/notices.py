"""Local holiday notices: one year's holidays and make-up working days.

Every year the General Office of the State Council publishes the next year's holiday
arrangement (国务院办公厅关于XXXX年部分节假日安排的通知), usually in November or December.
Staff enter it here the day it is published, long before a ``holidays`` release carries it.

A notice for year *Y* is the **complete** arrangement for *Y*: when a notice exists, the
library's data for *Y* is ignored and every day of *Y* follows the weekend rule except the
days listed in the notice.  A notice may also list days of the neighbouring years (the 2002
notice made Saturday 2001-12-29 a working day); those listed days win over any other source.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from xiaoneng.workdays.errors import NoticeError, Problem, gettext_noop

FIRST_NOTICE_YEAR = 1950
LAST_NOTICE_YEAR = 2100


class DayKind(enum.StrEnum):
    """What a notice says about one day."""

    HOLIDAY = "holiday"
    MAKEUP_WORKDAY = "makeup_workday"


@dataclass(frozen=True, slots=True)
class NoticeDay:
    """One day listed in a notice, e.g. 2025-10-01 holiday "国庆节"."""

    day: date
    kind: DayKind
    name: str = ""


@dataclass(frozen=True, slots=True)
class Notice:
    """One year's holiday arrangement as published by the State Council.

    ``reference`` is the document number, e.g. ``国办发明电〔2025〕7号``; it is shown as the
    source of each day in the year view.
    """

    year: int
    days: tuple[NoticeDay, ...]
    reference: str = ""

    @property
    def holidays(self) -> dict[date, str]:
        """Days off listed by the notice, with their names."""
        return {d.day: d.name for d in self.days if d.kind is DayKind.HOLIDAY}

    @property
    def makeup_workdays(self) -> dict[date, str]:
        """Weekend days the notice turns into working days (调休上班)."""
        return {d.day: d.name for d in self.days if d.kind is DayKind.MAKEUP_WORKDAY}


def notice_problems(notice: Notice) -> list[str]:
    """Return every problem in ``notice`` (empty when it is valid).

    Rules: the year lies in 1950–2100; each day is listed once; a day lies in the notice's
    year or in the neighbouring December/January; a make-up working day is a Saturday or a
    Sunday (a weekday is a working day already); a notice lists at least one holiday.
    """
    problems: list[str] = []
    if not FIRST_NOTICE_YEAR <= notice.year <= LAST_NOTICE_YEAR:
        problems.append(
            Problem(
                gettext_noop("year %(year)s is outside %(first)s–%(last)s"),
                year=notice.year,
                first=FIRST_NOTICE_YEAR,
                last=LAST_NOTICE_YEAR,
            )
        )
        return problems
    seen: set[date] = set()
    for item in notice.days:
        if item.day in seen:
            problems.append(
                Problem(gettext_noop("%(day)s is listed more than once"), day=item.day.isoformat())
            )
            continue
        seen.add(item.day)
        if not _is_near_year(item.day, notice.year):
            problems.append(
                Problem(
                    gettext_noop(
                        "%(day)s does not belong to the %(year)s notice "
                        "(only that year and the neighbouring December/January)"
                    ),
                    day=item.day.isoformat(),
                    year=notice.year,
                )
            )
        if item.kind is DayKind.MAKEUP_WORKDAY and item.day.weekday() < 5:
            problems.append(
                Problem(
                    gettext_noop(
                        "%(day)s is a weekday; a make-up working day must be a Saturday or a Sunday"
                    ),
                    day=item.day.isoformat(),
                )
            )
    if not any(d.kind is DayKind.HOLIDAY for d in notice.days):
        problems.append(
            Problem(gettext_noop("the %(year)s notice lists no holiday"), year=notice.year)
        )
    return problems


def validate_notice(notice: Notice) -> Notice:
    """Return ``notice`` unchanged, or raise :class:`NoticeError` listing every problem."""
    problems = notice_problems(notice)
    if problems:
        raise NoticeError(problems)
    return notice


def make_notice(
    year: int,
    *,
    holidays: Mapping[date, str] | Iterable[date] = (),
    makeup_workdays: Mapping[date, str] | Iterable[date] = (),
    reference: str = "",
) -> Notice:
    """Build a :class:`Notice` from plain collections of dates (names optional)."""
    days = [
        *_as_days(holidays, DayKind.HOLIDAY),
        *_as_days(makeup_workdays, DayKind.MAKEUP_WORKDAY),
    ]
    days.sort(key=lambda d: d.day)
    return Notice(year=year, days=tuple(days), reference=reference)


def _as_days(items: Mapping[date, str] | Iterable[date], kind: DayKind) -> list[NoticeDay]:
    if isinstance(items, Mapping):
        return [NoticeDay(day=d, kind=kind, name=str(n)) for d, n in items.items()]
    return [NoticeDay(day=d, kind=kind) for d in items]


def _is_near_year(day: date, year: int) -> bool:
    if not FIRST_NOTICE_YEAR - 1 <= day.year <= LAST_NOTICE_YEAR:
        return False
    if day.year == year:
        return True
    return (day.year == year - 1 and day.month == 12) or (day.year == year + 1 and day.month == 1)
