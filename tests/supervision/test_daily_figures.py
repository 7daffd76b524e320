"""Recorded figures of finished days (supervision/daily.py): which rebuilds drop them, the
sweep records them, a day not over is never recorded; read back they equal the watches'."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.supervision.factories import make_case, make_version, watch_of
from xiaoneng.cases.models import CasePause
from xiaoneng.supervision.clock import _watch_fields, first_changed_day, watch_refresh
from xiaoneng.supervision.daily import (
    daily_figures_catch_up,
    daily_figures_record,
    recorded_days,
)
from xiaoneng.supervision.lights import light_summaries, light_summary
from xiaoneng.supervision.models import DailyFigures, DailyFiguresDay, SupervisionSettings
from xiaoneng.supervision.sweep import supervise

pytestmark = pytest.mark.django_db
D = date.fromisoformat
TODAY = timezone.localdate()
PAST = TODAY - timedelta(days=30)


@dataclass(frozen=True)
class Change:
    name: str
    old: dict
    new: dict
    old_pauses: tuple = ()
    new_pauses: tuple = ()


def _fields(**changes):
    base = {
        "case_number": "JC1",
        "item_name": "事项",
        "item_id": 1,
        "is_joint": False,
        "start_position": 80,
        "agency_id": 1,
        "agency_path": "/1/",
        "handling_type": "promised",
        "accepted_on": PAST,
        "watched_from": PAST,
        "finished_on": None,
        "decided_on": None,
        "open_until": D("9999-12-31"),
        "workdays_used": None,
        "due_position": 100,
        "yellow_position": 96,
        "legal_position": 140,
        "committed_span": 10,
        "legal_span": 40,
        "yellow_span": 4,
        "extended_on": None,
        "unextended_due_position": 100,
        "unextended_yellow_position": 96,
        "unextended_legal_position": 140,
        "has_pauses": False,
        "is_paused": False,
        "committed_due_on": PAST + timedelta(days=7),
        "legal_due_on": PAST + timedelta(days=28),
        "is_deadline_provisional": False,
        "assignee_id": None,
    }
    return {**base, **changes}


class _Old:
    def __init__(self, fields):
        self.__dict__.update(fields)


B = PAST + timedelta(days=10)  # a backdated day
EXTENDED = {
    "extended_on": TODAY,
    "due_position": 120,
    "yellow_position": 116,
    "legal_position": 160,
    "committed_span": 30,
    "legal_span": 60,
    "committed_due_on": TODAY + timedelta(days=14),
}
# rule: a same-day event changes only today; a backdated one from its day; anything moving
# the deadlines (calendar, limits) or the unit from the day the case came under the clock.
CHANGES = [
    Change("nothing", {}, {}),
    Change(
        "name, item and assignee only",
        {},
        {"item_name": "新名称", "item_id": 2, "is_joint": True, "assignee_id": 7},
    ),
    Change(
        "decided today",
        {},
        {
            "finished_on": TODAY,
            "decided_on": TODAY,
            "open_until": TODAY,
            "workdays_used": 20,
        },
    ),
    Change("decided, backdated", {}, {"finished_on": B, "decided_on": B, "open_until": B}),
    Change("pause begun today", {}, {"has_pauses": True, "is_paused": True}, (), ((TODAY, None),)),
    Change("pause ended today", {}, {}, ((B, None),), ((B, TODAY),)),
    Change("pause recorded late", {}, {"has_pauses": True}, (), ((B, B + timedelta(days=3)),)),
    Change("extension granted today", {}, EXTENDED),
    Change("calendar moved the deadline", {}, {"due_position": 102, "yellow_position": 98}),
    Change("case moved to another unit", {}, {"agency_id": 2, "agency_path": "/2/"}),
    Change("provisional mark cleared", {"is_deadline_provisional": True}, {}),
]
EXPECTED = {
    "nothing": None,
    "name, item and assignee only": None,
    "decided today": TODAY,
    "decided, backdated": B,
    "pause begun today": TODAY,
    "pause ended today": TODAY,
    "pause recorded late": B,
    "extension granted today": TODAY,
    "calendar moved the deadline": PAST,
    "case moved to another unit": PAST,
    "provisional mark cleared": None,
}


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.name)
def test_first_changed_day(change):
    old = _Old(_fields(**change.old))
    new = _fields(**change.new)
    got = first_changed_day(old, list(change.old_pauses), new, list(change.new_pauses))  # type: ignore[arg-type]
    assert got == EXPECTED[change.name]


def test_a_new_watch_changes_the_days_from_its_start():
    assert first_changed_day(None, [], _fields(), []) == PAST


@pytest.fixture
def city(org_tree):
    version = make_version(org_tree.department, committed=5, legal=20)
    cases = [
        make_case(version, accepted_on=PAST),
        make_case(version, accepted_on=PAST - timedelta(days=3), decided_on=PAST + timedelta(2)),
        make_case(version, accepted_on=PAST + timedelta(days=5)),
    ]
    return version, cases


def _days(start, n):
    return [start + timedelta(days=k) for k in range(n)]


def test_a_backdated_pause_drops_the_days_from_it_and_the_readers_stay_exact(city):
    _version, (case, *_rest) = city
    days = _days(PAST, 20)
    for day in days:
        daily_figures_record(day=day)
    assert recorded_days(days) == set(days)
    started = PAST + timedelta(days=4)
    CasePause.objects.create(
        case=case,
        kind="expert_review",
        started_on=started,
        ended_on=None,
        reason="专家评审",
        expected_workdays=5,
    )
    watch_refresh(case)
    assert recorded_days(days) == {d for d in days if d < started}
    summaries = light_summaries(user=None, days=days)
    assert summaries == {d: light_summary(user=None, as_of=d) for d in days}
    daily_figures_catch_up(days=40)
    assert recorded_days(days) == set(days)
    assert light_summaries(user=None, days=days) == summaries


def test_a_decision_today_keeps_the_recorded_days(city):
    _version, (case, *_rest) = city
    days = _days(PAST, 20)
    for day in days:
        daily_figures_record(day=day)
    case.decided_on = TODAY
    case.status = "approved"
    case.save()
    watch_refresh(case)
    assert recorded_days(days) == set(days)
    assert light_summaries(user=None, days=days) == {
        d: light_summary(user=None, as_of=d) for d in days
    }


def test_a_case_entered_with_a_past_acceptance_drops_the_days_from_it(city):
    version, _cases = city
    days = _days(PAST, 20)
    for day in days:
        daily_figures_record(day=day)
    make_case(version, accepted_on=PAST + timedelta(days=8))
    assert recorded_days(days) == {d for d in days if d < PAST + timedelta(days=8)}


def test_the_sweep_records_the_finished_days_of_the_last_month_once(city):
    report = supervise()
    expected = {TODAY - timedelta(days=k) for k in range(1, 32)}
    expected = {d for d in expected if d >= PAST - timedelta(days=3)}
    assert report.days_recorded == len(expected)
    assert set(DailyFiguresDay.objects.values_list("day", flat=True)) == expected
    assert supervise().days_recorded == 0
    assert DailyFigures.objects.filter(day=TODAY - timedelta(days=1)).exists()


def test_a_day_not_over_is_not_recorded(city):
    with pytest.raises(ValueError, match="not over"):
        daily_figures_record(day=TODAY)
    assert not DailyFiguresDay.objects.exists()


def test_watch_fields_names_match_the_rule_lists(city):
    """Every field the watch is rebuilt with is judged by first_changed_day."""
    _version, (case, *_rest) = city
    fields, *_rest = _watch_fields(case, SupervisionSettings.current(), [], _known())
    assert set(_fields()) == set(fields)
    assert watch_of(case).watched_from == PAST


def _known():
    from xiaoneng.supervision.clock import KnownOn

    return KnownOn()
