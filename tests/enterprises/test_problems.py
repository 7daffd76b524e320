"""Enterprise problems: report → the unit's reply before its deadline → the enterprise's rating;
who may do each step (services, API, pages) and the figures."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from rest_framework.test import APIClient

from xiaoneng.core.errors import Conflict, NotPermitted
from xiaoneng.enterprises import services
from xiaoneng.enterprises.deadlines import light, reply_due_on
from xiaoneng.enterprises.selectors import enterprise_figures
from xiaoneng.enterprises.workflow import TRANSITIONS, Action, Status, next_status


@pytest.mark.parametrize(
    ("reported_on", "due_on"),
    [
        (date(2025, 9, 30), date(2025, 10, 21)),  # National Day week and its make-up days
        (date(2025, 6, 3), date(2025, 6, 17)),  # an ordinary fortnight
    ],
)
def test_reply_due_on_counts_working_days(reported_on, due_on) -> None:  # type: ignore[no-untyped-def]
    assert reply_due_on(reported_on) == due_on


@pytest.mark.parametrize(
    ("due_on", "as_of", "replied_on", "expected"),
    [
        (date(2025, 6, 17), date(2025, 6, 10), None, "green"),
        (date(2025, 6, 17), date(2025, 6, 16), None, "yellow"),
        (date(2025, 6, 17), date(2025, 6, 18), None, "red"),
        (date(2025, 6, 17), date(2025, 6, 20), date(2025, 6, 17), "green"),
        (date(2025, 6, 17), date(2025, 6, 20), date(2025, 6, 18), "red"),
    ],
)
def test_light(due_on, as_of, replied_on, expected) -> None:  # type: ignore[no-untyped-def]
    assert light(due_on, as_of, replied_on) == expected


@pytest.mark.parametrize(("status", "action"), list(TRANSITIONS))
def test_every_transition_row(status, action) -> None:  # type: ignore[no-untyped-def]
    assert next_status(status, action) == TRANSITIONS[(status, action)]


def test_rating_before_reply_is_refused() -> None:
    assert next_status(Status.REPORTED, Action.RATE) is None


def _report(desk, on: date | None = None):  # type: ignore[no-untyped-def]
    return services.problem_report(
        actor=desk.account,
        enterprise=desk.enterprise,
        title="用地审批进度慢",
        description="项目用地预审已逾两周无答复。",
        unit=desk.unit,
        reported_on=on,
    )


@time_machine.travel("2025-06-03 10:00 +08:00")
def test_problem_lifecycle_and_figures(desk) -> None:  # type: ignore[no-untyped-def]
    problem = _report(desk)
    assert problem.is_reported_online and problem.due_on == date(2025, 6, 17)
    with pytest.raises(NotPermitted):
        services.problem_reply(actor=desk.other_replier, problem=problem, reply="已处理")
    services.problem_reply(actor=desk.replier, problem=problem, reply="已完成预审。")
    with pytest.raises(Conflict):
        services.problem_reply(actor=desk.replier, problem=problem, reply="again")
    with pytest.raises(NotPermitted):
        services.problem_rate(actor=desk.stranger, problem=problem, satisfaction="satisfied")
    services.problem_rate(actor=desk.account, problem=problem, satisfaction="satisfied")
    assert problem.status == Status.RATED
    figures = enterprise_figures(start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert (figures.problems, figures.replied_on_time, figures.satisfied) == (1, 1, 1)
    assert figures.satisfaction_rate == 1.0
    assert enterprise_figures(start=date(2025, 1, 1), end=date(2025, 12, 31), unit=desk.unit) == (
        figures
    )


def test_staff_without_supervision_may_not_enter_a_problem(desk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotPermitted):
        services.problem_report(
            actor=desk.replier,
            enterprise=desk.enterprise,
            title="t",
            description="d",
            unit=desk.unit,
        )


def test_api_report_reply_rate_and_refusals(desk) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(desk.supervisor)
    created = api.post(
        "/api/v1/enterprises/problems/",
        {
            "enterprise": desk.enterprise.pk,
            "title": "水电接入难",
            "description": "新厂房供水接入迟迟未办。",
            "unit": desk.unit.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    number = created.json()["number"]
    bad = api.post(
        "/api/v1/enterprises/problems/", {"enterprise": desk.enterprise.pk}, format="json"
    )
    assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} >= {"title"}

    api.force_authenticate(desk.other_replier)  # another unit: cannot even see it
    refused = api.post(
        f"/api/v1/enterprises/problems/{number}/reply/", {"reply": "x"}, format="json"
    )
    assert refused.status_code == 404
    api.force_authenticate(desk.replier)
    assert api.get("/api/v1/enterprises/figures/").status_code == 403
    replied = api.post(
        f"/api/v1/enterprises/problems/{number}/reply/", {"reply": "已接入。"}, format="json"
    )
    assert replied.status_code == 200 and replied.json()["status"] == "replied"

    api.force_authenticate(desk.supervisor)  # the office sees it but only the enterprise rates
    assert (
        api.post(
            f"/api/v1/enterprises/problems/{number}/rate/",
            {"satisfaction": "satisfied"},
            format="json",
        )
    ).status_code == 403
    api.force_authenticate(desk.account)
    rated = api.post(
        f"/api/v1/enterprises/problems/{number}/rate/", {"satisfaction": "satisfied"}, format="json"
    )
    assert rated.status_code == 200 and rated.json()["satisfaction"] == "satisfied"

    api.force_authenticate(desk.supervisor)
    figures = api.get("/api/v1/enterprises/figures/?start=2000-01-01")
    assert figures.status_code == 200 and figures.json()["satisfied"] == 1
    assert api.get("/api/v1/enterprises/figures/?start=soon").status_code == 400
    assert api.get("/api/v1/enterprises/").json()["count"] == 1


def test_api_designate_refuses_outside_the_office(desk, org_tree) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(desk.replier)
    response = api.post(
        "/api/v1/enterprises/",
        {"credit_code": desk.enterprise.applicant.id_number, "contact_unit": desk.unit.pk},
        format="json",
    )
    assert response.status_code in (403, 409)
    api.force_authenticate(desk.supervisor)
    again = api.post(
        "/api/v1/enterprises/",
        {"credit_code": desk.enterprise.applicant.id_number, "contact_unit": desk.unit.pk},
        format="json",
    )
    assert again.status_code == 409


def test_pages_reply_and_refusals(client, desk) -> None:  # type: ignore[no-untyped-def]
    problem = _report(desk)
    client.force_login(desk.other_replier)
    assert client.get(f"/workbench/enterprises/problems/{problem.number}/").status_code == 404
    assert client.get("/workbench/enterprises/figures/").status_code == 403
    client.force_login(desk.replier)
    page = client.get("/workbench/enterprises/problems/")
    assert page.status_code == 200 and problem.number in page.content.decode()
    empty = client.post(f"/workbench/enterprises/problems/{problem.number}/", {"reply": ""})
    assert empty.status_code == 400
    done = client.post(f"/workbench/enterprises/problems/{problem.number}/", {"reply": "已办结"})
    assert done.status_code == 302
    client.force_login(desk.supervisor)
    assert client.get("/workbench/enterprises/").status_code == 200
    export = client.get("/workbench/enterprises/figures/?format=xlsx&start=2000-01-01")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")
    assert client.post(
        f"/workbench/enterprises/problems/{problem.number}/", {"reply": "x"}
    ).status_code in (403, 409)


def test_portal_report_and_rate(client, desk) -> None:  # type: ignore[no-untyped-def]
    client.force_login(desk.account)
    response = client.post(
        "/enterprises/",
        {"title": "证照办理慢", "description": "营业执照变更两周未完成。", "unit": desk.unit.pk},
    )
    assert response.status_code == 302
    problem = desk.enterprise.problems.get()
    services.problem_reply(actor=desk.replier, problem=problem, reply="已办结。")
    page = client.get("/enterprises/")
    assert "已办结。" in page.content.decode()
    client.post(
        f"/enterprises/{problem.number}/rate/", {f"{problem.number}-satisfaction": "satisfied"}
    )
    problem.refresh_from_db()
    assert problem.satisfaction == "satisfied"
    client.force_login(desk.stranger)
    assert "not a monitored enterprise" in client.get("/enterprises/").content.decode()
    assert (
        client.post(
            f"/enterprises/{problem.number}/rate/",
            {f"{problem.number}-satisfaction": "dissatisfied"},
        ).status_code
        == 404
    )
