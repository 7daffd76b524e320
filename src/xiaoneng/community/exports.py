"""Excel sheets of the seal register, the work record archive and the registers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from xiaoneng.community.models import CertificateRequest, WorkRecordEntry
from xiaoneng.community.services.certificates import certificate_type_label
from xiaoneng.community.services.registers import RegisterSpec
from xiaoneng.core.documents import OfficialDocument
from xiaoneng.core.excel import Sheet
from xiaoneng.core.masking import mask_id_number


def seal_register_sheet(rows: Iterable[CertificateRequest]) -> Sheet:
    return Sheet(
        _("Seal register"),
        [
            _("Date"),
            _("Community"),
            _("Number"),
            _("Resident"),
            _("Resident ID number"),
            _("Certificate type"),
            _("Purpose"),
            _("Outcome"),
            _("Refusal reason"),
            _("Where to go instead"),
            _("Handled by"),
        ],
        [
            [
                c.requested_on,
                c.community.name,
                c.number,
                c.resident_name,
                mask_id_number(c.resident_id_number) if c.resident_id_number else "",
                certificate_type_label(c.requested_type),
                c.purpose,
                c.get_outcome_display(),
                c.refusal_reason,
                c.refer_to,
                str(c.handled_by),
            ]
            for c in rows
        ],
    )


def record_sheet(rows: Iterable[WorkRecordEntry], year: int) -> Sheet:
    return Sheet(
        _("Work records %(year)s") % {"year": year},
        [
            _("Date"),
            _("Community"),
            _("Kind"),
            _("Title"),
            _("Text"),
            _("Photos"),
            _("Author"),
        ],
        [
            [
                e.entry_on,
                e.community.name,
                e.get_kind_display(),
                e.title,
                e.text,
                ", ".join(p.original_name or p.photo.name for p in e.photos.all()),
                str(e.author),
            ]
            for e in rows
        ],
    )


def _value(row: models.Model, name: str) -> Any:
    display = getattr(row, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    value = getattr(row, name)
    if isinstance(value, models.Model):
        return str(value)
    return value


def register_row_dict(spec: RegisterSpec, row: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {"id": row.pk, "community": row.community_id}  # type: ignore[attr-defined]
    for name in spec.fields:
        value = _value(row, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def register_sheet(spec: RegisterSpec, rows: Iterable[models.Model]) -> Sheet:
    names = ("community", *spec.fields)
    headers = [str(getattr(spec.model._meta.get_field(n), "verbose_name", n)) for n in names]
    return Sheet(str(spec.label), headers, [[_value(r, n) for n in names] for r in rows])


def record_document(community_name: str, year: int, rows: Iterable[WorkRecordEntry]) -> bytes:
    """One community's work record book of a year as a Word file (GB/T 9704 layout)."""
    return OfficialDocument(
        issuer=community_name,
        title=_("Work record book %(year)s") % {"year": year},
        number="",
        paragraphs=[
            f"{e.entry_on:%Y-%m-%d}　{e.get_kind_display()}　{e.title}：{e.text}"
            + (
                _("（photos: %(names)s）")
                % {"names": "、".join(p.original_name or p.photo.name for p in e.photos.all())}
                if e.photos.all()
                else ""
            )
            for e in sorted(rows, key=lambda entry: (entry.entry_on, entry.pk))
        ],
        signature=community_name,
    ).render()
