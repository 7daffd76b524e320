"""Workbench and portal pages: queue, case page with htmx actions, window screen, portal
application, tracking, my cases, downloads."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from xiaoneng.cases import services
from xiaoneng.cases.models import Case, CaseMaterial, Channel
from xiaoneng.cases.workflow import Status
from xiaoneng.catalog.models import ItemMaterial
from xiaoneng.core.models import UserKind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "uploads"


def make_case(desk) -> Case:  # type: ignore[no-untyped-def]
    return services.case_submit(
        actor=desk.clerk, item_version=desk.item, applicant=desk.applicant, channel=Channel.WINDOW
    )


def test_queue_and_case_page(client, desk) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    services.case_accept(actor=desk.clerk, case=case)
    client.force_login(desk.reviewer)
    page = client.get("/workbench/cases/")
    assert page.status_code == 200
    assert case.number in page.content.decode()
    page = client.get(f"/workbench/cases/{case.number}/")
    assert page.status_code == 200
    assert f"/workbench/cases/{case.number}/act/start_review/" in page.content.decode()


def test_htmx_action_form_errors_and_success(client, desk) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    client.force_login(desk.clerk)
    url = f"/workbench/cases/{case.number}/act/refuse/"
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and b"<form" in fragment.content
    bad = client.post(url, {"reason": "", "legal_basis": ""}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    assert b'class="error"' in bad.content
    ok = client.post(
        url, {"reason": "不属于职权", "legal_basis": "第三十二条"}, HTTP_HX_REQUEST="true"
    )
    assert ok.status_code == 204
    assert ok["HX-Redirect"] == f"/workbench/cases/{case.number}/"
    assert Case.objects.get(pk=case.pk).status == Status.REFUSED


def test_out_of_order_action_shows_reason(client, desk) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    client.force_login(desk.reviewer)
    response = client.post(f"/workbench/cases/{case.number}/act/approve/", {})
    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).status == Status.SUBMITTED


def test_case_page_hidden_outside_scope(client, desk) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    client.force_login(desk.outsider)
    assert client.get(f"/workbench/cases/{case.number}/").status_code == 404


def test_window_screen_registers_and_checks_materials(client, desk) -> None:  # type: ignore[no-untyped-def]
    client.force_login(desk.clerk)
    assert client.get("/workbench/cases/window/").status_code == 200
    response = client.post(
        "/workbench/cases/window/",
        {
            "item": desk.item.item.implementation_code,
            "channel": "window",
            "applicant_kind": "natural",
            "applicant_name": "张三",
            "applicant_id_number": "11010519491231002X",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == f"/workbench/cases/{case.number}/window/"
    listed = ItemMaterial.objects.filter(version=desk.item).first()
    client.post(
        response["Location"],
        {"item_material": listed.pk, "upload": SimpleUploadedFile("申请书.pdf", PDF)},
    )
    material = CaseMaterial.objects.get(case=case)
    client.post(response["Location"], {f"checked-{listed.pk}": "on"})
    material.refresh_from_db()
    assert material.is_checked
    download = client.get(f"/workbench/cases/{case.number}/materials/{material.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    bad = client.post(
        "/workbench/cases/window/",
        {
            "item": desk.item.item.implementation_code,
            "channel": "window",
            "applicant_kind": "natural",
            "applicant_name": "李四",
            "applicant_id_number": "123",
        },
    )
    assert bad.status_code == 200
    assert "applicant_id_number" in bad.content.decode() or b'class="error"' in bad.content


def test_document_pages(client, desk) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    services.case_accept(actor=desk.clerk, case=case)
    client.force_login(desk.clerk)
    html = client.get(f"/workbench/cases/{case.number}/documents/2/")
    assert html.status_code == 200 and desk.agency.name in html.content.decode()
    docx = client.get(f"/workbench/cases/{case.number}/documents/2.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert case.number in text
    assert client.get(f"/workbench/cases/{case.number}/documents/1.docx").status_code == 404


@pytest.fixture
def account(desk, make_user):  # type: ignore[no-untyped-def]
    user = make_user(organization=None, kind=UserKind.APPLICANT)
    desk.applicant.account = user
    desk.applicant.save()
    return user


def test_portal_apply_track_and_mine(client, desk, account) -> None:  # type: ignore[no-untyped-def]
    client.force_login(account)
    code = desk.item.item.implementation_code
    assert client.get(f"/cases/apply/?item={code}").status_code == 200
    listed = ItemMaterial.objects.filter(version=desk.item).first()
    response = client.post(
        "/cases/apply/",
        {
            "item": code,
            "title": "开办公司",
            f"material-{listed.pk}": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert case.channel == Channel.WEB and CaseMaterial.objects.filter(case=case).count() == 1
    assert case.number in client.get("/cases/mine/").content.decode()
    assert client.get(f"/cases/mine/{case.number}/").status_code == 200
    client.logout()
    wrong = client.get(f"/cases/track/?number={case.number}&code=000000x")
    assert "No case matches" in wrong.content.decode() or wrong.status_code == 200
    page = client.get(f"/cases/track/?number={case.number}&code={case.verification_code}")
    assert case.get_status_display() in page.content.decode()


def test_applicant_supplements_and_downloads_decision(client, desk, account) -> None:  # type: ignore[no-untyped-def]
    case = services.case_submit(
        actor=account, item_version=desk.item, applicant=desk.applicant, channel=Channel.WEB
    )
    services.case_request_supplement(actor=desk.clerk, case=case, materials=["章程"])
    client.force_login(account)
    response = client.post(
        f"/cases/mine/{case.number}/",
        {"note": "已补", "files": SimpleUploadedFile("章程.pdf", PDF)},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    services.case_accept(actor=desk.clerk, case=case)
    services.case_approve(actor=desk.reviewer, case=case)
    seq = case.events.get(kind="approved").sequence
    download = client.get(f"/cases/{case.number}/documents/{seq}.docx")
    assert download.status_code == 200
    client.logout()
    assert client.get(f"/cases/{case.number}/documents/{seq}.docx").status_code == 404
