"""Rotation eligibility at the 5-year mark (DOMAIN.md §4: same post ≥ 5 years → rotate)."""

from datetime import date

import pytest

from tests.evaluation.factories import PostHoldingFactory
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import Rank
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.selectors.rotation import due_counts, rotation_counts, rotation_due
from xiaoneng.evaluation.services.rotation import (
    anniversary,
    post_history_seed,
    post_holding_record,
    rotation_execute,
    rotation_plan_create,
    rotation_policy_set,
)


@pytest.mark.parametrize(
    ("started", "on", "due"),
    [
        (date(2021, 3, 1), date(2026, 2, 28), False),  # the day before the 5-year mark
        (date(2021, 3, 1), date(2026, 3, 1), True),  # the day of the mark
        (date(2021, 3, 1), date(2026, 3, 2), True),
        (date(2020, 2, 29), date(2025, 2, 27), False),  # leap day: mark is 28 February
        (date(2020, 2, 29), date(2025, 2, 28), True),
        (date(2021, 12, 31), date(2026, 12, 30), False),
        (date(2021, 12, 31), date(2026, 12, 31), True),
    ],
)
def test_five_year_boundary(org_tree, make_user, started, on, due):
    hr = make_user(Role.HR_OFFICER, organization=org_tree.efficiency_office)
    person = make_user(organization=org_tree.department)
    PostHoldingFactory(person=person, unit=org_tree.department, started_on=started)
    rows = rotation_due(user=hr, on=on)
    assert [r.holding.person for r in rows] == ([person] if due else [])


def test_anniversary_of_leap_day():
    assert anniversary(date(2020, 2, 29), 5) == date(2025, 2, 28)
    assert anniversary(date(2020, 2, 29), 4) == date(2024, 2, 29)


def test_policy_years_and_exempt_posts(org_tree, make_user):
    hr = make_user(Role.HR_OFFICER, organization=org_tree.efficiency_office)
    a, b = make_user(organization=org_tree.department), make_user(organization=org_tree.department)
    PostHoldingFactory(person=a, unit=org_tree.department, started_on=date(2023, 1, 1))
    PostHoldingFactory(
        person=b, unit=org_tree.department, post="机要员", started_on=date(2015, 1, 1)
    )
    on = date(2026, 1, 1)
    assert [r.holding.person for r in rotation_due(user=hr, on=on)] == [b]
    rotation_policy_set(actor=hr, government=org_tree.city, years=3, exempt_posts=["机要员"])
    assert [r.holding.person for r in rotation_due(user=hr, on=on)] == [a]


def test_ended_holdings_and_other_governments_are_not_due(org_tree, make_user):
    hr = make_user(Role.HR_OFFICER, organization=org_tree.efficiency_office)
    a = make_user(organization=org_tree.department)
    PostHoldingFactory(
        person=a, unit=org_tree.department, started_on=date(2010, 1, 1), ended_on=date(2020, 1, 1)
    )
    b = make_user(organization=org_tree.other_city_department)
    PostHoldingFactory(person=b, unit=org_tree.other_city_department, started_on=date(2010, 1, 1))
    assert rotation_due(user=hr, on=date(2026, 1, 1)) == []


def test_due_by_unit_and_rank(org_tree, make_user):
    hr = make_user(Role.HR_OFFICER, organization=org_tree.efficiency_office)
    for unit, rank in [
        (org_tree.department, Rank.SECTION),
        (org_tree.department, Rank.ORDINARY),
        (org_tree.county_department, Rank.ORDINARY),
    ]:
        PostHoldingFactory(
            person=make_user(organization=unit), unit=unit, rank=rank, started_on=date(2019, 1, 1)
        )
    rows = rotation_due(user=hr, on=date(2026, 1, 1))
    assert due_counts(rows) == {
        org_tree.department.name: {"section": 1, "ordinary": 1},
        org_tree.county_department.name: {"ordinary": 1},
    }
    assert len(rotation_due(user=hr, on=date(2026, 1, 1), unit=org_tree.county)) == 1
    assert len(rotation_due(user=hr, on=date(2026, 1, 1), rank=Rank.SECTION)) == 1


