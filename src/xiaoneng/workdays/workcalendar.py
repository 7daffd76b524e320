"""The statutory working-day calendar: an O(1) table of China's working days.

Rule (《中华人民共和国行政许可法》第八十二条): administrative time limits are counted in
working days, excluding statutory holidays; the day of acceptance is not counted, so a limit
of N working days ends on the N-th working day *after* it.  Working days are Monday–Friday,
minus the statutory holidays and days off moved by the State Council's yearly notice, plus
the weekend days that notice turns into working days (调休上班).

The table covers 1949-01-01 … 2100-12-31.  For each day it holds whether it is a working
day and whether its status is *known* (from a notice checked by the ``holidays`` library,
or from a local notice) or only *provisional* (weekend rule).  Cumulative sums over the
table make every scalar query two list look-ups, and the numpy copies make the array
queries vectorised.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple, cast

import numpy as np
import numpy.typing as npt

from xiaoneng.workdays import pauses as _pauses
from xiaoneng.workdays.counting import Pause
from xiaoneng.workdays.errors import CalendarRangeError
from xiaoneng.workdays.library import library_days, library_known_years, library_version
from xiaoneng.workdays.notices import DayKind, Notice, validate_notice

FIRST_DAY = date(1949, 1, 1)
LAST_DAY = date(2100, 12, 31)
_ORD0 = FIRST_DAY.toordinal()
_NDAYS = LAST_DAY.toordinal() - _ORD0 + 1
#: numpy ``datetime64[D]`` counts days from 1970-01-01; table index = epoch day - offset.
_EPOCH_OFFSET = (FIRST_DAY - date(1970, 1, 1)).days

DateArray = npt.NDArray[np.datetime64]
IntArray = npt.NDArray[np.integer]
BoolArray = npt.NDArray[np.bool_]


class DaySource(StrEnum):
    """Where a day's status comes from."""

    RULE = "rule"  # weekend rule only: the year is not known, the day is provisional
    LIBRARY = "library"  # the ``holidays`` package (a State Council notice it carries)
    NOTICE = "notice"  # a local notice entered in xiaoneng


class DayType(StrEnum):
    """How a day is shown in the year view."""

    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP_WORKDAY = "makeup_workday"


@dataclass(frozen=True, slots=True)
class DayInfo:
    """Everything the calendar knows about one day."""

    day: date
    is_workday: bool
    day_type: DayType
    name: str
    source: DaySource
    reference: str  # document number of a local notice, or "holidays 0.109"
    is_provisional: bool  # the status may still change with a notice not yet entered


class WorkdayResult(NamedTuple):
    """A computed day and whether it rests on a year without an announced notice."""

    day: date
    is_provisional: bool
    unknown_years: tuple[int, ...] = ()


class CountResult(NamedTuple):
    """A count of working days and whether it rests on an unannounced year."""

    workdays: int
    is_provisional: bool
    unknown_years: tuple[int, ...] = ()


#: Days at the end of a known year that stay provisional until the next year's notice.
LATE_DECEMBER_DAYS = 8


def _years_of_days() -> npt.NDArray[np.int16]:
    """The calendar year of every day of the table."""
    years = np.empty(_NDAYS, dtype=np.int16)
    for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
        lo = date(year, 1, 1).toordinal() - _ORD0
        hi = date(year, 12, 31).toordinal() - _ORD0 + 1
        years[lo:hi] = year
    return years


def _range_error(day: object) -> CalendarRangeError:
    return CalendarRangeError(
        f"{day} is outside the working-day calendar ({FIRST_DAY} … {LAST_DAY})"
    )


def _refuse_type(day: object) -> None:
    """Raise TypeError unless ``day`` is a plain date (datetimes are refused)."""
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(
            f"expected a datetime.date, got {type(day).__name__}; "
            "convert datetimes to the local date first"
        )


def _index(day: date) -> int:
    """Table index of ``day``; datetimes are refused (convert with a local date first)."""
    if type(day) is not date:
        _refuse_type(day)
    i = day.toordinal() - _ORD0
    if i < 0 or i >= _NDAYS:
        raise _range_error(day)
    return i


def _day(i: int) -> date:
    return date.fromordinal(_ORD0 + i)


