"""The portal's demo applicants (issue 20 part 5): a citizen and an enterprise, printed by
`xiaoneng demo` with the staff accounts, each with cases in several statuses, a complaint and
a rating of their own, who sign in with the demo password and see them on /cases/mine/."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from xiaoneng.cases.models import Case
from xiaoneng.cases.workflow import Status
from xiaoneng.catalog import demo as catalog_demo
from xiaoneng.complaints.models import Complaint, Rating
from xiaoneng.core import demo as core_demo
from xiaoneng.core.demo import DEMO_PASSWORD, DEMO_USERNAMES
from xiaoneng.core.models import Applicant, ApplicantKind
from xiaoneng.portal import demo as portal_demo


@pytest.fixture
def demo_city(db):
    context = core_demo.build()
    catalog_demo.build(context)
    portal_demo.build(context)  # without the hall and enterprises demos it creates the accounts
    return context


@pytest.mark.parametrize(
    ("username", "kind"),
    [("citizen", ApplicantKind.NATURAL_PERSON), ("qiye", ApplicantKind.LEGAL_PERSON)],
)
def test_demo_applicant_has_cases_a_complaint_and_a_rating_of_their_own(demo_city, username, kind):
    applicant = Applicant.objects.get(account__username=username)
    assert applicant.kind == kind
    cases = Case.objects.filter(applicant=applicant)
    assert {c.status for c in cases} == {
        Status.CLOSED,
        Status.IN_REVIEW,
        Status.SUPPLEMENT_REQUESTED,
        Status.SUBMITTED,
    }
    assert Complaint.objects.filter(complainant_account__username=username).count() == 1
    rating = Rating.objects.get(case__applicant=applicant)
    assert rating.case.status == Status.CLOSED


@pytest.mark.parametrize(("username", "other"), [("citizen", "qiye"), ("qiye", "citizen")])
def test_demo_applicant_signs_in_and_sees_their_cases(demo_city, username, other):
    client = Client()
    response = client.post(
        reverse("portal:sign_in"), {"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    mine = client.get(reverse("portal_cases:mine"))
    assert mine.status_code == 200
    html = mine.content.decode()
    for case in Case.objects.filter(applicant__account__username=username):
        assert case.number in html
    for case in Case.objects.filter(applicant__account__username=other):
        assert case.number not in html  # another applicant's cases are never listed
    assert client.get(reverse("portal_cases:apply")).status_code == 200


def test_demo_command_prints_the_applicant_accounts(demo_city):
    assert {"citizen", "qiye"} <= set(DEMO_USERNAMES)
    out = io.StringIO()
    call_command("demo", stdout=out)  # already loaded: prints the accounts only
    lines = {line.split()[0]: line for line in out.getvalue().splitlines() if line.startswith("  ")}
    assert "citizen" in lines and "qiye" in lines
