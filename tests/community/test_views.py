"""Workbench and portal pages: each role sees its pages; forms call the same services."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests.community.factories import register_meeting
from xiaoneng.community.models import Meeting, Violation
from xiaoneng.community.rules import CertificateType, ProhibitedCertificate
from xiaoneng.community.services import certificates as certificate_services

pytestmark = pytest.mark.django_db

PAGES = [
    "dashboard",
    "tasks",
    "admissions",
    "burden-reports",
    "meetings",
    "inspections",
    "evaluations",
    "certificates",
    "signs",
    "records",
    "registers",
    "registers/duty",
    "registers/forum",
    "violations",
]


@pytest.fixture(autouse=True)
def _frozen(time_machine, settings, tmp_path):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 09:00 +0800", tick=False)
    settings.MEDIA_ROOT = tmp_path


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def path(page: str) -> str:
    return "/workbench/community/" + ("" if page == "dashboard" else page + "/")


@pytest.mark.parametrize(
    "who",
    [
        "community_staff",
        "street_staff",
        "street_head",
        "department_staff",
        "district_staff",
        "bureau_head",
        "supervisor",
    ],
)
def test_pages_render_for_each_role(cm, who):
    client = client_for(getattr(cm, who))
    for page in PAGES:
        assert client.get(path(page)).status_code == 200, page


def test_pages_refused_without_the_permission(cm, personas):
    from xiaoneng.core.roles import Role

    response = client_for(personas[Role.WINDOW_CLERK]).get(path("meetings"))
    assert response.status_code == 403


def test_fifth_street_meeting_is_warned_then_registered_over_quota(cm, time_machine):
    for i in range(4):
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 2 + i), [cm.community])
    client = client_for(cm.street_staff)
    form = {
        "organizer": cm.street.pk,
        "held_on": "2026-03-20",
        "topic": "第五次会议",
        "communities": [cm.community.pk],
    }
    warned = client.post(path("meetings"), form)
    assert warned.status_code == 200
    assert b'id="quota-warning"' in warned.content
    assert Meeting.objects.count() == 4
    confirmed = client.post(path("meetings"), {**form, "confirm_over_quota": "1"})
    assert confirmed.status_code == 302
    meeting = Meeting.objects.get(topic="第五次会议")
    assert meeting.is_over_quota
    time_machine.move_to("2026-03-21 09:00 +0800", tick=False)
    client.force_login(cm.street_staff)  # a new session: the idle timeout ended the old one
    client.post(f"/workbench/community/meetings/{meeting.pk}/held/")
    assert Violation.objects.count() == 1
    board = client_for(cm.street_head).get(path("dashboard"))
    assert "第五次会议" not in board.content.decode()  # figures, not topics
    violations = client_for(cm.street_head).get(path("violations")).content.decode()
    assert "第五次会议" in violations


def test_department_meeting_approved_by_the_street_head_on_the_page(cm):
    client_for(cm.department_staff).post(
        path("meetings"),
        {
            "organizer": cm.street_department.pk,
            "held_on": "2026-03-10",
            "topic": "业务培训",
            "communities": [cm.community.pk],
        },
    )
    meeting = Meeting.objects.get()
    page = client_for(cm.street_head).get(path("meetings")).content.decode()
    assert f"/workbench/community/meetings/{meeting.pk}/approve/" in page
    client_for(cm.street_head).post(
        f"/workbench/community/meetings/{meeting.pk}/approve/", {"approve": "1"}
    )
    meeting.refresh_from_db()
    assert meeting.status == "registered"


def test_form_errors_are_shown_not_raised(cm):
    response = client_for(cm.district_staff).post(
        path("admissions"),
        {
            "department": cm.county_department.pk,
            "communities": [cm.community.pk],
            "task_name": "入户调查",
            "legal_basis": "x",
            "starts_on": "2026-04-01",
            "ends_on": "2026-05-01",
            "funding_amount": "",
            "funding_source": "",
            "working_conditions": "",
        },
    )
    assert response.status_code == 200
    assert "权随责走" in response.content.decode()


def test_refused_certificate_shows_where_to_go(cm):
    response = client_for(cm.community_staff).post(
        path("certificates"),
        {
            "resident_name": "王芳",
            "requested_type": ProhibitedCertificate.KINSHIP,
            "purpose": "继承公证",
        },
    )
    assert response.status_code == 200
    assert "公证机构" in response.content.decode()


def test_certificate_word_and_seal_register_export(cm):
    certificate = certificate_services.certificate_request(
        actor=cm.community_staff,
        community=cm.community,
        resident_name="王芳",
        requested_type=CertificateType.RESIDENCE,
        purpose="入学",
        content="常住",
    )
    client = client_for(cm.community_staff)
    word = client.get(f"/workbench/community/certificates/{certificate.pk}/word/")
    assert word.status_code == 200
    export = client.get(path("certificates") + "?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        client_for(cm.other_community_staff)
        .get(f"/workbench/community/certificates/{certificate.pk}/word/")
        .status_code
        == 404
    )


def test_public_certificate_check_page(cm):
    certificate = certificate_services.certificate_request(
        actor=cm.community_staff,
        community=cm.community,
        resident_name="王芳",
        requested_type=CertificateType.RESIDENCE,
        purpose="入学",
        content="常住",
    )
    public = Client()
    ok = public.get(
        "/community/certificates/check/",
        {"number": certificate.number, "code": certificate.verification_code},
    )
    assert b'class="notice ok"' in ok.content and cm.community.name in ok.content.decode()
    bad = public.get(
        "/community/certificates/check/", {"number": certificate.number, "code": "XXXX"}
    )
    assert b'class="errors"' in bad.content
    empty = public.get("/community/certificates/check/", {"number": "", "code": ""})
    assert empty.status_code == 200


def test_record_entry_with_photos_and_archive_export(cm):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    client = client_for(cm.community_staff)
    response = client.post(
        path("records"),
        {
            "entry_on": "2026-03-01",
            "kind": "activity",
            "title": "植树活动",
            "text": "30人参加",
            "photos": [SimpleUploadedFile("a.png", png), SimpleUploadedFile("b.png", png)],
        },
    )
    assert response.status_code == 302
    page = client.get(path("records") + "?year=2026").content.decode()
    assert "植树活动" in page and "a.png" in page
    assert client.get(path("records") + "?year=2026&export=xlsx").status_code == 200
    word = client.get(path("records") + "?year=2026&export=docx")
    assert word["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.word")


def test_register_form_and_forum_moderation_pages(cm):
    client = client_for(cm.community_staff)
    assert (
        client.post(
            path("registers/forum"), {"title": "停车", "body": "车位少", "author_name": "居民"}
        ).status_code
        == 302
    )
    from xiaoneng.community.models import ForumTopic

    topic = ForumTopic.objects.get()
    client.post(f"/workbench/community/forum/{topic.pk}/", {"author_name": "乙", "body": "同意"})
    assert topic.replies.count() == 1
    client.post(f"/workbench/community/forum/{topic.pk}/hide/", {"text": "广告"})
    topic.refresh_from_db()
    assert topic.is_hidden
    bad = client.post(path("registers/duty"), {"duty_on": "x"})
    assert bad.status_code == 200 and b"has-error" in bad.content


def test_street_head_sees_the_quota_before_approving(cm):
    for i in range(4):
        register_meeting(cm.street_staff, cm.street, date(2026, 3, 2 + i), [cm.community])
    meeting = register_meeting(
        cm.department_staff,
        cm.street_department,
        date(2026, 3, 20),
        [cm.community],
        confirm_over_quota=True,
    )
    head = client_for(cm.street_head)
    page = head.get(path("meetings")).content.decode()
    assert 'name="confirm_over_quota" value="1"' in page
    head.post(f"/workbench/community/meetings/{meeting.pk}/approve/", {"approve": "1"})
    meeting.refresh_from_db()
    assert meeting.status == "awaiting_approval"  # warned, not approved
    head.post(
        f"/workbench/community/meetings/{meeting.pk}/approve/",
        {"approve": "1", "confirm_over_quota": "1"},
    )
    meeting.refresh_from_db()
    assert meeting.status == "registered" and meeting.is_over_quota
