"""Resolving what an application names: the item version and the applicant.

Used by the API, the window screen, the portal and the import, so they resolve alike.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from xiaoneng.catalog.models import ServiceItem, ServiceItemVersion
from xiaoneng.core import services as core_services
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.identifiers import validate_credit_code, validate_resident_id
from xiaoneng.core.models import Applicant, ApplicantKind, User


def resolve_item_version(*, code: str, version: int | None = None) -> ServiceItemVersion:
    """The item version named by implementation code (and version number, default current)."""
    item = ServiceItem.objects.filter(implementation_code=(code or "").strip()).first()
    if item is None:
        raise InvalidInput(_("No service item has this implementation code."), field="item")
    if version is None:
        if item.current_version_id is None:
            raise InvalidInput(_("This item has no version yet."), field="item")
        return ServiceItemVersion.objects.select_related("item").get(pk=item.current_version_id)
    found = (
        ServiceItemVersion.objects.select_related("item").filter(item=item, version=version).first()
    )
    if found is None:
        raise InvalidInput(_("This item has no such version."), field="item_version")
    return found


def normalized_id(kind: str, id_number: str) -> str:
    if kind == ApplicantKind.NATURAL_PERSON:
        return validate_resident_id(id_number, field="applicant_id_number")
    if kind == ApplicantKind.LEGAL_PERSON:
        return validate_credit_code(id_number, field="applicant_id_number").value
    raise InvalidInput(_("Choose natural or legal person."), field="applicant_kind")


def checked_id(kind: str, id_number: str) -> tuple[str, str]:
    """(normalized ID or credit code, warning) — the warning for a pilot credit code whose
    check character fails (GB 32100, accepted); as ``normalized_id`` otherwise."""
    if kind == ApplicantKind.LEGAL_PERSON:
        checked = validate_credit_code(id_number, field="applicant_id_number")
        return checked.value, checked.warning
    return normalized_id(kind, id_number), ""


def resolve_or_register_applicant(
    *, actor: User | None, kind: str, name: str, id_number: str, phone: str = ""
) -> Applicant:
    """The existing applicant with this validated ID or credit code, else a new one
    registered through core (GB 11643 / GB 32100 checks)."""
    normalized = normalized_id(kind, id_number)
    existing = Applicant.objects.filter(kind=kind, id_number=normalized).first()
    if existing is not None:
        return existing
    try:
        return core_services.applicant_register(
            kind=kind, name=name, id_number=normalized, phone=phone or "", actor=actor
        )
    except InvalidInput as exc:
        exc.errors = [(f"applicant_{f}" if f else f, m) for f, m in exc.errors]
        raise
