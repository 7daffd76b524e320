"""Inspection visits and their findings; handling by efficiency warning or otherwise.

An efficiency warning is created in supervision through its service
`xiaoneng.supervision.services.warning_issue`; evaluation never writes supervision's tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import Finding, FindingKind, Handling, InspectionVisit, VisitMode
from xiaoneng.supervision.services import warning_issue


def _check(actor: User, owner: Organization) -> None:
    if not user_may(actor, Perm.TASK_MANAGE, owner):
        raise NotPermitted(_("Only the supervising office records inspection visits."))


def visit_record(
    *,
    actor: User,
    owner: Organization,
    visited_on: date,
    mode: str,
    units: Sequence[Organization],
    inspectors: Sequence[User],
    notes: str = "",
) -> InspectionVisit:
    _check(actor, owner)
    if mode not in VisitMode.values:
        raise InvalidInput(_("Choose open or unannounced."), field="mode")
    if not units:
        raise InvalidInput(_("Choose the units visited."), field="units")
    if not inspectors:
        raise InvalidInput(_("Name the inspectors."), field="inspectors")
    if visited_on > timezone.localdate():
        raise InvalidInput(_("A visit cannot be recorded before it happens."), field="visited_on")
    with transaction.atomic():
        visit = InspectionVisit.objects.create(
            visited_on=visited_on, mode=mode, owner=owner, notes=notes, created_by=actor
        )
        visit.units.set(units)
        visit.inspectors.set(inspectors)
        audit(
            actor=actor,
            action="inspection.visit.record",
            obj=visit,
            detail={"units": [u.pk for u in units]},
        )
    return visit


def finding_record(
    *,
    actor: User,
    visit: InspectionVisit,
    unit: Organization,
    kind: str,
    person: User | None = None,
    person_name: str = "",
    description: str = "",
) -> Finding:
    _check(actor, visit.owner)
    if kind not in FindingKind.values:
        raise InvalidInput(_("Choose what was found."), field="kind")
    if not visit.units.filter(pk=unit.pk).exists():
        raise InvalidInput(_("The unit was not visited on this visit."), field="unit")
    if person is not None:
        person_name = person.display_name
        organization = person.organization
        if organization is None or not organization.path.startswith(unit.path):
            raise InvalidInput(_("The person does not work in that unit."), field="person")
    if not person_name.strip():
        raise InvalidInput(_("Name the person."), field="person_name")
    if kind == FindingKind.OTHER and not description.strip():
        raise InvalidInput(_("Describe the finding."), field="description")
    with transaction.atomic():
        finding = Finding.objects.create(
            visit=visit,
            unit=unit,
            person=person,
            person_name=person_name.strip(),
            kind=kind,
            description=description.strip(),
        )
        audit(
            actor=actor,
            action="inspection.finding.record",
            obj=finding,
            detail={"kind": kind, "unit": unit.pk},
        )
    return finding


def finding_handle(
    *, actor: User, finding: Finding, handling: str, note: str = "", on: date | None = None
) -> Finding:
    """Handle a finding: an efficiency warning (created in supervision) or other handling."""
    _check(actor, finding.visit.owner)
    if finding.handling != Handling.PENDING:
        raise Conflict(_("This finding has already been handled."), field="handling")
    on = on or timezone.localdate()
    if handling == Handling.EFFICIENCY_WARNING:
        if finding.person is None:
            raise InvalidInput(_("A warning needs the person's staff account."), field="person")
    elif handling == Handling.OTHER:
        if not note.strip():
            raise InvalidInput(_("Describe the handling."), field="note")
    else:
        raise InvalidInput(_("Choose the handling."), field="handling")
    with transaction.atomic():
        if handling == Handling.EFFICIENCY_WARNING and finding.person is not None:
            reason = _("Inspection visit on %(date)s: %(kind)s.") % {
                "date": finding.visit.visited_on,
                "kind": finding.get_kind_display(),
            }
            if note.strip():
                reason = f"{reason} {note.strip()}"
            warning = warning_issue(
                actor=actor,
                person=finding.person,
                reason=reason,
                source_kind="inspection",
                source_ref=str(finding.pk),
                issued_on=on,
            )
            finding.warning_ref = warning.number
        finding.handling = handling
        finding.handling_note = note.strip()
        finding.handled_on = on
        finding.save()
        audit(
            actor=actor,
            action="inspection.finding.handle",
            obj=finding,
            detail={"handling": handling, "warning": finding.warning_ref},
        )
    return finding
