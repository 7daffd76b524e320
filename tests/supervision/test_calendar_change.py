"""A holiday notice entered later moves the stored working-day positions (set-based shift)."""

from __future__ import annotations

from datetime import date

import pytest

import xiaoneng.workdays as workdays
from tests.supervision.factories import make_case, make_version, watch_of
from xiaoneng.supervision.clock import watch_refresh
from xiaoneng.supervision.lights import light_of
from xiaoneng.supervision.receivers import on_calendar_notice_saved
from xiaoneng.workdays import make_notice

pytestmark = pytest.mark.django_db
D = date.fromisoformat
POSITIONS = ["start_position", "due_position", "yellow_position", "legal_position"]


@pytest.fixture
def calendar_2027():
    workdays.set_notices([make_notice(2027, holidays=[D("2027-01-01")])])
    yield
    workdays.set_notices([])


def test_new_holiday_shifts_positions_like_a_rebuild(calendar_2027, org_tree):
    version = make_version(org_tree.department, committed=5, legal=20)
    case = make_case(
        version, accepted_on=D("2027-03-01"), pauses=((D("2027-03-10"), D("2027-03-12")),)
    )
    later = make_case(version, accepted_on=D("2027-03-05"))
    assert light_of(watch_of(case), D("2027-03-09")) == "red"  # due Monday 03-08
    # the State Council makes Wednesday 03-03 a holiday
    workdays.set_notices([make_notice(2027, holidays=[D("2027-01-01"), D("2027-03-03")])])
    on_calendar_notice_saved(None, changed_days=[D("2027-03-03")])
    shifted = {c.pk: [getattr(watch_of(c), f) for f in POSITIONS] for c in (case, later)}
    assert light_of(watch_of(case), D("2027-03-09")) == "yellow"  # now due Tuesday 03-09
    for c in (case, later):
        watch_refresh(c)
        assert [getattr(watch_of(c), f) for f in POSITIONS] == shifted[c.pk]
