"""前置审批: within a key project, a case for an item may not be accepted before the project's
case for its prerequisite item is approved — refused with 409 naming the item, on the API and
the workbench page; accepted once the prerequisite is approved."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.cases.conftest import (
    _english,  # noqa: F401  (English msgids)
    desk,  # noqa: F401
)
from tests.cases.factories import make_item
from xiaoneng.cases import services as case_services
from xiaoneng.cases.models import Case, Channel
from xiaoneng.cases.workflow import Status
from xiaoneng.core.errors import Conflict, NotPermitted
from xiaoneng.projects import services


@pytest.fixture
def project(desk):  # type: ignore[no-untyped-def]  # noqa: F811
    """A project with a land-use case (prerequisite) and a building-permit case."""
    land = desk.item
    building = make_item(desk.agency)
    project = services.project_register(
        actor=desk.supervisor, name="江州智能装备产业园", lead_unit=desk.agency
    )
    services.project_prerequisite_add(
        actor=desk.supervisor, project=project, item=building.item, required_item=land.item
    )
    cases = {}
    for name, version in (("land", land), ("building", building)):
        cases[name] = case_services.case_submit(
            actor=desk.clerk, item_version=version, applicant=desk.applicant, channel=Channel.WINDOW
        )
        services.project_case_link(actor=desk.supervisor, project=project, case=cases[name])
    project.test_cases = cases
    project.land_name = land.item.name
    return project


def _approve(desk, case: Case) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    case_services.case_accept(actor=desk.clerk, case=case)
    case.status = Status.APPROVED  # the decision steps are the cases context's own tests
    case.save(update_fields=["status"])


def test_service_refuses_then_accepts(desk, project) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    building = project.test_cases["building"]
    with pytest.raises(Conflict) as error:
        case_services.case_accept(actor=desk.clerk, case=building)
    assert project.land_name in str(error.value)
    _approve(desk, project.test_cases["land"])
    case_services.case_accept(actor=desk.clerk, case=building)
    assert Case.objects.get(pk=building.pk).status == Status.ACCEPTED


def test_api_answers_409_naming_the_prerequisite(desk, project) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    api = APIClient()
    api.force_authenticate(desk.clerk)
    number = project.test_cases["building"].number
    response = api.post(f"/api/v1/cases/{number}/accept/", {}, format="json")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "prerequisite_not_approved"
    assert project.land_name in body["errors"][0]["reason"]


def test_page_refuses_naming_the_prerequisite(client, desk, project) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    client.force_login(desk.clerk)
    number = project.test_cases["building"].number
    response = client.post(f"/workbench/cases/{number}/act/accept/", {})
    assert response.status_code in (400, 409)
    assert project.land_name in response.content.decode()
    assert Case.objects.get(number=number).status == Status.SUBMITTED


def test_a_case_outside_projects_is_unaffected(desk) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    case = case_services.case_submit(
        actor=desk.clerk, item_version=desk.item, applicant=desk.applicant, channel=Channel.WINDOW
    )
    case_services.case_accept(actor=desk.clerk, case=case)


def test_only_the_office_manages_projects(desk, project) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    with pytest.raises(NotPermitted):
        services.project_register(actor=desk.clerk, name="x", lead_unit=desk.agency)
    api = APIClient()
    api.force_authenticate(desk.clerk)
    refused = api.post(
        "/api/v1/projects/", {"name": "x", "lead_unit": desk.agency.pk}, format="json"
    )
    assert refused.status_code in (400, 403)
    api.force_authenticate(desk.supervisor)
    listed = api.get("/api/v1/projects/")
    assert listed.status_code == 200 and listed.json()["count"] == 1
    cycle = api.post(
        f"/api/v1/projects/{project.number}/prerequisites/",
        {
            "item": project.test_cases["land"].item_version.item.implementation_code,
            "required_item": project.test_cases["building"].item_version.item.implementation_code,
        },
        format="json",
    )
    assert cycle.status_code == 409
    client_page = APIClient()
    client_page.force_login(desk.clerk)
    assert client_page.get("/workbench/projects/").status_code == 403
    client_page.force_login(desk.supervisor)
    page = client_page.get("/workbench/projects/")
    assert page.status_code == 200 and project.land_name in page.content.decode()