class WorkdayCalendar:
    """China's working days built from the ``holidays`` library and local notices.

    ``WorkdayCalendar(notices)`` is immutable once built; build a new one when notices
    change (see :mod:`xiaoneng.workdays.default`).  Local notices win over the library: a
    notice for year *Y* replaces the library's data for *Y*, and the days a notice lists
    outside its year (e.g. a make-up Saturday in the previous December) override any other
    source; among notices, the later year wins.
    """

    def __init__(self, notices: Iterable[Notice] = (), *, use_library: bool = True) -> None:
        self.notices: tuple[Notice, ...] = tuple(
            sorted((validate_notice(n) for n in notices), key=lambda n: n.year)
        )
        years = [n.year for n in self.notices]
        if len(set(years)) != len(years):
            raise ValueError("more than one notice for the same year")
        self.library_years = library_known_years() if use_library else frozenset()
        self.notice_years = frozenset(years)
        self.known_years = self.library_years | self.notice_years

        index = np.arange(_NDAYS)
        weekday = (FIRST_DAY.weekday() + index) % 7
        work = weekday < 5
        known = np.zeros(_NDAYS, dtype=bool)
        # Special days: index -> (day type, name, source, reference).
        special: dict[int, tuple[DayType, str, DaySource, str]] = {}
        lib_ref = f"holidays {library_version()}"

        for day, (is_workday, name) in library_days(self.library_years).items():
            i = day.toordinal() - _ORD0
            work[i] = is_workday
            known[i] = True
            if is_workday and weekday[i] >= 5:
                special[i] = (DayType.MAKEUP_WORKDAY, name, DaySource.LIBRARY, lib_ref)
            elif not is_workday and (name or weekday[i] < 5):
                special[i] = (DayType.HOLIDAY, name, DaySource.LIBRARY, lib_ref)

        self._year_source: dict[int, tuple[DaySource, str]] = dict.fromkeys(
            self.library_years, (DaySource.LIBRARY, lib_ref)
        )
        for notice in self.notices:
            lo = date(notice.year, 1, 1).toordinal() - _ORD0
            hi = date(notice.year, 12, 31).toordinal() - _ORD0 + 1
            work[lo:hi] = weekday[lo:hi] < 5
            known[lo:hi] = True
            for i in [k for k in special if lo <= k < hi]:
                del special[i]
            self._year_source[notice.year] = (DaySource.NOTICE, notice.reference)
        for notice in self.notices:
            for item in notice.days:
                i = _index(item.day)
                known[i] = True
                if item.kind is DayKind.HOLIDAY:
                    work[i] = False
                    special[i] = (DayType.HOLIDAY, item.name, DaySource.NOTICE, notice.reference)
                else:
                    work[i] = True
                    special[i] = (
                        DayType.MAKEUP_WORKDAY,
                        item.name,
                        DaySource.NOTICE,
                        notice.reference,
                    )

        # The year whose notice a provisional day waits for: its own year, or, for the last
        # days of December of a known year, the next year when that is not known yet: a
        # notice may move days of the previous December (the 2002 notice made Saturday
        # 2001-12-29 a working day, the 2006 notice Saturday 2005-12-31).
        years_of_day = _years_of_days()
        awaited = np.where(known, 0, years_of_day).astype(np.int16)
        listed = {_index(item.day) for notice in self.notices for item in notice.days}
        for year in sorted(self.known_years):
            if year + 1 > LAST_DAY.year or year + 1 in self.known_years:
                continue
            lo = date(year, 12, 31 - LATE_DECEMBER_DAYS + 1).toordinal() - _ORD0
            hi = date(year, 12, 31).toordinal() - _ORD0 + 1
            for i in range(lo, hi):
                if i not in listed:
                    known[i] = False
                    awaited[i] = year + 1

        self._special = special
        self._weekday = weekday
        self._awaited = awaited
        cum = np.zeros(_NDAYS + 1, dtype=np.int32)
        np.cumsum(work, out=cum[1:])
        unknown = np.zeros(_NDAYS + 1, dtype=np.int32)
        np.cumsum(~known, out=unknown[1:])
        positions = np.flatnonzero(work)

        # numpy copies for the array queries.
        self._work_np = work
        self._known_np = known
        self._cum_before = cum[:-1]  # working days strictly before index i
        self._cum_through = cum[1:]  # working days up to and including index i
        self._unknown_through = unknown[1:]
        self._positions_epoch = (positions + _EPOCH_OFFSET).astype(np.int64)
        self._n_workdays = int(positions.size)
        # Python lists for the scalar queries: list indexing beats numpy scalar indexing.
        self._work: list[bool] = work.tolist()
        self._cum: list[int] = cum.tolist()
        self._unknown: list[int] = unknown.tolist()
        self._positions: list[int] = positions.tolist()
        # The working days themselves, so that add_workdays returns without building a date.
        self._workday_dates: list[date] = [_day(i) for i in self._positions]

    # ----------------------------------------------------------------- scalar queries
    def is_workday(self, day: date) -> bool:
        """True when ``day`` is a working day (Mon–Fri not on holiday, or a make-up day)."""
        if type(day) is not date:
            _refuse_type(day)
        i = day.toordinal() - _ORD0
        if i < 0 or i >= _NDAYS:
            raise _range_error(day)
        return self._work[i]

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day strictly after ``start`` (行政许可法 Art. 82).

        The day of acceptance is not counted and may itself be a weekend or a holiday:
        2025-09-30 + 5 → 2025-10-14 (National Day), 2025-09-28 (make-up Sunday) + 5 →
        2025-10-11 (make-up Saturday).  ``n = 0`` returns ``start`` unchanged.  A negative
        ``n`` gives the |n|-th working day strictly *before* ``start`` (e.g. the reminder
        day before a deadline), so ``add_workdays(add_workdays(d, n), -n) == d`` only when
        ``d`` is a working day.
        """
        # _index() inlined: this is the hot path of every deadline.
        if type(start) is not date:
            _refuse_type(start)
        i = start.toordinal() - _ORD0
        if i < 0 or i >= _NDAYS:
            raise _range_error(start)
        if type(n) is not int:
            n = operator.index(n)
        if n > 0:
            k = self._cum[i + 1] + n - 1
            if k >= self._n_workdays:
                raise _range_error(f"{start} + {n} working days")
            return self._workday_dates[k]
        if n == 0:
            return start
        k = self._cum[i] + n
        if k < 0:
            raise _range_error(f"{start} - {-n} working days")
        return self._workday_dates[k]

    def count_workdays(self, start: date, end: date) -> int:
        """Working days in (start, end]: the start day is not counted; 0 when end ≤ start."""
        if type(start) is not date:
            _refuse_type(start)
        if type(end) is not date:
            _refuse_type(end)
        i = start.toordinal() - _ORD0
        j = end.toordinal() - _ORD0
        if i < 0 or i >= _NDAYS:
            raise _range_error(start)
        if j < 0 or j >= _NDAYS:
            raise _range_error(end)
        if j <= i:
            return 0
        return self._cum[j + 1] - self._cum[i + 1]

    # ---------------------------------------------------------------- checked queries
    def is_known(self, day: date) -> bool:
        """True when ``day``'s status comes from a notice (library or local)."""
        return bool(self._known_np[_index(day)])

    def is_known_year(self, year: int) -> bool:
        """True when the whole year comes from a notice (library or local)."""
        return year in self.known_years

    def unknown_years_between(self, first: date, last: date) -> tuple[int, ...]:
        """The years whose notice the provisional days in [first, last] wait for."""
        i, j = _index(first), _index(last)
        if j < i or self._unknown[j + 1] - self._unknown[i] == 0:
            return ()
        return tuple(int(y) for y in np.unique(self._awaited[i : j + 1]) if y)

    def _checked(self, first: int, last: int) -> tuple[bool, tuple[int, ...]]:
        """Provisional flag and unknown years for the days of indices [first, last]."""
        if last < first or self._unknown[last + 1] - self._unknown[first] == 0:
            return False, ()
        return True, self.unknown_years_between(_day(first), _day(last))

    def add_workdays_checked(self, start: date, n: int) -> WorkdayResult:
        """:meth:`add_workdays` plus whether any day it looked at is provisional."""
        result = self.add_workdays(start, n)
        i, j = _index(start), _index(result)
        first, last = (i + 1, j) if j >= i else (j, i - 1)
        return WorkdayResult(result, *self._checked(first, last))

    def count_workdays_checked(self, start: date, end: date) -> CountResult:
        """:meth:`count_workdays` plus whether any day in (start, end] is provisional."""
        count = self.count_workdays(start, end)
        return CountResult(count, *self._checked(_index(start) + 1, _index(end)))

    # ------------------------------------------------------------------------ pauses
    def deadline_with_pauses(
        self, start: date, n: int, pauses: Sequence[Pause] = (), *, as_of: date | None = None
    ) -> date:
        """Deadline of ``n`` working days after ``start``, the clock stopped during pauses.

        See :func:`xiaoneng.workdays.pauses.deadline_with_pauses` (行政许可法 Art. 45).
        """
        return _pauses.deadline_with_pauses(self, start, n, pauses, as_of=as_of)

    def deadline_with_pauses_checked(
        self, start: date, n: int, pauses: Sequence[Pause] = (), *, as_of: date | None = None
    ) -> WorkdayResult:
        """:meth:`deadline_with_pauses` plus whether it rests on a provisional day."""
        result = self.deadline_with_pauses(start, n, pauses, as_of=as_of)
        return WorkdayResult(result, *self._checked(_index(start) + 1, _index(result)))

    def elapsed_workdays(self, start: date, as_of: date, pauses: Sequence[Pause] = ()) -> int:
        """Working days in (start, as_of] on which the clock ran (pauses excluded)."""
        return _pauses.elapsed_workdays(self, start, as_of, pauses)

    # ------------------------------------------------------------------ array queries
    def _array_index(self, days: DateArray | Sequence[date]) -> npt.NDArray[np.int64]:
        arr = np.asarray(days)
        if arr.dtype != np.dtype("datetime64[D]"):
            arr = arr.astype("datetime64[D]")
        idx = arr.view(np.int64) - _EPOCH_OFFSET
        if idx.size and (idx.min() < 0 or idx.max() >= _NDAYS):
            raise CalendarRangeError(
                f"a date is outside the working-day calendar ({FIRST_DAY} … {LAST_DAY})"
            )
        return idx

    def is_workday_array(self, days: DateArray) -> BoolArray:
        """Vectorised :meth:`is_workday` over a ``datetime64[D]`` array."""
        return self._work_np[self._array_index(days)]

    def add_workdays_array(self, starts: DateArray, n: int | IntArray) -> DateArray:
        """Vectorised :meth:`add_workdays`; ``n`` is an int or an array broadcast to starts."""
        idx = self._array_index(starts)
        if np.ndim(n) == 0:
            steps = operator.index(n)
            if steps > 0:
                k = self._cum_through[idx] + np.int32(steps - 1)
            elif steps == 0:
                return (idx + _EPOCH_OFFSET).view("datetime64[D]")
            else:
                k = self._cum_before[idx] + np.int32(steps)
            self._check_positions(k)
            return cast(DateArray, self._positions_epoch[k].view("datetime64[D]"))
        steps_arr = np.asarray(n, dtype=np.int64)
        k = np.where(
            steps_arr > 0, self._cum_through[idx] + steps_arr - 1, self._cum_before[idx] + steps_arr
        )
        is_zero = steps_arr == 0
        k = np.where(is_zero, 0, k)
        self._check_positions(k)
        result = np.where(is_zero, idx + _EPOCH_OFFSET, self._positions_epoch[k])
        return result.view("datetime64[D]")

    def _check_positions(self, k: npt.NDArray[np.integer]) -> None:
        if k.size and (k.min() < 0 or k.max() >= self._n_workdays):
            raise CalendarRangeError(
                f"a result is outside the working-day calendar ({FIRST_DAY} … {LAST_DAY})"
            )

    def count_workdays_array(self, starts: DateArray, ends: DateArray) -> npt.NDArray[np.int32]:
        """Vectorised :meth:`count_workdays`: working days in (start, end], 0 if end ≤ start."""
        counts = (
            self._cum_through[self._array_index(ends)]
            - self._cum_through[self._array_index(starts)]
        )
        return cast(npt.NDArray[np.int32], np.maximum(counts, 0))

    def provisional_array(self, starts: DateArray, ends: DateArray) -> BoolArray:
        """True where a day in (start, end] (or (end, start]) is provisional."""
        s = self._array_index(starts)
        e = self._array_index(ends)
        lo = np.minimum(s, e)
        hi = np.maximum(s, e)
        return (self._unknown_through[hi] - self._unknown_through[lo]) > 0

    # ------------------------------------------------------------------- year view
    def day_info(self, day: date) -> DayInfo:
        """Type, name and source of ``day`` (for the year view and the CLI)."""
        i = _index(day)
        is_known = bool(self._known_np[i])
        if i in self._special:
            day_type, name, source, reference = self._special[i]
        else:
            day_type = DayType.WORKDAY if self._weekday[i] < 5 else DayType.WEEKEND
            name = ""
            source, reference = self._year_source.get(day.year, (DaySource.RULE, ""))
        return DayInfo(
            day=day,
            is_workday=self._work[i],
            day_type=day_type,
            name=name,
            source=source,
            reference=reference,
            is_provisional=not is_known,
        )

    def year_days(self, year: int) -> list[DayInfo]:
        """:meth:`day_info` for every day of ``year``."""
        first = _index(date(year, 1, 1))
        last = _index(date(year, 12, 31))
        return [self.day_info(_day(i)) for i in range(first, last + 1)]

    def year_source(self, year: int) -> tuple[DaySource, str]:
        """Source of a year as a whole: a local notice, the library or the weekend rule."""
        return self._year_source.get(year, (DaySource.RULE, ""))

    def changed_days(self, other: WorkdayCalendar) -> list[date]:
        """Days whose working status differs between this calendar and ``other``."""
        diff = np.flatnonzero(self._work_np != other._work_np)
        return [_day(int(i)) for i in diff]
