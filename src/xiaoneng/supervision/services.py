"""Use cases of efficiency warnings (效能告诫) and unit accountability (问责).

Other contexts (complaints, inspection visits) issue warnings through `warning_issue`; its
keyword-only signature is stable (docs/supervision.md).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm, user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.notifications import notify
from xiaoneng.core.numbering import number_next
from xiaoneng.core.roles import Perm, Role
from xiaoneng.core.selectors import staff_with_role
from xiaoneng.supervision.models import (
    ACCOUNTABILITY_THRESHOLD,
    Accountability,
    AccountabilityDeliverable,
    DeliverableKind,
    EfficiencyWarning,
    SourceKind,
    SupervisionSettings,
)
from xiaoneng.supervision.sweep import watches_refresh
from xiaoneng.supervision.workflow import (
    AccountabilityStatus,
    DeliverableStatus,
    deliverable_may_move,
)


def warning_issue(
    *,
    actor: User | None,
    person: User,
    reason: str,
    source_kind: str,
    source_ref: str,
    issued_on: date | None = None,
    source: models.Model | None = None,
) -> EfficiencyWarning:
    """Issue an efficiency warning to `person` (a staff member of a unit).

    The warning counts for the person's unit (their organization) in the calendar year of
    `issued_on` (default today). The third warning of a unit in a year flags the unit: its
    Accountability for that year is created once (DOMAIN.md §2). `actor` needs WARNING_ISSUE
    over the unit (efficiency supervisors and the complaint centre); `actor=None` is reserved
    for system imports. `source` is the optional object behind the warning (a Case, a
    Complaint, an inspection visit).
    """
    unit = person.organization if person is not None else None
    if person is None or unit is None or not person.is_active:
        raise InvalidInput(_("Choose an active staff member of a unit."), field="person")
    if actor is not None and not user_may(actor, Perm.WARNING_ISSUE, unit):
        raise NotPermitted(_("You may not issue efficiency warnings to this unit."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("State the reason for the warning."), field="reason")
    if source_kind not in SourceKind.values:
        raise InvalidInput(
            _("Choose the basis: a case, a complaint, an inspection visit or other."),
            field="source_kind",
        )
    source_ref = (source_ref or "").strip()
    if not source_ref:
        raise InvalidInput(
            _("Give the number of the case, complaint or inspection behind the warning."),
            field="source_ref",
        )
    if len(source_ref) > 100:
        raise InvalidInput(_("At most 100 characters."), field="source_ref")
    today = timezone.localdate()
    issued_on = issued_on or today
    if issued_on > today:
        raise InvalidInput(_("The issue date cannot be in the future."), field="issued_on")

    with transaction.atomic():
        warning = EfficiencyWarning.objects.create(
            number=number_next(key="efficiency_warning", year=issued_on.year, prefix="GJ"),
            person=person,
            unit=unit,
            reason=reason,
            source_kind=source_kind,
            source_ref=source_ref,
            source_type=ContentType.objects.get_for_model(source) if source is not None else None,
            source_id=str(source.pk) if source is not None else "",
            issued_by=actor,
            issued_on=issued_on,
            year=issued_on.year,
        )
        audit(
            actor=actor,
            action="supervision.warning_issue",
            obj=warning,
            detail={"person": person.pk, "unit": unit.pk, "source": f"{source_kind}:{source_ref}"},
        )
        _flag_unit_if_due(actor=actor, warning=warning)
    notify(
        recipients=[person],
        title=_("You received an efficiency warning (%(number)s)") % {"number": warning.number},
        body=reason,
        level="warning",
        dedupe_key=f"warning:{warning.pk}",
    )
    return warning


def _flag_unit_if_due(*, actor: User | None, warning: EfficiencyWarning) -> Accountability | None:
    """Create the unit's Accountability for the year once it has ≥ 3 warnings (人次)."""
    count = EfficiencyWarning.objects.filter(unit=warning.unit, year=warning.year).count()
    if count < ACCOUNTABILITY_THRESHOLD:
        return None
    if Accountability.objects.filter(unit=warning.unit, year=warning.year).exists():
        return None
    accountability = Accountability.objects.create(
        unit=warning.unit, year=warning.year, triggered_by=warning
    )
    AccountabilityDeliverable.objects.bulk_create(
        AccountabilityDeliverable(accountability=accountability, kind=kind)
        for kind in DeliverableKind.values
    )
    audit(
        actor=actor,
        action="supervision.accountability_flag",
        obj=accountability,
        detail={"unit": warning.unit_id, "year": warning.year, "warnings": count},
    )
    recipients = [
        *staff_with_role(role=Role.DEPARTMENT_HEAD, organization=warning.unit),
        *staff_with_role(role=Role.EFFICIENCY_SUPERVISOR, organization=warning.unit),
    ]
    notify(
        recipients=recipients,
        title=_("%(unit)s received %(count)s efficiency warnings in %(year)s: accountability")
        % {"unit": warning.unit, "count": count, "year": warning.year},
        body=_(
            "The unit's leader is due an admonishment; the unit owes a written "
            "self-examination and a rectification plan."
        ),
        level="warning",
        dedupe_key=f"accountability:{accountability.pk}",
    )
    return accountability


