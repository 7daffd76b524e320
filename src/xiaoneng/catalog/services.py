"""Use cases of the service catalog. Pages, the API, the import and the demo all call these.

Each function owns its transaction, checks `Perm.CATALOG_MANAGE` within the implementing
agency's scope (core.access.user_may), writes the audit record and raises core.errors.
`actor=None` is the system (demo loader, data migrations).

Versioning: a version is never changed once written. `item_revise` writes version n+1 and moves
`current_version`; a case keeps pointing at the version it was filed under.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.catalog import spreadsheet
from xiaoneng.catalog.models import (
    CoDepartment,
    ItemMaterial,
    ItemStatus,
    ProcessStep,
    ServiceItem,
    ServiceItemVersion,
)
from xiaoneng.catalog.rules import (
    CoDepartmentSpec,
    ItemContent,
    MaterialSpec,
    StepSpec,
    check_codes,
    clean_content,
    normalize_code,
)
from xiaoneng.catalog.search import (
    KEYWORD_MAX_LENGTH,
    KEYWORDS_MAX_LENGTH,
    keyword_list,
    search_initials,
)
from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput, NotPermitted
from xiaoneng.core.excel import ImportReport, Sheet
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm

# Allowed status changes: (from, to). Every change carries a reason (e.g. a higher level
# cancelled or adjusted the item) and is audited.
STATUS_TRANSITIONS: dict[tuple[str, str], str] = {
    (ItemStatus.ACTIVE, ItemStatus.SUSPENDED): "suspend",
    (ItemStatus.ACTIVE, ItemStatus.CANCELLED): "cancel",
    (ItemStatus.SUSPENDED, ItemStatus.CANCELLED): "cancel",
    (ItemStatus.SUSPENDED, ItemStatus.ACTIVE): "reactivate",
    (ItemStatus.CANCELLED, ItemStatus.ACTIVE): "reactivate",
}


def _require(actor: User | None, agency: Organization) -> None:
    if actor is None:
        return
    if not user_may(actor, Perm.CATALOG_MANAGE, agency):
        raise NotPermitted(
            _("You may not edit the service catalog of %(agency)s.") % {"agency": agency.name}
        )


def _write_version(
    *, item: ServiceItem, number: int, content: ItemContent, actor: User | None, change_reason: str
) -> ServiceItemVersion:
    version = ServiceItemVersion.objects.create(
        item=item,
        version=number,
        change_reason=change_reason,
        created_by=actor if actor is not None and actor.pk else None,
        **content.version_fields(),
    )
    ItemMaterial.objects.bulk_create(
        ItemMaterial(
            version=version,
            order=i,
            name=m.name,
            originals=m.originals,
            copies=m.copies,
            is_mandatory=m.is_mandatory,
            note=m.note,
        )
        for i, m in enumerate(content.materials, start=1)
    )
    ProcessStep.objects.bulk_create(
        ProcessStep(
            version=version,
            order=i,
            name=s.name,
            budget_days=s.budget_days,
            description=s.description,
        )
        for i, s in enumerate(content.steps, start=1)
    )
    CoDepartment.objects.bulk_create(
        CoDepartment(
            version=version, organization=c.organization, opinion_limit_days=c.opinion_limit_days
        )
        for c in content.co_departments
    )
    return version


def item_create(
    *,
    actor: User | None,
    agency: Organization,
    basic_code: str,
    implementation_code: str,
    change_reason: str = "",
    keywords: str = "",
    **content: Any,
) -> ServiceItem:
    """Create an item and its version 1 (with its search keywords, see `item_set_keywords`).

    `content` holds the GB/T 39046 fields named as in `rules.ItemContent` (name, item_type,
    level, handling_type, legal_limit_days, committed_limit_days, …, materials, steps,
    co_departments); see `rules.clean_content` for every rule.
    """
    _require(actor, agency)
    keywords = clean_keywords(keywords)
    problems = check_codes(
        basic_code=basic_code, implementation_code=implementation_code, agency=agency
    )
    try:
        cleaned = clean_content(content, agency=agency)
    except InvalidInput as error:
        problems.extend(error.errors)  # type: ignore[arg-type]
    if problems:
        raise InvalidInput(problems[0][1], field=problems[0][0], errors=list(problems))
    code = normalize_code(implementation_code)
    with transaction.atomic():
        if ServiceItem.objects.filter(implementation_code=code).exists():
            raise InvalidInput(
                _("An item with this implementation code already exists."),
                field="implementation_code",
            )
        try:
            with transaction.atomic():
                item = ServiceItem.objects.create(
                    basic_code=normalize_code(basic_code),
                    implementation_code=code,
                    name=cleaned.name,
                    agency=agency,
                    status=ItemStatus.ACTIVE,
                    keywords=keywords,
                    search_initials=search_initials(cleaned.name, keywords),
                )
        except IntegrityError as exc:  # a concurrent create of the same code
            raise InvalidInput(
                _("An item with this implementation code already exists."),
                field="implementation_code",
            ) from exc
        version = _write_version(
            item=item,
            number=1,
            content=cleaned,
            actor=actor,
            change_reason=change_reason or _("Created"),
        )
        item.current_version = version
        item.save(update_fields=["current_version"])
        audit(
            actor=actor, action="catalog.item_create", obj=item, detail={"code": code, "version": 1}
        )
    return item


def content_of(version: ServiceItemVersion) -> dict[str, Any]:
    """A version's content as `item_create`/`item_revise` keyword arguments."""
    data: dict[str, Any] = {
        name: getattr(version, name)
        for name in ItemContent.__dataclass_fields__
        if name not in {"materials", "steps", "co_departments"}
    }
    data["materials"] = [
        MaterialSpec(m.name, m.originals, m.copies, m.is_mandatory, m.note)
        for m in version.materials.all()
    ]
    data["steps"] = [StepSpec(s.name, s.budget_days, s.description) for s in version.steps.all()]
    data["co_departments"] = [
        CoDepartmentSpec(c.organization, c.opinion_limit_days)
        for c in version.co_departments.select_related("organization")
    ]
    return data


