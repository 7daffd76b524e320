"""Lights of open cases as of any day (DOMAIN.md §2), in 2025 (National Day 10-01…10-08,
make-up working days Sunday 09-28 and Saturday 10-11).

Reference case: promised, committed 5 WD, legal 20 WD, accepted Monday 2025-09-01 →
committed due Monday 09-08, legal due Sunday 09-28 (make-up day). Yellow threshold:
max(2 days, 20 % of 5 = 1) = 2 working days left.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.supervision.factories import make_case, make_version, watch_of
from xiaoneng.core.roles import Role
from xiaoneng.supervision.clock import watch_refresh, yellow_threshold
from xiaoneng.supervision.lights import (
    cases_with_light,
    light_of,
    light_summary,
    opinions_with_light,
)
from xiaoneng.supervision.models import SupervisionSettings

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def version(org_tree):
    return make_version(org_tree.department, committed=5, legal=20)


@pytest.mark.parametrize(
    ("as_of", "light", "legal_overdue"),
    [
        ("2025-08-29", None, False),  # not yet accepted
        ("2025-09-01", "green", False),  # acceptance day: 5 left
        ("2025-09-03", "green", False),  # 3 left
        ("2025-09-04", "yellow", False),  # 2 left (Thu)
        ("2025-09-06", "yellow", False),  # Saturday: 1 left (Mon)
        ("2025-09-08", "yellow", False),  # the deadline itself: 0 left
        ("2025-09-09", "red", False),  # past the committed deadline
        ("2025-09-27", "red", False),  # Saturday before the make-up Sunday legal deadline
        ("2025-09-28", "red", False),  # legal deadline (make-up working Sunday)
        ("2025-09-29", "red", True),  # past the legal deadline
    ],
)
def test_reference_case_light_by_day(version, as_of, light, legal_overdue):
    case = make_case(version, accepted_on=D("2025-09-01"))
    assert light_of(watch_of(case), D(as_of)) == light
    summary = light_summary(user=None, as_of=D(as_of))
    assert summary.legal_overdue == int(legal_overdue)
    if light:
        assert getattr(summary, light) == 1


@pytest.mark.parametrize(
    ("as_of", "light"),
    [
        ("2025-09-09", "red"),  # open then: decided the next day
        ("2025-09-10", None),  # decided that day: no longer under the clock
        ("2025-11-03", None),
    ],
)
def test_as_of_in_the_past_of_a_decided_case(version, as_of, light):
    case = make_case(version, accepted_on=D("2025-09-01"), decided_on=D("2025-09-10"))
    assert light_of(watch_of(case), D(as_of)) == light


@pytest.mark.parametrize(
    ("as_of", "light"),
    [
        # expert review 09-03 → 09-05 removes 09-04 and 09-05: committed due moves to 09-10
        ("2025-09-03", "green"),  # 3 left
        ("2025-09-04", "green"),  # paused: still 3 left (without the pause: yellow)
        ("2025-09-08", "yellow"),  # 2 left
        ("2025-09-10", "yellow"),  # moved deadline
        ("2025-09-11", "red"),
    ],
)
def test_closed_pause_is_not_counted(version, as_of, light):
    case = make_case(
        version, accepted_on=D("2025-09-01"), pauses=((D("2025-09-03"), D("2025-09-05")),)
    )
    assert case.committed_due_on == D("2025-09-10")
    assert light_of(watch_of(case), D(as_of)) == light


@pytest.mark.parametrize(
    ("as_of", "light"),
    [
        ("2025-09-02", "green"),  # before the pause: 4 left
        ("2025-09-04", "green"),  # paused since 09-03 with 3 left
        ("2025-09-30", "green"),  # still paused: the deadline moves with the pause
        ("2025-12-31", "green"),
    ],
)
def test_open_pause_freezes_the_clock(version, as_of, light):
    case = make_case(version, accepted_on=D("2025-09-01"), pauses=((D("2025-09-03"), None),))
    assert light_of(watch_of(case), D(as_of)) == light


@pytest.mark.parametrize(
    ("as_of", "light"),
    [
        ("2025-09-01", "yellow"),  # 即办事项不过夜: due at the end of its acceptance day
        ("2025-09-02", "red"),
    ],
)
def test_immediate_item_red_after_its_acceptance_day(org_tree, as_of, light):
    version = make_version(org_tree.department, handling_type="immediate", legal=20)
    case = make_case(version, accepted_on=D("2025-09-01"))
    assert light_of(watch_of(case), D(as_of)) == light


def test_extension_moves_both_limits(version):
    case = make_case(version, accepted_on=D("2025-09-01"), extension_days=10)
    # committed 5 + 10 = 15 WD → 09-22; threshold max(2, 20 % of 15 = 3) = 3
    assert case.committed_due_on == D("2025-09-22")
    assert light_of(watch_of(case), D("2025-09-16")) == "green"  # 4 left
    assert light_of(watch_of(case), D("2025-09-17")) == "yellow"  # 3 left
    assert light_of(watch_of(case), D("2025-09-23")) == "red"


@pytest.mark.parametrize(
    ("limit", "days", "ratio", "threshold"),
    [(5, 2, "0.8", 2), (20, 2, "0.8", 4), (20, 2, "0.9", 2), (45, 2, "0.8", 9), (0, 2, "0.8", 2)],
)
def test_yellow_threshold_whichever_comes_first(limit, days, ratio, threshold):
    assert yellow_threshold(limit, yellow_days=days, yellow_ratio=Decimal(ratio)) == threshold


def test_item_and_global_thresholds_are_configurable(org_tree):
    own = make_version(org_tree.department, committed=5, yellow_days=4)
    case = make_case(own, accepted_on=D("2025-09-01"))
    assert light_of(watch_of(case), D("2025-09-02")) == "yellow"  # 4 left ≤ item's 4
    plain = make_case(make_version(org_tree.department, committed=5), accepted_on=D("2025-09-01"))
    assert light_of(watch_of(plain), D("2025-09-03")) == "green"
    settings = SupervisionSettings.current()
    settings.yellow_days = 3
    settings.save()
    watch_refresh(plain)
    assert light_of(watch_of(plain), D("2025-09-03")) == "yellow"  # 3 left ≤ 3


def test_provisional_deadline_is_marked(version):
    make_case(version, accepted_on=D("2025-09-01"), is_deadline_provisional=True)
    make_case(version, accepted_on=D("2025-09-01"), is_deadline_provisional=False)
    assert light_summary(user=None, as_of=D("2025-09-02")).provisional == 1
    flags = sorted(
        w.is_deadline_provisional for w in cases_with_light(user=None, as_of=D("2025-09-02"))
    )
    assert flags == [False, True]


@pytest.mark.parametrize(
    ("as_of", "lights"),
    [
        # opinion A requested 09-01, due 09-10 (7 WD), yellow from 09-08; B given 09-09
        ("2025-08-29", []),
        ("2025-09-05", ["green", "green"]),
        ("2025-09-08", ["yellow", "yellow"]),
        ("2025-09-10", ["yellow"]),  # B given on 09-09
        ("2025-09-11", ["red"]),
    ],
)
def test_each_joint_opinion_has_its_own_light(version, org_tree, as_of, lights):
    make_case(
        version,
        accepted_on=D("2025-09-01"),
        opinions=(
            (org_tree.other_department, D("2025-09-01"), D("2025-09-10"), None),
            (org_tree.service_centre, D("2025-09-01"), D("2025-09-10"), D("2025-09-09")),
        ),
    )
    found = opinions_with_light(user=None, as_of=D(as_of))
    assert sorted(o.light for o in found) == sorted(lights)


def test_list_filters_by_light_most_overdue_first(version):
    late = make_case(version, accepted_on=D("2025-08-01"))
    later = make_case(version, accepted_on=D("2025-08-20"))
    make_case(version, accepted_on=D("2025-09-03"))
    red = list(cases_with_light(user=None, light="red", as_of=D("2025-09-10")))
    assert [w.pk for w in red] == [late.pk, later.pk]
    assert red[0].days_left < red[1].days_left < 0
    legal = cases_with_light(user=None, light="legal_overdue", as_of=D("2025-09-10"))
    assert [w.pk for w in legal] == [late.pk]  # 08-01 + 20 WD = 08-28


def test_summary_respects_the_users_scope(version, org_tree, make_user, personas):
    make_case(version, accepted_on=D("2025-09-01"))
    other = make_version(org_tree.other_city_department)
    make_case(other, accepted_on=D("2025-09-01"))
    supervisor = personas[Role.EFFICIENCY_SUPERVISOR]
    assert light_summary(user=supervisor, as_of=D("2025-09-02")).open == 1
    assert light_summary(user=None, as_of=D("2025-09-02")).open == 2
    assert light_summary(user=personas[Role.WINDOW_CLERK], as_of=D("2025-09-02")).open == 0
    assert (
        light_summary(
            user=supervisor, as_of=D("2025-09-02"), organization=org_tree.other_department
        ).open
        == 0
    )


@pytest.mark.parametrize(
    ("pause_from", "as_of", "light"),
    [
        # Art. 45 (cases.deadlines): a pause begun on or after the deadline does not move it
        ("2025-09-08", "2025-09-09", "red"),  # begun on the committed deadline (09-08)
        ("2025-09-06", "2025-09-09", "yellow"),  # begun before it (Saturday): frozen, 1 left
        ("2025-09-10", "2025-09-30", "red"),  # begun after it
    ],
)
def test_pause_begun_on_or_after_the_deadline_does_not_save_the_case(
    version, pause_from, as_of, light
):
    case = make_case(version, accepted_on=D("2025-09-01"), pauses=((D(pause_from), None),))
    assert light_of(watch_of(case), D(as_of)) == light


def test_pause_after_the_committed_but_before_the_legal_deadline(version):
    # paused from 09-10 (after the committed 09-08, before the legal 09-28): red but the
    # legal clock is frozen at 12 used of 20
    case = make_case(version, accepted_on=D("2025-09-01"), pauses=((D("2025-09-10"), None),))
    summary = light_summary(user=None, as_of=D("2025-10-31"))
    assert (summary.red, summary.legal_overdue) == (1, 0)
    assert light_of(watch_of(case), D("2025-10-31")) == "red"
