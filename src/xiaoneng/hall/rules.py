"""The hall's rules as pure functions over dates and times (tested by tables in
tests/hall/test_rules.py).

* Slots: a hall is open on working days of the statutory calendar (make-up working days
  included, holidays excluded), from ``opens_at`` to ``closes_at``, cut into slots of
  ``slot_minutes``; the last slot ends by closing time.
* No-shows: ``limit`` missed appointments within ``window_days`` days block online booking for
  ``ban_days`` days from the last one (default 3 in 90 → 30 days; settings HALL_NO_SHOW_*).
  Staff may still book by phone: the block concerns the portal only.
* Changes: an appointment may be cancelled or rescheduled until ``cutoff_hours`` before its slot.
* Queue order: appointments whose slot has begun come first, by slot start; then everyone else
  by the time their wait counts from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo


def slot_times(opens_at: time, closes_at: time, slot_minutes: int) -> list[time]:
    """Start times of the slots of one opening day (09:00–12:00 by 60 → 09:00, 10:00, 11:00)."""
    if slot_minutes <= 0:
        return []
    start = opens_at.hour * 60 + opens_at.minute
    end = closes_at.hour * 60 + closes_at.minute
    return [time(m // 60, m % 60) for m in range(start, end - slot_minutes + 1, slot_minutes)]


def opening_days(first: date, last: date, is_workday: Callable[[date], bool]) -> list[date]:
    """The days from ``first`` to ``last`` (inclusive) on which the hall is open."""
    days = []
    day = first
    while day <= last:
        if is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def slot_starts(days: Iterable[date], times: Sequence[time], zone: tzinfo) -> list[datetime]:
    return [datetime.combine(day, t, tzinfo=zone) for day in days for t in times]


def online_booking_blocked_until(
    no_show_days: Iterable[date], *, limit: int, window_days: int, ban_days: int
) -> date | None:
    """The last day online booking stays blocked, or None.

    The block starts from the latest no-show that completes ``limit`` no-shows within
    ``window_days`` days (that day and the ``window_days − 1`` before it) and lasts
    ``ban_days`` days after it.
    """
    days = sorted(no_show_days)
    if limit <= 0:
        return None
    blocked: date | None = None
    for index in range(limit - 1, len(days)):
        if (days[index] - days[index - limit + 1]).days < window_days:
            blocked = days[index] + timedelta(days=ban_days)
    return blocked


def may_change(starts_at: datetime, now: datetime, cutoff_hours: int) -> bool:
    """True while an appointment may still be cancelled or rescheduled."""
    return now <= starts_at - timedelta(hours=cutoff_hours)


@dataclass(frozen=True)
class QueueEntry:
    key: int
    waiting_from: datetime
    slot_starts_at: datetime | None  # None for walk-ins


def queue_order(entries: Iterable[QueueEntry], now: datetime) -> list[QueueEntry]:
    """Who is called next: appointments whose slot has begun, by slot; then by waiting time."""

    def rank(entry: QueueEntry) -> tuple[int, datetime, int]:
        if entry.slot_starts_at is not None and entry.slot_starts_at <= now:
            return (0, entry.slot_starts_at, entry.key)
        return (1, entry.waiting_from, entry.key)

    return sorted(entries, key=rank)
