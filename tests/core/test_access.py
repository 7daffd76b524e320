"""Permission matrix: each role × own subtree / other subtree / business data (三员分立)."""

from __future__ import annotations

import pytest

from xiaoneng.core.access import user_may
from xiaoneng.core.roles import ADMIN_ROLES, BUSINESS_PERMS, ROLE_PERMS, Perm, Role

# (role, permission it holds, attribute of org_tree inside its scope, attribute outside it)
SCOPE_TABLE = [
    (Role.WINDOW_CLERK, Perm.CASE_ACCEPT, "department", "other_city_department"),
    (Role.REVIEWER, Perm.CASE_REVIEW, "department", "other_department"),
    (Role.DEPARTMENT_HEAD, Perm.CASE_APPROVE_EXTENSION, "department", "county_department"),
    (Role.CENTRE_COORDINATOR, Perm.CASE_COORDINATE, "county_department", "other_city_department"),
    (
        Role.EFFICIENCY_SUPERVISOR,
        Perm.SUPERVISION_ACT,
        "county_department",
        "other_city_department",
    ),
    (Role.COMPLAINT_HANDLER, Perm.COMPLAINT_HANDLE, "community", "other_city"),
    (Role.EVALUATION_OFFICER, Perm.EVALUATION_MANAGE, "county", "other_city_department"),
    (Role.HR_OFFICER, Perm.ROTATION_MANAGE, "department", "other_city"),
    (Role.STREET_OFFICE_STAFF, Perm.COMMUNITY_APPROVE, "community", "county_department"),
    (Role.COMMUNITY_STAFF, Perm.COMMUNITY_RECORD, "community", "street"),
    (Role.LEADER, Perm.CASE_VIEW, "community", "other_city_department"),
    (Role.SYSTEM_ADMIN, Perm.ORG_MANAGE, "county", "other_city"),
    (Role.SECURITY_ADMIN, Perm.SECURITY_MANAGE, "department", "other_city"),
    (Role.AUDIT_ADMIN, Perm.AUDIT_VIEW, "department", "other_city"),
]


@pytest.mark.parametrize(("role", "perm", "inside", "outside"), SCOPE_TABLE)
def test_role_acts_within_its_subtree_only(personas, org_tree, role, perm, inside, outside):
    user = personas[role]
    assert user_may(user, perm, getattr(org_tree, inside))
    assert not user_may(user, perm, getattr(org_tree, outside))


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_administrators_never_read_business_data(personas, org_tree, role):
    user = personas[role]
    for perm in BUSINESS_PERMS:
        assert not user_may(user, perm, org_tree.department), perm


@pytest.mark.parametrize("role", [r for r in Role if r != Role.AUDIT_ADMIN])
def test_only_the_audit_administrator_reads_the_audit_trail(personas, org_tree, role):
    assert not user_may(personas[role], Perm.AUDIT_VIEW, org_tree.city)


def test_leader_is_read_only(personas, org_tree):
    leader = personas[Role.LEADER]
    writes = [p for p in ROLE_PERMS[Role.LEADER] if not p.endswith(".view")]
    assert writes == []
    assert not user_may(leader, Perm.CASE_DECIDE, org_tree.department)


def test_anonymous_may_nothing(org_tree):
    from django.contrib.auth.models import AnonymousUser

    assert not user_may(AnonymousUser(), Perm.CASE_VIEW, org_tree.department)


def test_civil_affairs_oversees_community_work_across_its_government(org_tree, make_user):
    from tests.factories import OrganizationFactory
    from xiaoneng.core.models import Level, OrganizationKind

    bureau = OrganizationFactory(
        name="江南区民政局",
        parent=org_tree.county,
        level=Level.COUNTY,
        kind=OrganizationKind.CIVIL_AFFAIRS,
    )
    head = make_user(Role.DEPARTMENT_HEAD, organization=bureau)
    assert user_may(head, Perm.COMMUNITY_APPROVE, org_tree.community)
    assert not user_may(head, Perm.COMMUNITY_APPROVE, org_tree.community.parent.parent.parent)
    # Only community work: its case handling stays within the bureau.
    assert not user_may(head, Perm.CASE_DECIDE, org_tree.county_department)


def test_a_window_clerk_in_a_department_accepts_for_that_department_only(org_tree, make_user):
    clerk = make_user(Role.WINDOW_CLERK, organization=org_tree.department)
    assert user_may(clerk, Perm.CASE_ACCEPT, org_tree.department)
    assert not user_may(clerk, Perm.CASE_ACCEPT, org_tree.other_department)
