"""The case API: list/filter, detail with deadlines, one POST per transition, errors."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from tests.cases.factories import at
from xiaoneng.cases import services
from xiaoneng.cases.models import Case, Channel


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def make_case(desk, day: str | None = None) -> Case:  # type: ignore[no-untyped-def]
    """A case received on ``day`` (default: now, so the notice period is still open)."""
    return services.case_submit(
        actor=desk.clerk,
        item_version=desk.item,
        applicant=desk.applicant,
        channel=Channel.WINDOW,
        at=at(day) if day else None,
    )


def test_submit_list_and_detail(api, desk) -> None:  # type: ignore[no-untyped-def]
    api.force_authenticate(desk.clerk)
    response = api.post(
        "/api/v1/cases/",
        {
            "item": desk.item.item.implementation_code,
            "channel": "window",
            "applicant_kind": "natural",
            "applicant_name": "张三",
            "applicant_id_number": "11010519491231002X",
            "is_green_channel": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    listing = api.get("/api/v1/cases/?status=submitted&green=1").json()
    assert [c["number"] for c in listing["results"]] == [number]
    detail = api.get(f"/api/v1/cases/{number}/").json()
    assert detail["applicant"]["id_number"].startswith("110105")
    assert "*" in detail["applicant"]["id_number"]
    assert "accept" in detail["next_actions"]
    assert detail["events"][0]["kind"] == "submitted"
    assert detail["deadlines"]["supplement_notice_due_on"] is not None


def test_submit_bad_id_number_names_the_field(api, desk) -> None:  # type: ignore[no-untyped-def]
    api.force_authenticate(desk.clerk)
    response = api.post(
        "/api/v1/cases/",
        {
            "item": desk.item.item.implementation_code,
            "channel": "window",
            "applicant_kind": "natural",
            "applicant_name": "张三",
            "applicant_id_number": "110105194912310021",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "applicant_id_number"
    response = api.post("/api/v1/cases/", {"item": "nope", "channel": "fax"}, format="json")
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"channel", "applicant_name"} <= fields


def test_transitions_through_the_api(api, desk) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    api.force_authenticate(desk.clerk)
    assert api.post(f"/api/v1/cases/{case.number}/accept", {}, format="json").status_code == 200
    api.force_authenticate(desk.reviewer)
    r = api.post(f"/api/v1/cases/{case.number}/start-review", {}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "in_review"
    r = api.post(
        f"/api/v1/cases/{case.number}/extend",
        {"reason": "复杂", "approver": desk.head.pk},
        format="json",
    )
    assert r.status_code == 200
    assert r.json()["extension_days"] == 10
    r = api.post(f"/api/v1/cases/{case.number}/approve", {}, format="json")
    assert r.status_code == 200
    assert r.json()["deadlines"]["delivery_due_on"] is not None


def test_out_of_order_is_409_with_reason(api, desk) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    api.force_authenticate(desk.reviewer)
    r = api.post(f"/api/v1/cases/{case.number}/approve", {}, format="json")
    assert r.status_code == 409
    error = r.json()["errors"][0]
    assert error["field"] == "status"
    assert error["reason"]


def test_missing_reason_is_400_with_field(api, desk) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    api.force_authenticate(desk.clerk)
    r = api.post(
        f"/api/v1/cases/{case.number}/refuse", {"reason": "", "legal_basis": ""}, format="json"
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "reason"
    r = api.post(f"/api/v1/cases/{case.number}/refuse", {}, format="json")
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"reason", "legal_basis"}


def test_scope_hides_other_cities_cases(api, desk) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    api.force_authenticate(desk.outsider)
    assert api.get(f"/api/v1/cases/{case.number}/").status_code == 404
    assert api.post(f"/api/v1/cases/{case.number}/accept", {}, format="json").status_code == 404
    assert api.get("/api/v1/cases/").json()["results"] == []
    api.force_authenticate(desk.supervisor)
    assert api.get(f"/api/v1/cases/{case.number}/").status_code == 200
    assert api.post(f"/api/v1/cases/{case.number}/accept", {}, format="json").status_code == 403


def test_queue_green_channel_first_then_deadline(api, desk) -> None:  # type: ignore[no-untyped-def]
    early = make_case(desk, "2025-09-01")
    late = make_case(desk, "2025-09-03")
    green = make_case(desk, "2025-09-04")
    Case.objects.filter(pk=green.pk).update(is_green_channel=True)
    for c, day in ((early, "2025-09-01"), (late, "2025-09-03"), (green, "2025-09-04")):
        services.case_accept(actor=desk.clerk, case=c, at=at(day, 11))
    api.force_authenticate(desk.reviewer)
    numbers = [c["number"] for c in api.get("/api/v1/cases/queue").json()["results"]]
    assert numbers == [green.number, early.number, late.number]


def test_import_endpoint(api, desk) -> None:  # type: ignore[no-untyped-def]
    line = {
        "case": "API-1",
        "sequence": 1,
        "item": desk.item.item.implementation_code,
        "kind": "submitted",
        "occurred_at": "2025-09-01T09:00:00+08:00",
        "channel": "post",
        "applicant": {"kind": "natural", "name": "张三", "id_number": "11010519491231002X"},
    }
    body = json.dumps(line, ensure_ascii=False) + "\n{broken\n"
    api.force_authenticate(desk.coordinator)
    r = api.post("/api/v1/cases/import", body, content_type="application/x-ndjson")
    assert r.status_code == 207, r.content
    assert r.json()["applied_cases"] == 1
    assert r.json()["rejected"][0]["line"] == 2
    api.force_authenticate(desk.reviewer)
    r = api.post("/api/v1/cases/import", body, content_type="application/x-ndjson")
    assert r.status_code == 403


def test_finish_step_through_api_and_page(api, client, desk) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    services.case_accept(actor=desk.clerk, case=case)
    services.case_start_review(actor=desk.reviewer, case=case)
    api.force_authenticate(desk.reviewer)
    r = api.post(f"/api/v1/cases/{case.number}/finish-step", {"step": 9}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "step"
    r = api.post(f"/api/v1/cases/{case.number}/finish-step", {"step": 1}, format="json")
    assert r.status_code == 200
    assert r.json()["events"][-1]["kind"] == "step_finished"
    client.force_login(desk.reviewer)
    remaining = case.steps.get(finished_on__isnull=True)
    page = client.post(f"/workbench/cases/{case.number}/act/finish_step/", {"step": remaining.pk})
    assert page.status_code == 302
    assert not case.steps.filter(finished_on__isnull=True).exists()