def warning_counts(
    *, unit: Organization | None = None, person: User | None = None, year: int
) -> int:
    """Warnings (人次) of a unit or a person in a calendar year."""
    queryset = EfficiencyWarning.objects.filter(year=year)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if person is not None:
        queryset = queryset.filter(person=person)
    return queryset.count()


def _deliverable(accountability: Accountability, kind: str) -> AccountabilityDeliverable:
    if kind not in DeliverableKind.values:
        raise InvalidInput(
            _("Choose the self-examination or the rectification plan."), field="kind"
        )
    return AccountabilityDeliverable.objects.select_for_update().get(
        accountability=accountability, kind=kind
    )


def _move(deliverable: AccountabilityDeliverable, target: str) -> None:
    if not deliverable_may_move(deliverable.status, target):
        raise Conflict(
            _("The %(kind)s is %(status)s and cannot become %(target)s.")
            % {
                "kind": deliverable.get_kind_display(),
                "status": deliverable.get_status_display(),
                "target": DeliverableStatus(target).label,
            },
            field="kind",
        )
    deliverable.status = target


def accountability_submit(
    *, actor: User, accountability: Accountability, kind: str, text: str
) -> AccountabilityDeliverable:
    """The unit submits its self-examination or rectification plan (TASK_REPORT on the unit)."""
    if not user_may(actor, Perm.TASK_REPORT, accountability.unit):
        raise NotPermitted(_("Only the accountable unit submits its documents."))
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Write the document's text."), field="text")
    with transaction.atomic():
        deliverable = _deliverable(accountability, kind)
        _move(deliverable, DeliverableStatus.SUBMITTED)
        deliverable.text = text
        deliverable.submitted_by = actor
        deliverable.submitted_at = timezone.now()
        deliverable.save()
        audit(
            actor=actor,
            action="supervision.accountability_submit",
            obj=deliverable,
            detail={"kind": kind},
        )
    notify(
        recipients=staff_with_role(
            role=Role.EFFICIENCY_SUPERVISOR, organization=accountability.unit
        ),
        title=_("%(unit)s submitted its %(kind)s")
        % {"unit": accountability.unit, "kind": deliverable.get_kind_display()},
        dedupe_key=f"deliverable:{deliverable.pk}:{deliverable.submitted_at:%Y%m%d%H%M%S%f}",
    )
    return deliverable


def accountability_review(
    *,
    actor: User,
    accountability: Accountability,
    kind: str,
    is_accepted: bool,
    comment: str = "",
) -> AccountabilityDeliverable:
    """The supervisor accepts a submitted document or returns it with a comment."""
    if not user_may(actor, Perm.SUPERVISION_ACT, accountability.unit):
        raise NotPermitted(_("Only the efficiency supervisors review these documents."))
    comment = (comment or "").strip()
    if not is_accepted and not comment:
        raise InvalidInput(_("Say what must be revised."), field="comment")
    with transaction.atomic():
        deliverable = _deliverable(accountability, kind)
        _move(
            deliverable, DeliverableStatus.ACCEPTED if is_accepted else DeliverableStatus.RETURNED
        )
        deliverable.reviewed_by = actor
        deliverable.reviewed_at = timezone.now()
        deliverable.review_comment = comment
        deliverable.save()
        audit(
            actor=actor,
            action="supervision.accountability_review",
            obj=deliverable,
            detail={"kind": kind, "accepted": is_accepted},
        )
        _close_if_complete(actor=actor, accountability=accountability)
    return deliverable


