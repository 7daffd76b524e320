"""The process-wide default calendar, rebuilt when notices change.

The default calendar is built on first use from the library, the notices supplied by the
registered loader (inside Django: the database, registered by ``WorkdaysConfig.ready()``
without querying at import time) and the notices given to :func:`set_notices` (which win for
the same year).  The notice service calls :func:`invalidate` after saving; the optional
``stamp`` function lets other processes notice a change within ``recheck_seconds``.

A loader or stamp function raises :class:`NoticesUnavailable` when it cannot read the notices
(database not migrated, or a test without database access): the calendar then uses the
library and the explicit notices only, and tries again after ``recheck_seconds``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import date

from xiaoneng.workdays.notices import Notice
from xiaoneng.workdays.workcalendar import (
    CountResult,
    DateArray,
    IntArray,
    Pause,
    WorkdayCalendar,
    WorkdayResult,
)

NoticeLoader = Callable[[], Iterable[Notice]]
StampFunction = Callable[[], Hashable]


class NoticesUnavailable(RuntimeError):
    """The stored notices cannot be read right now (raised by a loader or stamp function)."""


_UNAVAILABLE = object()
_lock = threading.RLock()
_calendar: WorkdayCalendar | None = None
_notices: tuple[Notice, ...] = ()
_loader: NoticeLoader | None = None
_stamp_function: StampFunction | None = None
_stamp: Hashable = None
_recheck_seconds = 30.0
_checked_at = 0.0


def get_calendar() -> WorkdayCalendar:
    """The current default calendar, built on first use."""
    calendar = _calendar
    if calendar is not None and (
        _stamp_function is None or time.monotonic() - _checked_at < _recheck_seconds
    ):
        return calendar
    return _refresh()


def _current_stamp() -> Hashable:
    if _stamp_function is None:
        return None
    try:
        return _stamp_function()
    except NoticesUnavailable:
        return _UNAVAILABLE


def _refresh() -> WorkdayCalendar:
    global _calendar, _stamp, _checked_at
    with _lock:
        stamp = _current_stamp()
        _checked_at = time.monotonic()
        if _calendar is None or stamp != _stamp or stamp is _UNAVAILABLE:
            loaded: tuple[Notice, ...] = ()
            if _loader is not None:
                try:
                    loaded = tuple(_loader())
                except NoticesUnavailable:
                    stamp = _UNAVAILABLE
            by_year = {n.year: n for n in loaded}
            by_year.update({n.year: n for n in _notices})
            _calendar = WorkdayCalendar(by_year.values())
            _stamp = stamp
        return _calendar


def set_notices(notices: Iterable[Notice]) -> WorkdayCalendar:
    """Set the explicit local notices (they win over stored ones) and rebuild the calendar."""
    global _notices
    with _lock:
        _notices = WorkdayCalendar(notices).notices  # validates before replacing
    return reload()


def set_notice_loader(
    loader: NoticeLoader | None,
    *,
    stamp: StampFunction | None = None,
    recheck_seconds: float = 30.0,
) -> None:
    """Read stored notices from ``loader`` on next use (e.g. the database)."""
    global _loader, _stamp_function, _recheck_seconds
    with _lock:
        _loader = loader
        _stamp_function = stamp
        _recheck_seconds = recheck_seconds
    invalidate()


def freeze() -> WorkdayCalendar:
    """Keep the current calendar and stop rechecking the stored notices (in this process).

    For a worker process forked to do pure computation: it must not touch the database
    connection it inherited, and its work is short enough that a notice published meanwhile
    is not missed (the parent process, which writes, keeps rechecking).
    The calendar kept is the one this process holds, never rechecked here: the parent reads
    it just before it forks, and a recheck would query through the connection both share."""
    global _loader, _stamp_function
    with _lock:
        calendar = _calendar if _calendar is not None else _refresh()
        _loader = None
        _stamp_function = None
        return calendar


def invalidate() -> None:
    """Forget the default calendar; the next query rebuilds it from the current notices."""
    global _calendar, _stamp
    with _lock:
        _calendar = None
        _stamp = None


def reload() -> WorkdayCalendar:
    """Rebuild the default calendar now from the current notices."""
    with _lock:
        invalidate()
        return _refresh()


def is_workday(day: date) -> bool:
    """True when ``day`` is a working day (行政许可法 Art. 82; State Council notices)."""
    return get_calendar().is_workday(day)


def add_workdays(start: date, n: int) -> date:
    """The n-th working day strictly after ``start``; see WorkdayCalendar.add_workdays."""
    return get_calendar().add_workdays(start, n)


def count_workdays(start: date, end: date) -> int:
    """Working days in (start, end]; 0 when end ≤ start."""
    return get_calendar().count_workdays(start, end)


def add_workdays_checked(start: date, n: int) -> WorkdayResult:
    """add_workdays plus whether the result rests on an unannounced year."""
    return get_calendar().add_workdays_checked(start, n)


def count_workdays_checked(start: date, end: date) -> CountResult:
    """count_workdays plus whether the count rests on an unannounced year."""
    return get_calendar().count_workdays_checked(start, end)


def deadline_with_pauses(
    start: date, n: int, pauses: Sequence[Pause] = (), *, as_of: date | None = None
) -> date:
    """Deadline of n working days after start with the clock stopped during pauses."""
    return get_calendar().deadline_with_pauses(start, n, pauses, as_of=as_of)


def deadline_with_pauses_checked(
    start: date, n: int, pauses: Sequence[Pause] = (), *, as_of: date | None = None
) -> WorkdayResult:
    """deadline_with_pauses plus whether it rests on an unannounced year."""
    return get_calendar().deadline_with_pauses_checked(start, n, pauses, as_of=as_of)


def elapsed_workdays(start: date, as_of: date, pauses: Sequence[Pause] = ()) -> int:
    """Working days in (start, as_of] on which the clock ran."""
    return get_calendar().elapsed_workdays(start, as_of, pauses)


def add_workdays_array(starts: DateArray, n: int | IntArray) -> DateArray:
    """Vectorised add_workdays over a datetime64[D] array."""
    return get_calendar().add_workdays_array(starts, n)


def count_workdays_array(starts: DateArray, ends: DateArray) -> IntArray:
    """Vectorised count_workdays over datetime64[D] arrays."""
    return get_calendar().count_workdays_array(starts, ends)
