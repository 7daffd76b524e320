"""Fixtures for case tests: an agency with its staff, an applicant and items."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import translation

from tests.cases.factories import ApplicantFactory, make_item
from xiaoneng.catalog.models import ServiceItemVersion
from xiaoneng.core.models import Applicant, Organization, User
from xiaoneng.core.roles import Role


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    """Assertions read the English msgids; test_translations.py checks the Chinese."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@dataclass
class Desk:
    agency: Organization
    co_department: Organization
    clerk: User
    reviewer: User
    head: User
    coordinator: User
    supervisor: User
    outsider: User  # a reviewer of another city
    co_reviewer: User
    applicant: Applicant
    item: ServiceItemVersion


@pytest.fixture
def desk(org_tree, make_user) -> Desk:  # type: ignore[no-untyped-def]
    t = org_tree
    return Desk(
        agency=t.department,
        co_department=t.other_department,
        clerk=make_user(Role.WINDOW_CLERK, organization=t.department),
        reviewer=make_user(Role.REVIEWER, organization=t.department),
        head=make_user(Role.DEPARTMENT_HEAD, organization=t.department, real_name="李局长"),
        coordinator=make_user(Role.CENTRE_COORDINATOR, organization=t.service_centre),
        supervisor=make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office),
        outsider=make_user(Role.REVIEWER, organization=t.other_city_department),
        co_reviewer=make_user(Role.REVIEWER, organization=t.other_department),
        applicant=ApplicantFactory(),
        item=make_item(t.department),
    )


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """The browser journey runs with `-m browser` (make browser), not in the quick suite."""
    if "browser" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="browser journey: run with -m browser (make browser)")
    for item in items:
        if "browser" in item.keywords and "tests/cases/" in str(item.fspath):
            item.add_marker(skip)
