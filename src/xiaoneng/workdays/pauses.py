"""Clock pauses: special procedures stop the time limit (行政许可法 Art. 45).

Hearings, tenders, auctions, inspections, testing, quarantine, appraisal and expert review
are not counted in the time limit (GB/T 39046-2020 A.7, special procedure kind 2).  A pause
from day ``a`` to day ``b`` removes ``count_workdays(a, b)`` working days, i.e. those in
(a, b]: the clock still runs on day ``a`` and runs again from the working day after ``b``.

Pauses are normalised before use: an open pause (``b is None``) lasts up to ``as_of``; a
pause is clipped so that it starts no earlier than ``start``; overlapping pauses are merged
so that no working day is removed twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from xiaoneng.workdays.counting import CountsWorkdays, Pause


def normalise_pauses(
    start: date, pauses: Sequence[Pause], *, as_of: date | None = None
) -> list[tuple[date, date]]:
    """Closed pauses after ``start``, sorted and merged.

    Raises ``ValueError`` when a pause ends before it begins, or when a pause is open and
    no ``as_of`` day is given.
    """
    closed: list[tuple[date, date]] = []
    for begin, end in pauses:
        if end is None:
            if as_of is None:
                raise ValueError(f"the pause from {begin} is open: pass as_of")
            end = max(begin, as_of)
        if end < begin:
            raise ValueError(f"the pause from {begin} ends before it begins ({end})")
        begin = max(begin, start)
        if end > begin:
            closed.append((begin, end))
    closed.sort()
    merged: list[tuple[date, date]] = []
    for begin, end in closed:
        if merged and begin <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    return merged


def deadline_with_pauses(
    calendar: CountsWorkdays,
    start: date,
    n: int,
    pauses: Sequence[Pause] = (),
    *,
    as_of: date | None = None,
) -> date:
    """The day on which the n-th running working day after ``start`` falls.

    Each pause that begins before the deadline is reached moves the deadline by the working
    days it removes; a pause that begins on or after the deadline does not move it (the case
    is already due).  Without pauses this is ``add_workdays(start, n)``.

    Example: accepted 2025-09-01 with 20 working days is due on the make-up Sunday
    2025-09-28; an expert review from 2025-09-05 to 2025-09-12 removes 5 working days, so
    the case is due on the make-up Saturday 2025-10-11 (National Day lies in between).
    """
    if n < 0:
        raise ValueError("a time limit cannot be negative")
    remaining = n
    cursor = start
    for begin, end in normalise_pauses(start, pauses, as_of=as_of):
        before = calendar.count_workdays(cursor, begin)
        if before >= remaining:
            break
        remaining -= before
        cursor = end
    return calendar.add_workdays(cursor, remaining)


def elapsed_workdays(
    calendar: CountsWorkdays,
    start: date,
    as_of: date,
    pauses: Sequence[Pause] = (),
) -> int:
    """Working days in (start, as_of] on which the clock ran (paused days excluded)."""
    elapsed = calendar.count_workdays(start, as_of)
    for begin, end in normalise_pauses(start, pauses, as_of=as_of):
        if begin >= as_of:
            break
        elapsed -= calendar.count_workdays(begin, min(end, as_of))
    return elapsed
