"""Bad input and abuse: oversized or disguised attachments, unknown units, floods."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoneng.complaints import services
from xiaoneng.complaints.models import Attachment, Category, Complaint
from xiaoneng.core.errors import InvalidInput

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


def _submit(org_tree, files=(), ip="203.0.113.9", **overrides):  # type: ignore[no-untyped-def]
    data = {
        "actor": None,
        "channel": "web",
        "category": Category.EFFICIENCY,
        "unit": org_tree.department,
        "title": "办证太慢",
        "description": "跑了三次还没办好",
        "complainant_name": "李娜",
        "complainant_phone": "13812345678",
        "attachments": [SimpleUploadedFile(name, content) for name, content in files],
        "source_ip": ip,
    }
    data.update(overrides)
    return services.complaint_submit(**data)


def _stored_files(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_valid_attachments_are_stored_under_random_names(org_tree, settings):  # type: ignore[no-untyped-def]
    complaint = _submit(org_tree, files=[("现场.png", PNG), ("回执.pdf", PDF)])
    names = sorted(a.content_type for a in complaint.attachments.all())
    assert names == ["application/pdf", "image/png"]
    stored = _stored_files(settings)
    assert len(stored) == 2
    assert all("现场" not in p.name and "回执" not in p.name for p in stored)


@pytest.mark.parametrize(
    ("files", "reason_part"),
    [
        ([("photo.jpg", EXE)], "not an allowed file type"),
        ([("letter.pdf", b"just some text, not a pdf")], "not an allowed file type"),
        ([("photo.jpg", PNG)], "named as .jpg"),
        ([("empty.png", b"")], "empty"),
        ([(f"p{i}.png", PNG) for i in range(6)], "At most 5"),
    ],
)
def test_bad_attachments_refuse_the_whole_complaint(files, reason_part, org_tree, settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(InvalidInput) as error:
        _submit(org_tree, files=[("ok.pdf", PDF), *files])
    assert error.value.field == "attachments"
    assert reason_part in str(error.value.message)
    assert Complaint.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert _stored_files(settings) == []


def test_oversized_attachment_is_refused(org_tree, settings):  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(InvalidInput) as error:
        _submit(org_tree, files=[("big.pdf", PDF + b"0" * 2000)])
    assert error.value.field == "attachments"
    assert Complaint.objects.count() == 0
    assert _stored_files(settings) == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"unit": None}, "unit"),
        ({"title": "   "}, "title"),
        ({"description": "x" * 5001}, "description"),
        ({"category": "gossip"}, "category"),
        ({"complainant_phone": "call me"}, "complainant_phone"),
        ({"complainant_name": ""}, "complainant_name"),
    ],
)
def test_bad_fields_name_the_field(overrides, field, org_tree):  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as error:
        _submit(org_tree, **overrides)
    assert error.value.field == field
    assert Complaint.objects.count() == 0


def test_inactive_unit_is_refused(org_tree):  # type: ignore[no-untyped-def]
    org_tree.other_department.is_active = False
    org_tree.other_department.save()
    with pytest.raises(InvalidInput) as error:
        _submit(org_tree, unit=org_tree.other_department)
    assert error.value.field == "unit"


def test_flood_from_one_address_is_refused(org_tree, settings):  # type: ignore[no-untyped-def]
    settings.COMPLAINTS_SUBMISSIONS_PER_HOUR = 3
    for _i in range(3):
        _submit(org_tree)
    with pytest.raises(InvalidInput) as error:
        _submit(org_tree)
    assert error.value.code == "throttled"
    assert Complaint.objects.count() == 3
    # another address is not affected
    _submit(org_tree, ip="198.51.100.7")
    assert Complaint.objects.count() == 4


def test_public_submission_is_always_web_and_anonymous_keeps_no_identity(org_tree):  # type: ignore[no-untyped-def]
    complaint = _submit(org_tree, channel="visit", is_anonymous=True)
    assert complaint.channel == "web"
    assert complaint.complainant_name == "" and complaint.complainant_phone == ""
    assert complaint.visitor_count == 0
