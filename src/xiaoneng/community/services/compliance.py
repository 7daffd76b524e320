"""Violations and accountability (rule 10: 对违反本规定的，要进行问责，责令限期整改)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng import workdays
from xiaoneng.community.models import AccountabilityRecord, Violation
from xiaoneng.community.rules import quotas
from xiaoneng.community.services.common import clean_text, require, street_of
from xiaoneng.community.workflow import (
    ACCOUNTABILITY_TRANSITIONS,
    AccountabilityStatus,
    check_transition,
)
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import TaskSource
from xiaoneng.evaluation.services.tasks import task_create


def violation_record(
    *,
    rule: str,
    offender: Organization,
    community: Organization | None,
    occurred_on: date,
    description: str,
    source: object,
    street: Organization | None = None,
) -> Violation:
    """Record a breach found by another service (called inside that service's transaction).

    Idempotent per (rule, source object, community): recording twice returns the first.
    """
    street = street or (street_of(community) if community else street_of(offender))
    violation, created = Violation.objects.get_or_create(
        rule=rule,
        source_type=type(source).__name__.lower(),
        source_id=source.pk,  # type: ignore[attr-defined]
        community=community,
        defaults={
            "offender": offender,
            "street": street,
            "occurred_on": occurred_on,
            "description": description,
        },
    )
    if created:
        audit(
            actor=None,
            action="community.violation.record",
            obj=violation,
            detail={"rule": rule, "offender": offender.pk},
        )
    return violation


def accountability_open(
    *,
    actor: User,
    violation: Violation,
    instruction: str,
    workdays_allowed: int | None = None,
    today: date | None = None,
) -> AccountabilityRecord:
    """A supervisor holds the responsible unit to account and orders rectification by a date
    counted in working days (default rules.Quotas.rectification_workdays)."""
    require(actor, (Perm.COMMUNITY_SUPERVISE,), violation.offender)
    instruction = clean_text(instruction, field="instruction")
    days = quotas().rectification_workdays if workdays_allowed is None else workdays_allowed
    if not 1 <= days <= 60:
        raise InvalidInput(_("Allow between 1 and 60 working days."), field="workdays_allowed")
    today = today or timezone.localdate()
    result = workdays.add_workdays_checked(today, days)
    with transaction.atomic():
        if AccountabilityRecord.objects.filter(violation=violation).exists():
            raise Conflict(_("This violation is already being held to account."), field="violation")
        record = AccountabilityRecord.objects.create(
            violation=violation,
            opened_on=today,
            due_on=result.day,
            is_due_provisional=result.is_provisional,
            instruction=instruction,
            opened_by=actor,
        )
        audit(
            actor=actor,
            action="community.accountability.open",
            obj=record,
            detail={"due_on": record.due_on.isoformat()},
        )
    return record


def accountability_report_rectification(
    *, actor: User, record: AccountabilityRecord, rectification: str, today: date | None = None
) -> AccountabilityRecord:
    """The responsible unit reports what it has put right."""
    require(actor, (Perm.COMMUNITY_RECORD, Perm.COMMUNITY_APPROVE), record.violation.offender)
    text = clean_text(rectification, field="rectification")
    with transaction.atomic():
        check_transition(ACCOUNTABILITY_TRANSITIONS, record.status, AccountabilityStatus.RECTIFIED)
        record.status = AccountabilityStatus.RECTIFIED
        record.rectification = text
        record.rectified_on = today or timezone.localdate()
        record.save(update_fields=["status", "rectification", "rectified_on"])
        audit(actor=actor, action="community.accountability.rectify", obj=record)
    return record


def accountability_close(
    *,
    actor: User,
    record: AccountabilityRecord,
    accepted: bool,
    note: str = "",
    today: date | None = None,
) -> AccountabilityRecord:
    """The supervisor accepts the rectification (closed) or sends it back (open again)."""
    require(actor, (Perm.COMMUNITY_SUPERVISE,), record.violation.offender)
    target = AccountabilityStatus.CLOSED if accepted else AccountabilityStatus.OPEN
    if not accepted:
        note = clean_text(note, field="note")
    with transaction.atomic():
        check_transition(ACCOUNTABILITY_TRANSITIONS, record.status, target)
        record.status = target
        record.closing_note = note.strip()
        record.closed_on = (today or timezone.localdate()) if accepted else None
        record.save(update_fields=["status", "closing_note", "closed_on"])
        audit(
            actor=actor,
            action="community.accountability.close",
            obj=record,
            detail={"accepted": accepted},
        )
    return record


def accountability_is_overdue(record: AccountabilityRecord, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return record.status == AccountabilityStatus.OPEN and today > record.due_on


def violation_to_supervision_task(
    *, actor: User, violation: Violation, owner: Organization, deadline: date
) -> Violation:
    """Rule 10 in the efficiency supervision: a violation becomes a supervision task (效能督查)
    of the supervising office `owner`, led by the responsible unit; the supervision context's
    `task_create` checks the actor's right to manage tasks there."""
    if violation.supervision_task_id is not None:
        raise Conflict(_("This violation is already a supervision task."), field="violation")
    with transaction.atomic():
        task = task_create(
            actor=actor,
            title=_("Community burden: %(rule)s") % {"rule": violation.get_rule_display()},
            source=TaskSource.ROUTINE_CHECK,
            goal=violation.description,
            deadline=deadline,
            owner=owner,
            lead_unit=violation.offender,
        )
        violation.supervision_task = task
        violation.save(update_fields=["supervision_task"])
        audit(
            actor=actor,
            action="community.violation.to_task",
            obj=violation,
            detail={"task": task.pk},
        )
    return violation