def test_seed_history_from_staff_records_and_execute_rotation(org_tree, make_user):
    hr = make_user(Role.HR_OFFICER, organization=org_tree.efficiency_office)
    person = make_user(
        organization=org_tree.department,
        post="审批科科员",
        post_since=date(2019, 5, 6),
        rank=Rank.SECTION,
    )
    assert post_history_seed(actor=hr, root=org_tree.city) >= 1
    assert post_history_seed(actor=hr, root=org_tree.city) == 0  # once only
    rotation = rotation_execute(
        actor=hr,
        person=person,
        to_unit=org_tree.other_department,
        to_post="综合科科员",
        rotated_on=date(2026, 3, 2),
    )
    holdings = list(person.post_holdings.order_by("started_on"))
    assert [(h.post, h.started_on, h.ended_on) for h in holdings] == [
        ("审批科科员", date(2019, 5, 6), date(2026, 3, 1)),
        ("综合科科员", date(2026, 3, 2), None),
    ]
    person.refresh_from_db()
    assert (person.post, person.post_since, person.organization) == (
        "综合科科员",
        date(2026, 3, 2),
        org_tree.other_department,
    )
    assert rotation.rank == Rank.SECTION
    assert rotation_counts(user=hr, year=2026) == {
        "bureau": 0,
        "division": 0,
        "section": 1,
        "ordinary": 0,
        "total": 1,
        "units": 1,
    }


def test_only_hr_manages_rotation(org_tree, make_user):
    clerk = make_user(Role.REVIEWER, organization=org_tree.department)
    with pytest.raises(NotPermitted):
        post_history_seed(actor=clerk, root=org_tree.department)


def test_plan_then_rotation_from_the_plan(org_tree, make_user):
    hr = make_user(Role.HR_OFFICER, organization=org_tree.efficiency_office)
    a = make_user(organization=org_tree.department, post="审批科科员", rank=Rank.ORDINARY)
    PostHoldingFactory(person=a, unit=org_tree.department, started_on=date(2019, 1, 1))
    plan = rotation_plan_create(
        actor=hr,
        title="2026年轮岗交流计划",
        year=2026,
        owner=org_tree.city,
        entries=[
            {
                "person": a,
                "to_unit": org_tree.other_department,
                "to_post": "综合科科员",
                "planned_on": date(2026, 4, 1),
            }
        ],
    )
    entry = plan.entries.get()
    rotation = rotation_execute(
        actor=hr,
        person=a,
        to_unit=entry.to_unit,
        to_post=entry.to_post,
        rotated_on=entry.planned_on,
        plan_entry=entry,
    )
    assert entry.rotation == rotation
    with pytest.raises(InvalidInput):
        rotation_plan_create(
            actor=hr,
            title="x",
            year=2026,
            owner=org_tree.city,
            entries=[
                {
                    "person": a,
                    "to_unit": org_tree.department,
                    "to_post": "p",
                    "planned_on": date(2026, 4, 1),
                }
            ]
            * 2,
        )


def test_post_history_never_overlaps(org_tree, make_user):
    hr = make_user(Role.HR_OFFICER, organization=org_tree.efficiency_office)
    a = make_user(organization=org_tree.department)
    post_holding_record(
        actor=hr,
        person=a,
        unit=org_tree.department,
        post="科员",
        rank="",
        started_on=date(2015, 1, 1),
        ended_on=date(2019, 12, 31),
    )
    with pytest.raises(InvalidInput) as error:
        post_holding_record(
            actor=hr,
            person=a,
            unit=org_tree.department,
            post="科长",
            rank="",
            started_on=date(2019, 12, 31),
        )
    assert error.value.field == "started_on"
    post_holding_record(
        actor=hr,
        person=a,
        unit=org_tree.department,
        post="科长",
        rank="",
        started_on=date(2020, 1, 1),
    )