def item_revise(
    *,
    actor: User | None,
    item: ServiceItem,
    change_reason: str,
    **changes: Any,
) -> ServiceItemVersion:
    """Write a new version with `changes` applied to the current one, and make it current.

    Lists (`materials`, `steps`, `co_departments`) given in `changes` replace the old lists
    whole. The old version is left exactly as it was, so cases filed under it keep it.
    A cancelled item is not revised (reactivate it first).
    """
    _require(actor, item.agency)
    change_reason = (change_reason or "").strip()
    if not change_reason:
        raise InvalidInput(_("Say why the item changes."), field="change_reason")
    if len(change_reason) > 500:
        raise InvalidInput(_("At most %(n)d characters.") % {"n": 500}, field="change_reason")
    with transaction.atomic():
        locked = (
            ServiceItem.objects.select_for_update(of=("self",))
            .select_related("current_version", "agency")
            .get(pk=item.pk)
        )
        if locked.status == ItemStatus.CANCELLED:
            raise Conflict(
                _("A cancelled item cannot be revised; reactivate it first."), field="status"
            )
        assert locked.current_version is not None
        data = content_of(locked.current_version)
        data.update(changes)
        cleaned = clean_content(data, agency=locked.agency)
        number = (
            locked.versions.order_by("-version").values_list("version", flat=True).first() or 0
        ) + 1
        version = _write_version(
            item=locked, number=number, content=cleaned, actor=actor, change_reason=change_reason
        )
        locked.current_version = version
        locked.name = cleaned.name
        locked.search_initials = search_initials(cleaned.name, locked.keywords)
        locked.save(update_fields=["current_version", "name", "search_initials"])
        audit(
            actor=actor,
            action="catalog.item_revise",
            obj=locked,
            detail={"version": number, "reason": change_reason, "changed": sorted(changes)},
        )
    item.refresh_from_db()
    return version


def clean_keywords(value: Any) -> str:
    """Keywords as stored: distinct words separated by one space; each word at most 20
    characters, all of them at most 300."""
    words = keyword_list(str(value or ""))
    for word in words:
        if len(word) > KEYWORD_MAX_LENGTH:
            raise InvalidInput(
                _("A keyword has at most %(n)d characters: %(word)s")
                % {"n": KEYWORD_MAX_LENGTH, "word": word},
                field="keywords",
            )
    text = " ".join(words)
    if len(text) > KEYWORDS_MAX_LENGTH:
        raise InvalidInput(
            _("At most %(n)d characters.") % {"n": KEYWORDS_MAX_LENGTH}, field="keywords"
        )
    return text


def item_set_keywords(*, actor: User | None, item: ServiceItem, keywords: str) -> ServiceItem:
    """Set the words the public search finds an item by (e.g. 开店 创业 for 个体工商户设立登记).

    Keywords are not part of a version (no case depends on them); the pinyin initials of the
    name and keywords are stored with them for the search (catalog.search).
    """
    _require(actor, item.agency)
    keywords = clean_keywords(keywords)
    with transaction.atomic():
        locked = ServiceItem.objects.select_for_update().get(pk=item.pk)
        previous = locked.keywords
        locked.keywords = keywords
        locked.search_initials = search_initials(locked.name, keywords)
        locked.save(update_fields=["keywords", "search_initials"])
        audit(
            actor=actor,
            action="catalog.item_set_keywords",
            obj=locked,
            detail={"from": previous, "to": keywords},
        )
    item.refresh_from_db()
    return item


