"""Uploads (size, type by content, count, random names) and official documents (.docx)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.cases.factories import at
from xiaoneng.cases import materials, services
from xiaoneng.cases.documents import document_content, document_docx, documents_of
from xiaoneng.cases.models import Channel
from xiaoneng.catalog.models import ItemMaterial
from xiaoneng.core.errors import InvalidInput, NotFound

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.UPLOAD_MAX_BYTES = 1024


def make_case(desk):  # type: ignore[no-untyped-def]
    return services.case_submit(
        actor=desk.clerk, item_version=desk.item, applicant=desk.applicant, channel=Channel.WINDOW
    )


def test_upload_is_stored_under_a_random_name_and_checked_off(desk) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    listed = ItemMaterial.objects.filter(version=desk.item).first()
    m = materials.case_material_upload(
        actor=desk.clerk, case=case, file=io.BytesIO(PDF), name="申请书.pdf", item_material=listed
    )
    assert m.content_type == "application/pdf"
    assert "申请书" not in m.stored_name and len(m.stored_name) == 32
    assert materials.material_path(m).read_bytes() == PDF
    rows = materials.materials_checklist(case)
    assert [r.is_present for r in rows] == [True, False]
    assert materials.missing_mandatory(case) == ["身份证明"]
    materials.case_material_check(
        actor=desk.clerk, case=case, item_material=listed, is_checked=True
    )
    assert materials.materials_checklist(case)[0].is_checked


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (b"", "a.pdf", "empty"),
        (b"MZ\x90\x00 not a pdf at all", "evil.pdf", "Only PDF"),
        (b"%PDF" + b"x" * 2000, "big.pdf", "larger"),
    ],
)
def test_bad_uploads_are_refused(desk, content, name, fragment) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    with pytest.raises(InvalidInput) as error:
        materials.case_material_upload(
            actor=desk.clerk, case=case, file=io.BytesIO(content), name=name
        )
    assert error.value.field == "file"
    assert fragment in str(error.value.message)


def test_png_by_content_and_count_limit(desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    monkeypatch.setattr(materials, "MAX_FILES_PER_CASE", 1)
    m = materials.case_material_upload(
        actor=desk.clerk, case=case, file=io.BytesIO(PNG), name="photo.pdf"
    )
    assert m.content_type == "image/png"
    with pytest.raises(InvalidInput, match="At most"):
        materials.case_material_upload(
            actor=desk.clerk, case=case, file=io.BytesIO(PNG), name="again.png"
        )


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_documents_of_a_case_read_back_with_python_docx(desk) -> None:  # type: ignore[no-untyped-def]
    case = services.case_submit(
        actor=desk.clerk,
        item_version=desk.item,
        applicant=desk.applicant,
        channel=Channel.WINDOW,
        at=at("2025-09-01", 9),
    )
    services.case_request_supplement(
        actor=desk.clerk, case=case, materials=["章程", "租赁合同"], at=at("2025-09-01", 10)
    )
    services.case_supplement(actor=desk.clerk, case=case, at=at("2025-09-02"))
    services.case_accept(actor=desk.clerk, case=case, at=at("2025-09-02", 11))
    services.case_start_special_procedure(
        actor=desk.reviewer,
        case=case,
        kind="hearing",
        reason="涉及重大利益",
        expected_workdays=5,
        at=at("2025-09-03"),
    )
    services.case_end_special_procedure(actor=desk.reviewer, case=case, at=at("2025-09-05"))
    services.case_extend(
        actor=desk.reviewer, case=case, reason="复杂", approver=desk.head, at=at("2025-09-08")
    )
    services.case_deny(
        actor=desk.reviewer,
        case=case,
        reason="不符合条件",
        legal_basis="某条例第八条",
        remedies="可在六十日内申请行政复议",
        at=at("2025-09-09"),
    )
    kinds = [k for k, _e in documents_of(case)]
    assert kinds == [
        "supplement_notice",
        "acceptance_notice",
        "special_procedure_notice",
        "extension_notice",
        "denial_decision",
    ]
    texts = {}
    for kind, event in documents_of(case):
        name, data = document_docx(case, sequence=event.sequence)
        assert name.endswith(".docx")
        texts[kind] = _docx_text(data)
    assert "章程" in texts["supplement_notice"] and "租赁合同" in texts["supplement_notice"]
    assert "某条例第八条" in texts["denial_decision"]
    assert "可在六十日内申请行政复议" in texts["denial_decision"]
    assert desk.agency.name in texts["acceptance_notice"]
    # the number is given once and kept on re-download
    event = documents_of(case)[-1][1]
    first = document_content(case, sequence=event.sequence).number
    assert document_content(case, sequence=event.sequence).number == first
    assert "〔2025〕1号" in first


def test_event_without_document(desk) -> None:  # type: ignore[no-untyped-def]
    case = make_case(desk)
    with pytest.raises(NotFound):
        document_content(case, sequence=1)
