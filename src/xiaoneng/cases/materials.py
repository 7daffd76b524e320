"""Uploaded application materials: checked for size, type (by content) and count, stored
under MEDIA_ROOT with random names (outside the web root), served only through a view that
checks access, and checked off against the item's materials list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

import filetype
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from xiaoneng.cases.models import Case, CaseMaterial
from xiaoneng.cases.services._base import clock, is_own_applicant, require
from xiaoneng.cases.workflow import FINAL_STATUSES, INTAKE_STATUSES
from xiaoneng.catalog.models import ItemMaterial
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm

#: Accepted content types, recognised from the file's first bytes (never from its name).
#: OFD (GB/T 33190) and OOXML documents are zip containers.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/zip": "OFD/ZIP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
}
MAX_FILES_PER_CASE = 30


def storage_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "cases"
    path.mkdir(parents=True, exist_ok=True)
    return path


def detect_type(head: bytes) -> str | None:
    """The MIME type recognised from the content, if it is one we accept."""
    kind = filetype.guess(head)
    if kind is None:
        return None
    return kind.mime if kind.mime in ALLOWED_TYPES else None


def case_material_upload(
    *,
    actor: User | None,
    case: Case,
    file: IO[bytes],
    name: str,
    item_material: ItemMaterial | None = None,
    at: datetime | None = None,
) -> CaseMaterial:
    """Store one uploaded material for a case (the applicant while the application is at
    intake, or staff who accept cases for the agency)."""
    at = clock(at)
    if not is_own_applicant(actor, case):
        require(actor, Perm.CASE_ACCEPT, case)
    elif case.status not in INTAKE_STATUSES:
        raise Conflict(_("Materials can be added only before acceptance."), field="file")
    if case.status in FINAL_STATUSES:
        raise Conflict(_("This case is finished."), field="file")
    if item_material is not None and item_material.version_id != case.item_version_id:
        raise InvalidInput(_("This material is not on the item's list."), field="item_material")
    if CaseMaterial.objects.filter(case=case).count() >= MAX_FILES_PER_CASE:
        raise InvalidInput(
            _("At most %(n)s files per case.") % {"n": MAX_FILES_PER_CASE}, field="file"
        )
    limit = settings.UPLOAD_MAX_BYTES
    data = file.read(limit + 1)
    if not data:
        raise InvalidInput(_("The file is empty."), field="file")
    if len(data) > limit:
        raise InvalidInput(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // 2**20}, field="file"
        )
    mime = detect_type(data[:8192])
    if mime is None:
        raise InvalidInput(_("Only PDF, JPEG, PNG and OFD files are accepted."), field="file")
    stored = uuid.uuid4().hex
    with transaction.atomic():
        (storage_dir() / stored).write_bytes(data)
        material = CaseMaterial.objects.create(
            case=case,
            item_material=item_material,
            original_name=(name or "file")[-255:],
            stored_name=stored,
            content_type=mime,
            size=len(data),
            uploaded_at=at,
        )
        audit(
            actor=actor,
            action="case.material_upload",
            obj=case,
            detail={"material": material.pk, "size": len(data), "type": mime},
        )
    return material


def material_path(material: CaseMaterial) -> Path:
    return storage_dir() / material.stored_name


def case_material_check(
    *, actor: User | None, case: Case, item_material: ItemMaterial, is_checked: bool
) -> int:
    """The window clerk ticks a listed material as received and checked."""
    require(actor, Perm.CASE_ACCEPT, case)
    if item_material.version_id != case.item_version_id:
        raise InvalidInput(_("This material is not on the item's list."), field="item_material")
    return CaseMaterial.objects.filter(case=case, item_material=item_material).update(
        is_checked=is_checked
    )


@dataclass
class ChecklistRow:
    material: ItemMaterial
    files: list[CaseMaterial]

    @property
    def is_present(self) -> bool:
        return bool(self.files)

    @property
    def is_checked(self) -> bool:
        return bool(self.files) and all(f.is_checked for f in self.files)


def materials_checklist(case: Case) -> list[ChecklistRow]:
    """The item's materials list with what was uploaded for each (window screen)."""
    files = list(CaseMaterial.objects.filter(case=case))
    rows = []
    for material in ItemMaterial.objects.filter(version_id=case.item_version_id):
        rows.append(ChecklistRow(material, [f for f in files if f.item_material_id == material.pk]))
    return rows


def missing_mandatory(case: Case) -> list[str]:
    """Names of mandatory materials without any file (the supplement notice's default list)."""
    return [
        r.material.name
        for r in materials_checklist(case)
        if r.material.is_mandatory and not r.is_present
    ]
