"""Workbench and portal pages: render for the right roles, run the services, refuse the rest."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.complaints.factories import make_complaint
from tests.complaints.rated_cases import case_to_rate
from xiaoneng.complaints import services
from xiaoneng.complaints.models import Complaint, Consultation
from xiaoneng.complaints.workflow import Status
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db


def client_for(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "path", ["", "inbox/", "register/", "figures/", "ratings/", "consultations/", "import/"]
)
def test_handler_pages_render(path, handler, personas, org_tree):  # type: ignore[no-untyped-def]
    make_complaint(handler=handler, unit=org_tree.department)
    user = personas[Role.DEPARTMENT_HEAD] if path in ("inbox/", "consultations/") else handler
    response = client_for(user).get(f"/workbench/complaints/{path}")
    assert response.status_code == 200


def test_figures_export_is_an_excel_file(handler):  # type: ignore[no-untyped-def]
    response = client_for(handler).get("/workbench/complaints/figures/?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_clerk_may_not_see_the_queue(personas):  # type: ignore[no-untyped-def]
    response = client_for(personas[Role.WINDOW_CLERK]).get("/workbench/complaints/")
    assert response.status_code == 403


def test_detail_shows_next_actions_and_htmx_action_moves_status(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department)
    client = client_for(handler)
    page = client.get(f"/workbench/complaints/{complaint.number}/").content.decode()
    assert 'data-action="accept"' in page and "王伟" in page
    response = client.post(
        f"/workbench/complaints/{complaint.number}/accept/",
        {"accept-note": ""},
        HTTP_HX_REQUEST="true",
        follow=True,
    )
    assert response.status_code == 200
    complaint.refresh_from_db()
    assert complaint.status == Status.ACCEPTED


def test_action_form_errors_are_shown_not_raised(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department)
    response = client_for(handler).post(
        f"/workbench/complaints/{complaint.number}/decline/",
        {"decline-reason": "x", "decline-referred_to": ""},
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.REGISTERED


def test_unit_sees_masked_identity_and_can_only_reply(handler, unit_head, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="transferred")
    client = client_for(unit_head)
    page = client.get(f"/workbench/complaints/{complaint.number}/").content.decode()
    assert "王伟" not in page and "王*" in page
    assert 'data-action="investigate"' in page and 'data-action="extend"' not in page
    assert (
        client.post(
            f"/workbench/complaints/{complaint.number}/extend/",
            {"extend-workdays": 3, "extend-reason": "x"},
        ).status_code
        == 403
    )


def test_portal_submit_track_and_rate_the_reply(handler, org_tree):  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="198.51.100.20")
    assert client.get("/complaints/new/").status_code == 200
    response = client.post(
        "/complaints/new/",
        {
            "category": "attitude",
            "unit": org_tree.department.pk,
            "title": "态度差",
            "description": "窗口人员玩手机",
            "complainant_name": "赵敏",
            "complainant_phone": "13600001234",
        },
    )
    page = response.content.decode()
    number = re.search(r'id="complaint-number">([^<]+)<', page).group(1)
    code = re.search(r'id="tracking-code">([^<]+)<', page).group(1)
    complaint = Complaint.objects.get(number=number)
    complaint = services.complaint_accept(actor=handler, complaint=complaint)
    complaint = services.complaint_transfer(actor=handler, complaint=complaint)
    complaint = services.complaint_investigate(actor=handler, complaint=complaint, record="r")
    complaint = services.complaint_conclude(
        actor=handler, complaint=complaint, conclusion="founded"
    )
    complaint = services.complaint_reply(actor=handler, complaint=complaint, text="已批评教育")
    tracked = client.post("/complaints/track/", {"number": number, "code": code}).content.decode()
    assert "已批评教育" in tracked and 'id="rate-reply-form"' in tracked
    client.post(
        "/complaints/track/",
        {"number": number, "code": code, "satisfaction": "satisfied", "note": "满意"},
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.FOLLOWED_UP and complaint.satisfaction == "satisfied"
    wrong = client.post("/complaints/track/", {"number": number, "code": "WRONG123"})
    assert "已批评教育" not in wrong.content.decode()


def test_portal_refuses_disguised_file_and_flood(org_tree, settings):  # type: ignore[no-untyped-def]
    settings.COMPLAINTS_SUBMISSIONS_PER_HOUR = 1
    client = Client(REMOTE_ADDR="198.51.100.30")
    data = {
        "category": "attitude",
        "unit": org_tree.department.pk,
        "title": "t",
        "description": "d",
        "is_anonymous": "on",
    }
    bad = client.post(
        "/complaints/new/",
        {**data, "attachments": SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 50)},
    )
    assert bad.status_code == 200 and 'class="error"' in bad.content.decode()
    assert Complaint.objects.count() == 0
    assert "tracking-code" in client.post("/complaints/new/", data).content.decode()
    flood = client.post("/complaints/new/", data).content.decode()
    assert "tracking-code" not in flood and 'class="errors"' in flood
    assert Complaint.objects.count() == 1
    unknown = client.post("/complaints/new/", {**data, "unit": 987654}).content.decode()
    assert 'class="error"' in unknown


def test_portal_rate_ask_and_questions(org_tree, personas):  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="198.51.100.40")
    for path in (
        "/complaints/",
        "/complaints/rate/",
        "/complaints/ratings/",
        "/complaints/ask/",
        "/complaints/questions/",
        "/complaints/track/",
    ):
        assert client.get(path).status_code == 200, path
    response = client.post(
        "/complaints/rate/",
        {
            "case_number": case_to_rate(org_tree.department).number,
            "channel": "on_site",
            "overall": "4",
            "attitude": "5",
        },
    )
    assert "notice ok" in response.content.decode()
    client.post(
        "/complaints/ask/",
        {
            "department": org_tree.department.pk,
            "question": "公章刻制要多久？",
            "is_publication_consented": "on",
        },
    )
    consultation = Consultation.objects.get()
    reviewer = client_for(personas[Role.REVIEWER])
    reviewer.post(
        "/workbench/complaints/consultations/",
        {
            "number": consultation.number,
            f"{consultation.number}-answer": "当场办结。",
            f"{consultation.number}-publish": "on",
        },
    )
    page = client.get("/complaints/questions/?q=公章").content.decode()
    assert "当场办结" in page


def test_attachment_download_for_those_who_see_the_complaint(handler, make_user, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(
        handler=handler,
        unit=org_tree.department,
        attachments=[SimpleUploadedFile("回执.pdf", b"%PDF-1.4\n" + b"0" * 40)],
    )
    item = complaint.attachments.get()
    url = f"/workbench/complaints/{complaint.number}/attachments/{item.pk}/"
    response = client_for(handler).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    outsider = make_user(Role.DEPARTMENT_HEAD, organization=org_tree.other_department)
    assert client_for(outsider).get(url).status_code == 404
