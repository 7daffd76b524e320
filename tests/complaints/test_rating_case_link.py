"""A rating names an existing case, links to it, and takes the case's implementing agency as the
department (complaints/services/ratings.py, rating_submit)."""

from __future__ import annotations

import pytest

from tests.complaints.rated_cases import case_to_rate
from xiaoneng.complaints import services
from xiaoneng.core.errors import NotFound

pytestmark = pytest.mark.django_db


def test_rating_links_the_case_and_takes_its_department(org_tree):  # type: ignore[no-untyped-def]
    case = case_to_rate(org_tree.department)
    rating = services.rating_submit(case_number=case.number, channel="on_site", overall=2)
    assert rating.case == case
    assert rating.department == org_tree.department
    assert list(case.ratings.all()) == [rating]


def test_unknown_case_number_is_refused(org_tree):  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound) as error:
        services.rating_submit(case_number="SP0000000000", channel="online", overall=1)
    assert error.value.field == "case_number"


def test_the_api_needs_no_department_and_refuses_an_unknown_case_by_its_field(client, org_tree):  # type: ignore[no-untyped-def]
    """Signed out, without a department: 201 for a held case (its agency is the department),
    a 404 naming case_number for an unknown one, a 400 naming it when it is missing — never 500."""
    client.raise_request_exception = True
    case = case_to_rate(org_tree.department)
    body = {"channel": "online", "overall": 1}
    made = client.post(
        "/api/v1/ratings/", {**body, "case_number": case.number}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    assert case.ratings.get().department == org_tree.department
    unknown = client.post(
        "/api/v1/ratings/",
        {**body, "case_number": "SP0000000000"},
        content_type="application/json",
    )
    assert unknown.status_code == 404
    assert unknown.json()["errors"][0]["field"] == "case_number"
    missing = client.post("/api/v1/ratings/", body, content_type="application/json")
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "case_number"
