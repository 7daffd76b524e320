"""What a notice would change: days and deadlines (pure, used by the notice form and CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from xiaoneng.workdays.workcalendar import DayInfo, WorkdayCalendar

#: Limits shown in the preview (working days): Art. 32 (5), countersign (7), Art. 44 (10),
#: extension (10/15), Art. 42 (20), joint handling (45).
PREVIEW_LIMITS = (1, 5, 7, 10, 15, 20, 45)


@dataclass(frozen=True, slots=True)
class DeadlineShift:
    """A deadline of ``limit`` working days after ``start`` that the notice moves."""

    limit: int
    start: date
    before: date
    after: date


@dataclass(frozen=True, slots=True)
class LimitSummary:
    """How many starts in the window get a different deadline for one limit."""

    limit: int
    changed: int
    examples: tuple[DeadlineShift, ...]


def changed_days(before: WorkdayCalendar, after: WorkdayCalendar) -> list[tuple[DayInfo, DayInfo]]:
    """(before, after) descriptions of every day whose working status changes."""
    return [(before.day_info(d), after.day_info(d)) for d in after.changed_days(before)]


def deadline_shifts(
    before: WorkdayCalendar,
    after: WorkdayCalendar,
    year: int,
    *,
    limits: tuple[int, ...] = PREVIEW_LIMITS,
    examples: int = 3,
) -> list[LimitSummary]:
    """For each limit, the start days from 1 October of the previous year to 31 December of
    ``year`` whose deadline (行政许可法 Art. 82: N-th working day after the start) moves."""
    first = date(year - 1, 10, 1)
    last = date(year, 12, 31)
    starts = np.arange(np.datetime64(first, "D"), np.datetime64(last + timedelta(days=1), "D"))
    summaries = []
    for limit in limits:
        old = before.add_workdays_array(starts, limit)
        new = after.add_workdays_array(starts, limit)
        moved = np.flatnonzero(old != new)
        shown = tuple(
            DeadlineShift(
                limit=limit,
                start=starts[i].item(),
                before=old[i].item(),
                after=new[i].item(),
            )
            for i in moved[:examples].tolist()
        )
        summaries.append(LimitSummary(limit=limit, changed=int(moved.size), examples=shown))
    return summaries
