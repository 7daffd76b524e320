"""Shared fixtures: a small organization tree and named personas for permission tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import OrganizationFactory, UserFactory
from xiaoneng.core.models import Level, Organization, OrganizationKind, User
from xiaoneng.core.roles import Role
from xiaoneng.workdays import invalidate

# Chromium fixtures for the browser journeys of every context, and the test OIDC provider,
# registered once.
pytest_plugins = ["tests.browser.fixtures", "tests.oidc_provider.fixtures"]


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Each test anchors its own audit trail: checkpoints of other tests would name other heads."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit"


@dataclass
class OrgTree:
    city: Organization
    department: Organization  # a city department
    other_department: Organization
    service_centre: Organization
    efficiency_office: Organization
    complaint_centre: Organization
    county: Organization
    county_department: Organization
    street: Organization
    street_department: Organization
    community: Organization
    other_city: Organization
    other_city_department: Organization


@pytest.fixture
def org_tree(db) -> OrgTree:  # type: ignore[no-untyped-def]
    city = OrganizationFactory(name="江州市人民政府", kind=OrganizationKind.GOVERNMENT)
    county = OrganizationFactory(
        name="江南区人民政府", kind=OrganizationKind.GOVERNMENT, level=Level.COUNTY, parent=city
    )
    street = OrganizationFactory(
        name="滨江街道办事处", kind=OrganizationKind.STREET_OFFICE, level=Level.TOWN, parent=county
    )
    other_city = OrganizationFactory(name="河州市人民政府", kind=OrganizationKind.GOVERNMENT)
    return OrgTree(
        city=city,
        department=OrganizationFactory(name="江州市市场监督管理局", parent=city),
        other_department=OrganizationFactory(
            name="江州市民政局", parent=city, kind=OrganizationKind.CIVIL_AFFAIRS
        ),
        service_centre=OrganizationFactory(
            name="江州市行政服务中心", parent=city, kind=OrganizationKind.SERVICE_CENTRE
        ),
        efficiency_office=OrganizationFactory(
            name="江州市效能办", parent=city, kind=OrganizationKind.EFFICIENCY_OFFICE
        ),
        complaint_centre=OrganizationFactory(
            name="江州市效能投诉中心", parent=city, kind=OrganizationKind.COMPLAINT_CENTRE
        ),
        county=county,
        county_department=OrganizationFactory(
            name="江南区市场监督管理局", parent=county, level=Level.COUNTY
        ),
        street=street,
        street_department=OrganizationFactory(
            name="滨江街道社区工作科",
            parent=street,
            level=Level.TOWN,
            kind=OrganizationKind.STREET_DEPARTMENT,
        ),
        community=OrganizationFactory(
            name="幸福社区居民委员会",
            parent=street,
            level=Level.VILLAGE,
            kind=OrganizationKind.COMMUNITY,
        ),
        other_city=other_city,
        other_city_department=OrganizationFactory(name="河州市市场监督管理局", parent=other_city),
    )


@pytest.fixture
def make_user(db):  # type: ignore[no-untyped-def]
    """make_user(Role.REVIEWER, organization=org) → a user with those roles."""

    def _make(*roles: str, organization: Organization, **kwargs: object) -> User:
        return UserFactory(organization=organization, roles=list(roles), **kwargs)

    return _make


@pytest.fixture
def personas(org_tree: OrgTree, make_user):  # type: ignore[no-untyped-def]
    """One named user per role, placed where that role works."""
    t = org_tree
    return {
        Role.WINDOW_CLERK: make_user(Role.WINDOW_CLERK, organization=t.service_centre),
        Role.REVIEWER: make_user(Role.REVIEWER, organization=t.department),
        Role.DEPARTMENT_HEAD: make_user(Role.DEPARTMENT_HEAD, organization=t.department),
        Role.CENTRE_COORDINATOR: make_user(Role.CENTRE_COORDINATOR, organization=t.service_centre),
        Role.EFFICIENCY_SUPERVISOR: make_user(
            Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office
        ),
        Role.COMPLAINT_HANDLER: make_user(Role.COMPLAINT_HANDLER, organization=t.complaint_centre),
        Role.EVALUATION_OFFICER: make_user(
            Role.EVALUATION_OFFICER, organization=t.efficiency_office
        ),
        Role.HR_OFFICER: make_user(Role.HR_OFFICER, organization=t.efficiency_office),
        Role.STREET_OFFICE_STAFF: make_user(Role.STREET_OFFICE_STAFF, organization=t.street),
        Role.COMMUNITY_STAFF: make_user(Role.COMMUNITY_STAFF, organization=t.community),
        Role.LEADER: make_user(Role.LEADER, organization=t.city),
        Role.SYSTEM_ADMIN: make_user(Role.SYSTEM_ADMIN, organization=t.efficiency_office),
        Role.SECURITY_ADMIN: make_user(Role.SECURITY_ADMIN, organization=t.efficiency_office),
        Role.AUDIT_ADMIN: make_user(Role.AUDIT_ADMIN, organization=t.efficiency_office),
    }


@pytest.fixture(autouse=True)
def default_language_after_each_test():  # type: ignore[no-untyped-def]
    """A request's language (LocaleMiddleware activates it in the test's thread and nothing
    deactivates it) must not become the next test's: labels would come out in English."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_public_cache():  # type: ignore[no-untyped-def]
    """A page cached by one test must not answer the next: after a rollback the audit ids, and
    so the stamps in the keys (core/public_cache.py), are handed out again on SQLite."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_working_day_calendar():  # type: ignore[no-untyped-def]
    """A notice saved by one test must not stay cached for the next one (rolled back)."""
    invalidate()
    yield
    invalidate()
