"""The community API: thin views over the services, errors as {"errors": [{field, reason}]}."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from tests.community.factories import register_meeting
from xiaoneng.community.models import Violation
from xiaoneng.community.rules import CertificateType, ProhibitedCertificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 09:00 +0800", tick=False)


def client_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_meeting_over_quota_is_warned_then_confirmed(cm, time_machine):
    for i in range(4):
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 2 + i), [cm.community])
    api = client_for(cm.street_staff)
    body = {
        "organizer": cm.street.pk,
        "held_on": "2026-03-20",
        "topic": "第五次会议",
        "communities": [cm.community.pk],
    }
    warned = api.post("/api/v1/community/meetings/", body, format="json")
    assert warned.status_code == 409
    assert warned.json()["code"] == "quota_warning"
    assert warned.json()["errors"][0]["field"] == "confirm_over_quota"
    confirmed = api.post(
        "/api/v1/community/meetings/", {**body, "confirm_over_quota": True}, format="json"
    )
    assert confirmed.status_code == 201 and confirmed.json()["is_over_quota"]
    time_machine.move_to("2026-03-21 09:00 +0800", tick=False)
    held = api.post(f"/api/v1/community/meetings/{confirmed.json()['id']}/held/")
    assert held.status_code == 200
    violations = client_for(cm.supervisor).get("/api/v1/community/violations/").json()
    assert violations["count"] == 1


def test_department_meeting_approval_through_the_api(cm):
    created = client_for(cm.department_staff).post(
        "/api/v1/community/meetings/",
        {
            "organizer": cm.street_department.pk,
            "held_on": "2026-03-10",
            "topic": "业务培训",
            "communities": [cm.community.pk],
        },
        format="json",
    )
    assert created.json()["status"] == "awaiting_approval"
    pk = created.json()["id"]
    refused = client_for(cm.street_staff).post(
        f"/api/v1/community/meetings/{pk}/approval/", {"approve": True}, format="json"
    )
    assert refused.status_code == 403
    approved = client_for(cm.street_head).post(
        f"/api/v1/community/meetings/{pk}/approval/", {"approve": True}, format="json"
    )
    assert approved.json()["status"] == "registered"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"held_on": "not-a-date"}, "held_on"),
        ({"organizer": 999999}, "organizer"),
        ({"communities": "x"}, "communities"),
        ({"topic": ""}, "topic"),
    ],
)
def test_bad_meeting_input_is_a_400_naming_the_field(cm, body, field):
    payload = {
        "organizer": cm.street.pk,
        "held_on": "2026-03-20",
        "topic": "议题",
        "communities": [cm.community.pk],
        **body,
    }
    response = client_for(cm.street_staff).post(
        "/api/v1/community/meetings/", payload, format="json"
    )
    assert response.status_code in (400, 404)
    assert response.json()["errors"][0]["field"] == field


def test_admission_without_funding_is_a_400(cm):
    response = client_for(cm.district_staff).post(
        "/api/v1/community/admissions/",
        {
            "department": cm.county_department.pk,
            "communities": [cm.community.pk],
            "task_name": "入户调查",
            "legal_basis": "x",
            "starts_on": "2026-04-01",
            "ends_on": "2026-05-01",
            "funding_amount": "0",
            "funding_source": "无",
            "working_conditions": "无",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "funding_amount"


def test_admission_flow_and_community_tasks(cm):
    pk = (
        client_for(cm.district_staff)
        .post(
            "/api/v1/community/admissions/",
            {
                "department": cm.county_department.pk,
                "communities": [cm.community.pk],
                "task_name": "入户调查",
                "legal_basis": "《统计法》",
                "starts_on": "2026-03-01",
                "ends_on": "2026-05-01",
                "funding_amount": "3000",
                "funding_source": "区财政",
                "working_conditions": "调查表与培训",
            },
            format="json",
        )
        .json()["id"]
    )
    assert (
        client_for(cm.street_staff)
        .post(f"/api/v1/community/admissions/{pk}/decision/", {"approve": True}, format="json")
        .status_code
        == 200
    )
    bureau = client_for(cm.bureau_head)
    assert bureau.get("/api/v1/community/admissions/").json()["count"] == 1
    assert (
        bureau.post(
            f"/api/v1/community/admissions/{pk}/decision/", {"approve": True}, format="json"
        ).json()["status"]
        == "approved"
    )
    tasks = (
        client_for(cm.community_staff)
        .get(f"/api/v1/community/communities/{cm.community.pk}/tasks/?on=2026-04-01")
        .json()
    )
    assert [t["name"] for t in tasks] == ["入户调查"]
    bad = client_for(cm.community_staff).get(
        f"/api/v1/community/communities/{cm.community.pk}/tasks/?on=2026-13-01"
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "on"


def test_certificates_issue_refuse_print_and_public_check(cm):
    api = client_for(cm.community_staff)
    issued = api.post(
        "/api/v1/community/certificates/",
        {
            "community": cm.community.pk,
            "resident_name": "王芳",
            "requested_type": CertificateType.RESIDENCE,
            "purpose": "入学",
            "content": "系本社区常住居民",
        },
        format="json",
    ).json()
    refused = api.post(
        "/api/v1/community/certificates/",
        {
            "community": cm.community.pk,
            "resident_name": "王芳",
            "requested_type": ProhibitedCertificate.KINSHIP,
            "purpose": "继承",
        },
        format="json",
    ).json()
    assert issued["outcome"] == "issued" and refused["outcome"] == "refused"
    assert refused["refer_to"]
    doc = api.get(f"/api/v1/community/certificates/{issued['id']}/document/")
    assert doc.status_code == 200 and doc["Content-Type"].startswith("application/vnd.openxml")
    register = api.get("/api/v1/community/certificates/?q=王芳&outcome=refused").json()
    assert register["count"] == 1
    export = api.get("/api/v1/community/certificates/export/")
    assert export.status_code == 200
    public = APIClient()
    ok = public.get(
        "/api/v1/community/certificates/check/",
        {"number": issued["number"], "code": issued["verification_code"]},
    ).json()
    assert ok["valid"] and ok["community"] == cm.community.name
    assert public.get(
        "/api/v1/community/certificates/check/", {"number": issued["number"], "code": "WRONG"}
    ).json() == {"valid": False}


def test_registers_dashboard_and_accountability(cm):
    api = client_for(cm.community_staff)
    created = api.post(
        "/api/v1/community/registers/hearings/",
        {
            "community": cm.community.pk,
            "held_on": "2026-03-01",
            "subject": "物业费调整",
            "parties": "业委会、物业",
            "outcome": "暂缓调整",
        },
        format="json",
    )
    assert created.status_code == 201
    assert len(api.get("/api/v1/community/registers/hearings/").json()) == 1
    bad = api.post(
        "/api/v1/community/registers/hearings/", {"community": cm.community.pk}, format="json"
    )
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} >= {"held_on", "subject"}
    assert api.get("/api/v1/community/registers/nope/").status_code == 404
    api.post(
        "/api/v1/community/inspections/",
        {
            "inspector": cm.county_department.pk,
            "inspected": cm.community.pk,
            "inspected_on": "2026-02-27",
            "subject": "消防检查",
        },
        format="json",
    )
    violation = Violation.objects.get()
    supervisor = client_for(cm.supervisor)
    opened = supervisor.post(
        f"/api/v1/community/violations/{violation.pk}/accountability/",
        {"instruction": "停止直接检查社区"},
        format="json",
    )
    assert opened.status_code == 201 and opened.json()["due_on"] == "2026-03-16"
    board = supervisor.get("/api/v1/community/dashboard/?year=2026").json()
    row = next(r for r in board["communities"] if r["id"] == cm.community.pk)
    assert row["violations"] == 1 and row["inspections"] == 1 and row["open_accountability"] == 1
    assert supervisor.get("/api/v1/community/dashboard/export/?year=2026").status_code == 200
    assert supervisor.get("/api/v1/community/dashboard/?year=abc").status_code == 400


def test_task_list_publish_and_read(cm):
    body = {
        "published_on": "2026-01-01",
        "tasks": [{"code": "01", "name": "社会救助协助", "legal_basis": "《社会救助暂行办法》"}],
    }
    assert (
        client_for(cm.community_staff)
        .post("/api/v1/community/task-lists/", body, format="json")
        .status_code
        == 403
    )
    created = client_for(cm.supervisor).post("/api/v1/community/task-lists/", body, format="json")
    assert created.status_code == 201 and created.json()["version"] == 1
    listed = client_for(cm.community_staff).get("/api/v1/community/task-lists/").json()
    assert listed["results"][0]["tasks"][0]["legal_basis"] == "《社会救助暂行办法》"


def test_signs_and_records_accept_photos(cm, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    api = client_for(cm.community_staff)
    sign = api.post(
        "/api/v1/community/signs/",
        {
            "community": cm.community.pk,
            "place": "outside",
            "kind": "other",
            "text": "某工作站",
            "photo": SimpleUploadedFile("s.png", png),
        },
        format="multipart",
    )
    assert sign.status_code == 201 and sign.json()["is_flagged"]
    removed = api.post(f"/api/v1/community/signs/{sign.json()['id']}/removal/")
    assert removed.json()["removed_on"] == "2026-03-02"
    entry = api.post(
        "/api/v1/community/records/",
        {
            "community": cm.community.pk,
            "entry_on": "2026-03-01",
            "kind": "activity",
            "title": "植树",
            "text": "30人",
            "photos": [SimpleUploadedFile("a.png", png)],
        },
        format="multipart",
    )
    assert entry.status_code == 201 and len(entry.json()["photos"]) == 1
    assert api.get("/api/v1/community/records/?year=2026").json()["count"] == 1
    assert api.get("/api/v1/community/records/export/?year=2026").status_code == 200


def test_evaluation_rules_through_the_api(cm):
    api = client_for(cm.street_staff)
    bad = api.post(
        "/api/v1/community/evaluations/",
        {
            "community": cm.community.pk,
            "year": 2026,
            "indicators": [
                {"name": "台账完整", "kind": "work_result", "weight": 40},
                {"name": "居民满意度", "kind": "resident_opinion", "weight": 60},
            ],
        },
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "indicators[0].name"
    good = api.post(
        "/api/v1/community/evaluations/",
        {
            "community": cm.community.pk,
            "year": 2026,
            "indicators": [
                {"name": "服务实效", "kind": "service", "weight": 40},
                {"name": "居民满意度", "kind": "resident_opinion", "weight": 60},
            ],
        },
        format="json",
    )
    assert good.status_code == 201
    ids = [i["id"] for i in good.json()["indicators"]]
    scored = api.post(
        f"/api/v1/community/evaluations/{good.json()['id']}/scores/",
        {"scores": {str(ids[0]): "80", str(ids[1]): "90"}},
        format="json",
    )
    assert scored.json()["total_score"] == 86.0  # a JSON number (docs/api.md, "Numbers")
    again = api.post(
        "/api/v1/community/evaluations/",
        {
            "community": cm.community.pk,
            "year": 2026,
            "indicators": [{"name": "居民满意度", "kind": "resident_opinion", "weight": 100}],
        },
        format="json",
    )
    assert again.status_code == 409


def test_burden_report_rectification_and_closure(cm):
    report = client_for(cm.community_staff).post(
        "/api/v1/community/burden-reports/",
        {
            "community": cm.community.pk,
            "department": cm.county_department.pk,
            "task_description": "要求社区上报经营数据",
            "pushed_on": "2026-02-20",
        },
        format="json",
    )
    assert report.status_code == 201
    violation = client_for(cm.supervisor).get("/api/v1/community/violations/").json()["results"][0]
    assert violation["rule"] == "unadmitted_task"
    record = (
        client_for(cm.supervisor)
        .post(
            f"/api/v1/community/violations/{violation['id']}/accountability/",
            {"instruction": "停止摊派", "workdays_allowed": 5},
            format="json",
        )
        .json()
    )
    assert record["due_on"] == "2026-03-09"
    rectified = client_for(cm.district_staff).post(
        f"/api/v1/community/accountability/{record['id']}/rectification/",
        {"rectification": "已停止"},
        format="json",
    )
    assert rectified.json()["status"] == "rectified"
    closed = client_for(cm.supervisor).post(
        f"/api/v1/community/accountability/{record['id']}/closure/",
        {"accepted": True},
        format="json",
    )
    assert closed.json()["status"] == "closed"


def test_forum_reply_and_moderation_through_the_api(cm):
    api = client_for(cm.community_staff)
    topic = api.post(
        "/api/v1/community/registers/forum/",
        {"community": cm.community.pk, "title": "停车", "body": "车位少", "author_name": "甲"},
        format="json",
    ).json()
    reply = api.post(
        f"/api/v1/community/forum/{topic['id']}/replies/",
        {"body": "同意", "author_name": "乙"},
        format="json",
    )
    assert reply.status_code == 201
    hidden = api.post(
        f"/api/v1/community/forum/{topic['id']}/moderation/",
        {"hide": True, "note": "广告", "reply": reply.json()["id"]},
        format="json",
    )
    assert hidden.status_code == 200
    assert (
        client_for(cm.other_community_staff)
        .post(
            f"/api/v1/community/forum/{topic['id']}/replies/",
            {"body": "x", "author_name": "y"},
            format="json",
        )
        .status_code
        == 404
    )
