"""API: public submission and tracking, lifecycle actions, stats, ratings, consultations;
errors are JSON with a field, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.complaints.factories import make_complaint
from tests.complaints.rated_cases import case_to_rate
from xiaoneng.complaints.models import Complaint
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def anon():  # type: ignore[no-untyped-def]
    return APIClient(REMOTE_ADDR="203.0.113.50")


def client_for(user):  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def _payload(org_tree, **overrides):  # type: ignore[no-untyped-def]
    return {
        "category": "efficiency",
        "unit": org_tree.department.pk,
        "title": "办证太慢",
        "description": "等了一个月",
        "complainant_name": "李娜",
        "complainant_phone": "13812345678",
        **overrides,
    }


def test_public_submit_then_track_with_code(anon, org_tree):  # type: ignore[no-untyped-def]
    response = anon.post("/api/v1/complaints/", _payload(org_tree), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "registered" and len(body["tracking_code"]) == 8
    tracked = anon.post(
        "/api/v1/complaints/track/",
        {"number": body["number"], "code": body["tracking_code"]},
        format="json",
    )
    assert tracked.status_code == 200
    assert "李娜" not in tracked.content.decode()
    wrong = anon.post(
        "/api/v1/complaints/track/", {"number": body["number"], "code": "AAAA2222"}, format="json"
    )
    assert wrong.status_code == 404
    assert wrong.json()["errors"][0]["field"] == "code"


def test_multipart_submission_with_disguised_attachment_is_refused(anon, org_tree, settings):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 64)
    response = anon.post(
        "/api/v1/complaints/", {**_payload(org_tree), "attachments": [upload]}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "attachments"
    assert Complaint.objects.count() == 0
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"unit": 999999}, "unit"),
        ({"category": "gossip"}, "category"),
        ({"title": ""}, "title"),
        ({"complainant_phone": "abc"}, "complainant_phone"),
    ],
)
def test_bad_submission_fields_are_named(overrides, field, anon, org_tree):  # type: ignore[no-untyped-def]
    response = anon.post("/api/v1/complaints/", _payload(org_tree, **overrides), format="json")
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]


def test_flood_is_refused_as_json(anon, org_tree, settings):  # type: ignore[no-untyped-def]
    settings.COMPLAINTS_SUBMISSIONS_PER_HOUR = 2
    for _i in range(2):
        assert (
            anon.post("/api/v1/complaints/", _payload(org_tree), format="json").status_code == 201
        )
    response = anon.post("/api/v1/complaints/", _payload(org_tree), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "throttled"


def test_lifecycle_actions_and_errors(handler, unit_head, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department)
    api = client_for(handler)
    url = f"/api/v1/complaints/{complaint.number}"
    assert api.post(f"{url}/accept/", {}, format="json").status_code == 200
    response = api.post(f"{url}/conclude/", {"conclusion": "founded"}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "status"
    assert api.post(f"{url}/transfer/", {}, format="json").json()["status"] == "transferred"
    unit = client_for(unit_head)
    detail = unit.get(f"{url}/").json()
    assert detail["complainant"]["is_masked"] is True
    assert unit.post(f"{url}/investigate/", {"record": "属实"}, format="json").status_code == 200
    assert (
        api.post(f"{url}/conclude/", {"conclusion": "maybe"}, format="json").json()["errors"][0][
            "field"
        ]
        == "conclusion"
    )
    assert api.post(f"{url}/conclude/", {"conclusion": "founded"}, format="json").status_code == 200
    response = api.post(
        f"{url}/outcomes/", {"kind": "admonishment", "person_name": "周涛"}, format="json"
    )
    assert response.json()["outcomes"][0]["kind"] == "admonishment"
    assert api.post(f"{url}/unknown/", {}, format="json").status_code == 404
    assert api.get(f"{url}/").json()["complainant"]["name"] == "王伟"


def test_unit_cannot_see_complaints_not_transferred_to_it(handler, make_user, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="transferred")
    outsider = make_user(Role.DEPARTMENT_HEAD, organization=org_tree.other_department)
    response = client_for(outsider).get(f"/api/v1/complaints/{complaint.number}/")
    assert response.status_code == 404


def test_stats_endpoint(handler, org_tree):  # type: ignore[no-untyped-def]
    make_complaint(handler=handler, unit=org_tree.department)
    api = client_for(handler)
    body = api.get("/api/v1/complaints/stats?from=2026-01-01&to=2026-12-31&as_of=2026-12-31").json()
    assert body["received"] >= 0 and "closure_rate" in body and "signals" in body
    bad = api.get("/api/v1/complaints/stats?from=2026-13-01")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "from"
    reversed_period = api.get("/api/v1/complaints/stats?from=2026-05-01&to=2026-01-01")
    assert reversed_period.status_code == 400


def test_stats_needs_complaint_view(personas):  # type: ignore[no-untyped-def]
    response = client_for(personas[Role.WINDOW_CLERK]).get("/api/v1/complaints/stats")
    assert response.status_code == 403


def test_import_endpoint_reports_bad_lines(handler, org_tree):  # type: ignore[no-untyped-def]
    sample = Path(__file__).resolve().parents[2] / "docs/samples/complaints-import.jsonl"
    data = sample.read_bytes() + b"{broken\n"
    response = client_for(handler).post(
        "/api/v1/complaints/import/",
        {"file": SimpleUploadedFile("c.jsonl", data)},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"line": 12, "field": "line", "reason": response.json()["errors"][0]["reason"]}
    ]
    assert response.json()["complaints_created"] == 2


def test_rating_and_follow_up_via_api(anon, org_tree, unit_head):  # type: ignore[no-untyped-def]
    response = anon.post(
        "/api/v1/ratings/",
        {
            "case_number": case_to_rate(org_tree.department).number,
            "channel": "online",
            "overall": 5,
            "dimensions": {"efficiency": 5, "usability": 4},
            "rater_name": "陈静",
            "rater_phone": "13700001111",
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["is_bad"] is True
    pk = response.json()["id"]
    bad = anon.post(
        "/api/v1/ratings/",
        {
            "case_number": case_to_rate(org_tree.department).number,
            "channel": "online",
            "overall": 9,
        },
        format="json",
    )
    assert bad.json()["errors"][0]["field"] == "overall"
    api = client_for(unit_head)
    called = api.post(
        f"/api/v1/ratings/{pk}/call-back/", {"note": "已回访", "is_verified": True}, format="json"
    )
    assert called.json()["follow_up_status"] == "called_back"
    ordered = api.post(f"/api/v1/ratings/{pk}/order-rectification/", {}, format="json")
    assert ordered.json()["rectify_due_on"]
    figures = anon.get("/api/v1/ratings/figures/").json()
    assert figures[0]["bad"] == 1


def test_consultation_via_api(anon, org_tree, personas):  # type: ignore[no-untyped-def]
    response = anon.post(
        "/api/v1/consultations/",
        {
            "department": org_tree.department.pk,
            "question": "营业执照遗失怎么补办？",
            "is_publication_consented": True,
        },
        format="json",
    )
    assert response.status_code == 201
    number = response.json()["number"]
    answered = client_for(personas[Role.REVIEWER]).post(
        f"/api/v1/consultations/{number}/answer/", {"answer": "登报声明后补领。"}, format="json"
    )
    assert answered.json()["is_published"] is True
    found = anon.get("/api/v1/consultations/published/?q=遗失").json()
    assert found["results"][0]["answer"] == "登报声明后补领。"
    assert anon.get("/api/v1/consultations/published/?department=x").status_code == 400
