"""Efficiency warnings and the unit flag (DOMAIN.md §2: ≥ 3 warnings a year → accountability)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import Notification
from xiaoneng.core.roles import Role
from xiaoneng.supervision.models import Accountability, EfficiencyWarning, SourceKind
from xiaoneng.supervision.services import warning_counts, warning_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(personas):
    return personas[Role.EFFICIENCY_SUPERVISOR]


@pytest.fixture
def staff(org_tree, make_user):
    return [make_user(Role.REVIEWER, organization=org_tree.department) for _ in range(3)]


def _issue(supervisor, person, on, ref="SP2026000001"):
    return warning_issue(
        actor=supervisor,
        person=person,
        reason="超期未办结",
        source_kind=SourceKind.CASE,
        source_ref=ref,
        issued_on=on,
    )


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_third_warning_of_a_year_flags_the_unit_once(supervisor, staff, org_tree, make_user):
    head = make_user(Role.DEPARTMENT_HEAD, organization=org_tree.department)
    _issue(supervisor, staff[0], date(2026, 1, 5))
    _issue(supervisor, staff[1], date(2026, 3, 5))
    assert not Accountability.objects.exists()
    third = _issue(supervisor, staff[2], date(2026, 6, 5))
    flag = Accountability.objects.get()
    assert (flag.unit, flag.year, flag.triggered_by) == (org_tree.department, 2026, third)
    assert sorted(flag.deliverables.values_list("kind", flat=True)) == [
        "rectification_plan",
        "self_examination",
    ]
    assert Notification.objects.filter(recipient=head, dedupe_key=f"accountability:{flag.pk}")
    _issue(supervisor, staff[0], date(2026, 7, 5))  # the fourth does not flag again
    assert Accountability.objects.count() == 1
    assert warning_counts(unit=org_tree.department, year=2026) == 4
    assert warning_counts(person=staff[0], year=2026) == 2


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_warnings_spread_across_two_years_do_not_flag(supervisor, staff):
    _issue(supervisor, staff[0], date(2025, 11, 5))
    _issue(supervisor, staff[1], date(2025, 12, 31))
    _issue(supervisor, staff[2], date(2026, 1, 1))
    assert not Accountability.objects.exists()
    assert list(EfficiencyWarning.objects.order_by("issued_on").values_list("year", flat=True)) == [
        2025,
        2025,
        2026,
    ]


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_warning_counts_for_the_persons_unit_not_the_issuers(supervisor, org_tree, make_user):
    county_staff = make_user(Role.REVIEWER, organization=org_tree.county_department)
    warning = _issue(supervisor, county_staff, date(2026, 2, 1))
    assert warning.unit == org_tree.county_department
    assert warning.number.startswith("GJ2026")


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("reason", {"reason": "  "}),
        ("source_kind", {"source_kind": "rumour"}),
        ("source_ref", {"source_ref": ""}),
        ("issued_on", {"issued_on": date(2026, 12, 1)}),
    ],
)
def test_bad_input_names_the_field(supervisor, staff, field, changes):
    arguments = {
        "actor": supervisor,
        "person": staff[0],
        "reason": "迟到",
        "source_kind": SourceKind.INSPECTION,
        "source_ref": "MC-7",
        **changes,
    }
    with pytest.raises(InvalidInput) as error:
        warning_issue(**arguments)
    assert error.value.field == field


def test_only_supervisors_covering_the_unit_issue_warnings(personas, staff, org_tree, make_user):
    other_city_supervisor = make_user(
        Role.EFFICIENCY_SUPERVISOR, organization=org_tree.other_city_department
    )
    for actor in (personas[Role.DEPARTMENT_HEAD], personas[Role.LEADER], other_city_supervisor):
        with pytest.raises(NotPermitted):
            warning_issue(
                actor=actor,
                person=staff[0],
                reason="迟到",
                source_kind=SourceKind.INSPECTION,
                source_ref="MC-7",
            )
    assert not EfficiencyWarning.objects.exists()