def accountability_record_admonishment(
    *,
    actor: User,
    accountability: Accountability,
    leader: str,
    admonished_on: date,
    note: str = "",
) -> Accountability:
    """Record that the unit's leader was admonished (诫勉谈话)."""
    if not user_may(actor, Perm.SUPERVISION_ACT, accountability.unit):
        raise NotPermitted(_("Only the efficiency supervisors record admonishments."))
    leader = (leader or "").strip()
    if not leader:
        raise InvalidInput(_("Name the leader who was admonished."), field="leader")
    if admonished_on is None or admonished_on > timezone.localdate():
        raise InvalidInput(
            _("Give the admonishment date, not in the future."), field="admonished_on"
        )
    with transaction.atomic():
        accountability = Accountability.objects.select_for_update().get(pk=accountability.pk)
        if accountability.is_admonished:
            raise Conflict(_("The admonishment is already recorded."), field="leader")
        accountability.admonished_leader = leader[:100]
        accountability.admonished_on = admonished_on
        accountability.admonishment_note = note
        accountability.save()
        audit(
            actor=actor,
            action="supervision.accountability_admonish",
            obj=accountability,
            detail={"leader": leader, "on": admonished_on.isoformat()},
        )
        _close_if_complete(actor=actor, accountability=accountability)
    accountability.refresh_from_db()
    return accountability


def _close_if_complete(*, actor: User, accountability: Accountability) -> None:
    accountability = Accountability.objects.select_for_update().get(pk=accountability.pk)
    pending = accountability.deliverables.exclude(status=DeliverableStatus.ACCEPTED).exists()
    if pending or not accountability.is_admonished:
        return
    accountability.status = AccountabilityStatus.CLOSED
    accountability.closed_at = timezone.now()
    accountability.save(update_fields=["status", "closed_at"])
    audit(actor=actor, action="supervision.accountability_close", obj=accountability)


def settings_update(
    *, actor: User, yellow_days: int, yellow_ratio: Decimal, late_forwarding_days: int
) -> SupervisionSettings:
    """Change the global thresholds (SUPERVISION_ACT) and rebuild every open case's watch so
    that the lights follow at once."""
    if not user_has_perm(actor, Perm.SUPERVISION_ACT):
        raise NotPermitted(_("Only the efficiency supervisors change the thresholds."))
    if not 0 <= yellow_days <= 60:
        raise InvalidInput(_("Between 0 and 60 working days."), field="yellow_days")
    if not Decimal("0.001") <= Decimal(yellow_ratio) <= Decimal("0.999"):
        raise InvalidInput(_("A share between 0.001 and 0.999, e.g. 0.8."), field="yellow_ratio")
    if not 1 <= late_forwarding_days <= 60:
        raise InvalidInput(_("Between 1 and 60 working days."), field="late_forwarding_days")
    with transaction.atomic():
        row = SupervisionSettings.current()
        before = {
            "yellow_days": row.yellow_days,
            "yellow_ratio": str(row.yellow_ratio),
            "late_forwarding_days": row.late_forwarding_days,
        }
        row.yellow_days = yellow_days
        row.yellow_ratio = Decimal(yellow_ratio)
        row.late_forwarding_days = late_forwarding_days
        row.save()
        audit(
            actor=actor,
            action="supervision.settings_update",
            obj=row,
            detail={
                "before": before,
                "yellow_days": yellow_days,
                "yellow_ratio": str(yellow_ratio),
                "late_forwarding_days": late_forwarding_days,
            },
        )
        watches_refresh(full=True)
    return row
