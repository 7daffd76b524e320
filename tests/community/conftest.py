"""Community fixtures: the shared org tree plus a district civil-affairs bureau, a second
community and the people who act in the ten rules."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import OrganizationFactory
from xiaoneng.core.models import Level, Organization, OrganizationKind, User
from xiaoneng.core.roles import Role


@dataclass
class Community:
    tree: object
    street: Organization
    street_department: Organization
    community: Organization
    other_community: Organization
    county: Organization
    county_department: Organization
    bureau: Organization
    community_staff: User
    other_community_staff: User
    street_staff: User
    street_head: User
    department_staff: User
    department_head_of_street_department: User
    district_staff: User
    bureau_head: User
    supervisor: User


@pytest.fixture
def cm(org_tree, make_user) -> Community:  # type: ignore[no-untyped-def]
    t = org_tree
    bureau = OrganizationFactory(
        name="江南区民政局",
        parent=t.county,
        level=Level.COUNTY,
        kind=OrganizationKind.CIVIL_AFFAIRS,
    )
    other = OrganizationFactory(
        name="和平社区居民委员会",
        parent=t.street,
        level=Level.VILLAGE,
        kind=OrganizationKind.COMMUNITY,
    )
    return Community(
        tree=t,
        street=t.street,
        street_department=t.street_department,
        community=t.community,
        other_community=other,
        county=t.county,
        county_department=t.county_department,
        bureau=bureau,
        community_staff=make_user(Role.COMMUNITY_STAFF, organization=t.community),
        other_community_staff=make_user(Role.COMMUNITY_STAFF, organization=other),
        street_staff=make_user(Role.STREET_OFFICE_STAFF, organization=t.street),
        street_head=make_user(
            Role.STREET_OFFICE_STAFF, Role.DEPARTMENT_HEAD, organization=t.street
        ),
        department_staff=make_user(Role.STREET_OFFICE_STAFF, organization=t.street_department),
        department_head_of_street_department=make_user(
            Role.DEPARTMENT_HEAD, organization=t.street_department
        ),
        district_staff=make_user(Role.DEPARTMENT_HEAD, organization=t.county_department),
        bureau_head=make_user(Role.DEPARTMENT_HEAD, organization=bureau),
        supervisor=make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office),
    )
