"""When the cases context provides Case, a rating must name an existing case and takes the
case's implementing agency as the department."""

from __future__ import annotations

import pytest

from xiaoneng.complaints import services
from xiaoneng.core.errors import NotFound
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db
cases_services = pytest.importorskip("xiaoneng.cases.services")
case_factories = pytest.importorskip("tests.cases.factories")


def test_rating_takes_the_department_from_the_case(org_tree, make_user):  # type: ignore[no-untyped-def]
    clerk = make_user(Role.WINDOW_CLERK, organization=org_tree.department)
    case = cases_services.case_submit(
        actor=clerk,
        item_version=case_factories.make_item(org_tree.department),
        applicant=case_factories.ApplicantFactory(),
        channel="window",
    )
    rating = services.rating_submit(
        case_number=case.number, department=org_tree.other_department, channel="on_site", overall=2
    )
    assert rating.department == org_tree.department


def test_unknown_case_number_is_refused(org_tree):  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound) as error:
        services.rating_submit(
            case_number="SP0000000000", department=org_tree.department, channel="online", overall=1
        )
    assert error.value.field == "case_number"
