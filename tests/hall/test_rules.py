"""The hall's pure rules (hall/rules.py), table-driven."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from xiaoneng.core.errors import Conflict
from xiaoneng.hall import rules
from xiaoneng.hall.workflow import (
    APPOINTMENT_TRANSITIONS,
    TICKET_TRANSITIONS,
    AppointmentStatus,
    TicketStatus,
    appointment_target,
    ticket_target,
)

Z = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("opens", "closes", "minutes", "expected"),
    [
        (time(9), time(12), 60, [time(9), time(10), time(11)]),
        (time(9), time(10, 45), 30, [time(9), time(9, 30), time(10)]),  # last slot ends by closing
        (time(9), time(9, 20), 30, []),
    ],
)
def test_slot_times_cut_the_opening_hours(opens, closes, minutes, expected):  # type: ignore[no-untyped-def]
    assert rules.slot_times(opens, closes, minutes) == expected


def test_opening_days_follow_the_calendar():  # type: ignore[no-untyped-def]
    # 2026-10-01..03 National Day holidays, 2026-09-20 (Sunday) a make-up working day
    calendar = {date(2026, 9, 20): True, date(2026, 10, 1): False}
    days = rules.opening_days(
        date(2026, 9, 20), date(2026, 10, 1), lambda d: calendar.get(d, d.weekday() < 5)
    )
    assert date(2026, 9, 20) in days and date(2026, 10, 1) not in days
    assert date(2026, 9, 26) not in days  # a Saturday


D = date


@pytest.mark.parametrize(
    ("no_shows", "expected"),
    [
        ([], None),
        ([D(2026, 1, 1), D(2026, 2, 1)], None),  # two are not three
        ([D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)], D(2026, 3, 31)),  # 3 within 90 days → +30
        ([D(2026, 1, 1), D(2026, 2, 1), D(2026, 4, 1)], None),  # 90 days apart: not within 90
        ([D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 31)], D(2026, 4, 30)),  # day 89 after the first
    ],
)
def test_three_no_shows_in_90_days_block_online_booking_30_days(no_shows, expected):  # type: ignore[no-untyped-def]
    assert (
        rules.online_booking_blocked_until(no_shows, limit=3, window_days=90, ban_days=30)
        == expected
    )


@pytest.mark.parametrize(
    ("now_hours_before", "cutoff", "allowed"),
    [(3, 2, True), (2, 2, True), (1.5, 2, False), (0, 0, True)],
)
def test_changes_until_the_cutoff(now_hours_before, cutoff, allowed):  # type: ignore[no-untyped-def]
    starts = datetime(2026, 6, 2, 10, tzinfo=Z)
    assert rules.may_change(starts, starts - timedelta(hours=now_hours_before), cutoff) is allowed


def test_appointments_whose_slot_began_are_called_first():  # type: ignore[no-untyped-def]
    now = datetime(2026, 6, 2, 10, 5, tzinfo=Z)
    walk_in_early = rules.QueueEntry(1, now - timedelta(minutes=40), None)
    appointment_now = rules.QueueEntry(2, now - timedelta(minutes=5), now - timedelta(minutes=5))
    appointment_later = rules.QueueEntry(3, now, now + timedelta(minutes=25))
    order = [
        e.key for e in rules.queue_order([walk_in_early, appointment_later, appointment_now], now)
    ]
    assert order == [2, 1, 3]


@pytest.mark.parametrize("action", list(APPOINTMENT_TRANSITIONS))
def test_every_appointment_row(action):  # type: ignore[no-untyped-def]
    sources, target = APPOINTMENT_TRANSITIONS[action]
    for status in AppointmentStatus.values:
        if status in sources:
            assert appointment_target(status, action) == target
        else:
            with pytest.raises(Conflict):
                appointment_target(status, action)


@pytest.mark.parametrize("action", list(TICKET_TRANSITIONS))
def test_every_ticket_row(action):  # type: ignore[no-untyped-def]
    sources, target = TICKET_TRANSITIONS[action]
    for status in TicketStatus.values:
        if status in sources:
            assert ticket_target(status, action) == target
        else:
            with pytest.raises(Conflict):
                ticket_target(status, action)
