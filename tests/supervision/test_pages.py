"""Workbench pages: render for supervisors, refuse others, forms report errors, Excel export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.supervision.factories import flag_unit, make_case, make_version
from xiaoneng.core.roles import Role
from xiaoneng.supervision.breaches import detect_time_based
from xiaoneng.supervision.models import EfficiencyWarning
from xiaoneng.supervision.workflow import DeliverableStatus

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def supervisor(personas):
    return personas[Role.EFFICIENCY_SUPERVISOR]


@pytest.fixture
def scene(org_tree):
    version = make_version(org_tree.department, committed=5, legal=20)
    red = make_case(
        version,
        accepted_on=D("2025-08-01"),
        opinions=((org_tree.other_department, D("2025-08-01"), D("2025-08-12"), None),),
    )
    make_case(version, accepted_on=D("2025-09-08"))
    detect_time_based(as_of=D("2025-09-09"))
    return {"red": red}


@pytest.mark.parametrize(
    "url",
    [
        "/workbench/supervision/?as_of=2025-09-09&start=2025-01-01&end=2025-09-09",
        "/workbench/supervision/cases/?light=red&as_of=2025-09-09",
        "/workbench/supervision/breaches/?start=2025-01-01&end=2025-12-31",
        "/workbench/supervision/warnings/",
        "/workbench/supervision/accountabilities/",
    ],
)
def test_pages_render_for_supervisors_and_refuse_clerks(supervisor, personas, scene, url):
    response = client_for(supervisor).get(url)
    assert response.status_code == 200
    assert client_for(personas[Role.WINDOW_CLERK]).get(url).status_code == 403


def test_dashboard_shows_lights_and_drills_down(supervisor, scene, org_tree):
    page = (
        client_for(supervisor)
        .get("/workbench/supervision/", {"as_of": "2025-09-09"})
        .content.decode()
    )
    assert "<svg" in page and org_tree.department.name in page
    assert "监察总览" in page and "按时办结率" in page  # the zh_Hans catalogue
    assert f"agency={org_tree.department.pk}" in page
    cases = client_for(supervisor).get(
        "/workbench/supervision/cases/",
        {"agency": org_tree.department.pk, "light": "red", "as_of": "2025-09-09"},
    )
    assert scene["red"].number in cases.content.decode()


def test_bad_filters_fall_back_with_errors_not_500(supervisor, scene):
    response = client_for(supervisor).get(
        "/workbench/supervision/", {"as_of": "yesterday", "organization": "x"}
    )
    assert response.status_code == 200
    response = client_for(supervisor).get(
        "/workbench/supervision/cases/", {"light": "blue", "page": "zz"}
    )
    assert response.status_code == 200


def test_dashboard_exports_excel(supervisor, scene):
    response = client_for(supervisor).get(
        "/workbench/supervision/", {"as_of": "2025-09-09", "format": "xlsx"}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 6
    assert book.worksheets[0].max_row == 2  # header + the one department


def test_warning_form_issues_and_reports_errors(supervisor, org_tree, make_user):
    person = make_user(Role.REVIEWER, organization=org_tree.department)
    client = client_for(supervisor)
    bad = client.post(
        "/workbench/supervision/warnings/",
        {"person": person.pk, "reason": "", "source_kind": "case", "source_ref": "SP1"},
    )
    assert bad.status_code == 200 and not EfficiencyWarning.objects.exists()
    good = client.post(
        "/workbench/supervision/warnings/",
        {
            "person": person.pk,
            "reason": "超期",
            "source_kind": "case",
            "source_ref": "SP1",
            "issued_on": "2025-09-01",
        },
    )
    assert good.status_code == 302
    assert EfficiencyWarning.objects.get().person == person


def test_accountability_page_actions(supervisor, personas, org_tree, make_user):
    staff = [make_user(Role.REVIEWER, organization=org_tree.department) for _ in range(3)]
    flagged = flag_unit(supervisor=supervisor, staff=staff, year=2025)
    url = f"/workbench/supervision/accountabilities/{flagged.pk}/"
    head = client_for(personas[Role.DEPARTMENT_HEAD])
    assert head.get(url).status_code == 200
    response = head.post(
        url, {"action": "submit", "submit-kind": "self_examination", "submit-text": "书面检查"}
    )
    assert response.status_code == 302
    # the head may not review; the supervisor may
    assert (
        head.post(
            url, {"action": "review", "review-kind": "self_examination", "review-is_accepted": "1"}
        ).status_code
        == 403
    )
    response = client_for(supervisor).post(
        url, {"action": "review", "review-kind": "self_examination", "review-is_accepted": "1"}
    )
    assert response.status_code == 302
    assert flagged.deliverables.get(kind="self_examination").status == DeliverableStatus.ACCEPTED
    other = client_for(make_user(Role.DEPARTMENT_HEAD, organization=org_tree.other_department))
    assert other.get(url).status_code == 404