def _change_status(*, actor: User | None, item: ServiceItem, to: str, reason: str) -> ServiceItem:
    _require(actor, item.agency)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            _("A reason is required (e.g. the higher level cancelled or adjusted this item)."),
            field="reason",
        )
    if len(reason) > 2000:
        raise InvalidInput(_("At most %(n)d characters.") % {"n": 2000}, field="reason")
    with transaction.atomic():
        locked = ServiceItem.objects.select_for_update().get(pk=item.pk)
        action = STATUS_TRANSITIONS.get((locked.status, to))
        if action is None:
            raise Conflict(
                _("An item that is %(status)s cannot become %(to)s.")
                % {
                    "status": ItemStatus(locked.status).label,
                    "to": ItemStatus(to).label,
                },
                field="status",
            )
        previous = locked.status
        locked.status = to
        locked.status_reason = reason
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_reason", "status_changed_at"])
        audit(
            actor=actor,
            action=f"catalog.item_{action}",
            obj=locked,
            detail={"from": previous, "to": to, "reason": reason},
        )
    item.refresh_from_db()
    return item


def item_suspend(*, actor: User | None, item: ServiceItem, reason: str) -> ServiceItem:
    """Suspend an active item: the public guide hides it and no new case can be filed."""
    return _change_status(actor=actor, item=item, to=ItemStatus.SUSPENDED, reason=reason)


def item_cancel(*, actor: User | None, item: ServiceItem, reason: str) -> ServiceItem:
    """Cancel an item (e.g. the higher level abolished it); its versions stay for old cases."""
    return _change_status(actor=actor, item=item, to=ItemStatus.CANCELLED, reason=reason)


def item_reactivate(*, actor: User | None, item: ServiceItem, reason: str) -> ServiceItem:
    """Make a suspended or cancelled item active again."""
    return _change_status(actor=actor, item=item, to=ItemStatus.ACTIVE, reason=reason)


def catalog_import(*, actor: User | None, data: bytes) -> ImportReport:
    """Import a catalog workbook (layout in docs/catalog.md), all or nothing.

    A row whose implementation code is new creates an item; a known one gets a new version when
    its content differs (unchanged items are left alone). Every row error names its sheet, row
    and column; when there is any, nothing is written.
    """
    parsed = spreadsheet.parse_workbook(data, actor=actor)
    report = ImportReport(errors=list(parsed.errors))
    # Rows that parsed are still checked through the services, so that the report lists every
    # error of the file; nothing is kept when there is any.
    with transaction.atomic():
        for entry in parsed.entries:
            try:
                existing = (
                    ServiceItem.objects.filter(implementation_code=entry.implementation_code)
                    .select_related("agency", "current_version")
                    .first()
                )
                if existing is None:
                    item_create(
                        actor=actor,
                        agency=entry.agency,
                        basic_code=entry.basic_code,
                        implementation_code=entry.implementation_code,
                        change_reason=entry.change_reason or _("Imported"),
                        **entry.content,
                    )
                    report.created += 1
                    continue
                if existing.agency_id != entry.agency.pk:
                    raise InvalidInput(
                        _("This item belongs to %(agency)s; its agency cannot change.")
                        % {"agency": existing.agency.name},
                        field="agency",
                    )
                if existing.basic_code != normalize_code(entry.basic_code):
                    raise InvalidInput(
                        _("The basic code of an existing item cannot change."), field="basic_code"
                    )
                assert existing.current_version is not None
                if _same_content(existing, entry.content):
                    continue
                item_revise(
                    actor=actor,
                    item=existing,
                    change_reason=entry.change_reason or _("Imported"),
                    **entry.content,
                )
                report.updated += 1
            except DomainError as error:
                report.errors.extend(entry.errors_from(error))
        if report.errors:
            transaction.set_rollback(True)
            report.created = report.updated = 0
            report.errors.sort(key=lambda e: (_SHEET_ORDER.get(getattr(e, "sheet", ""), 9), e.row))
            return report
        audit(
            actor=actor,
            action="catalog.import",
            object_type="catalog.serviceitem",
            detail={"created": report.created, "updated": report.updated},
        )
    return report


_SHEET_ORDER = {name: i for i, name in enumerate(spreadsheet.SHEET_ALIASES)}


def _same_content(item: ServiceItem, content: dict[str, Any]) -> bool:
    assert item.current_version is not None
    try:
        new = clean_content(content, agency=item.agency)
    except InvalidInput:
        return False
    old = clean_content(content_of(item.current_version), agency=item.agency)
    return new == old


def catalog_export_sheets(
    items: Iterable[ServiceItem] | QuerySet[ServiceItem] | None = None,
) -> list[Sheet]:
    """The catalog (current versions) as the four import sheets, which import back unchanged."""
    if items is None:
        items = ServiceItem.objects.all()
    return spreadsheet.export_sheets(items)
