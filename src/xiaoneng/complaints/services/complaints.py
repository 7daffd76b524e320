"""Complaint use cases: one function per step of the lifecycle (workflow.py).

Every function takes an optional `at` (the moment the step happened) so the historical import
replays the same code with the original times; live calls leave it empty.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import IO, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from xiaoneng.complaints.attachments import check_attachments
from xiaoneng.complaints.deadlines import DEFAULT_LIMITS, due_date
from xiaoneng.complaints.models import (
    Attachment,
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    Conclusion,
    DeadlineRule,
    HandlingMode,
    Outcome,
    OutcomeKind,
    Satisfaction,
    deadline_kind_for,
)
from xiaoneng.complaints.services.common import (
    check_flood,
    check_phone,
    hash_code,
    local_day,
    now_or,
    require,
    require_text,
)
from xiaoneng.complaints.workflow import (
    EXTENDABLE_STATUSES,
    OUTCOME_STATUSES,
    Action,
    Status,
    next_status,
)
from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.notifications import notify
from xiaoneng.core.numbering import number_next
from xiaoneng.core.roles import Perm, Role
from xiaoneng.core.selectors import staff_with_role
from xiaoneng.supervision.services import warning_issue
from xiaoneng.workdays import add_workdays

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
UNIT_REPLY_WORKDAYS = 10


def limit_for(category: str) -> int:
    """Working days allowed for `category`: the configured DeadlineRule, else the default."""
    kind = deadline_kind_for(category)
    rule = DeadlineRule.objects.filter(kind=kind).first()
    return rule.workdays if rule else DEFAULT_LIMITS[kind]


def _record(
    complaint: Complaint,
    *,
    kind: str,
    actor: User | None,
    at: datetime,
    note: str = "",
    payload: dict[str, Any] | None = None,
    sequence: int | None = None,
    actor_name: str = "",
) -> ComplaintEvent:
    if sequence is None:
        last = complaint.events.aggregate(last=Max("sequence"))["last"] or 0
        sequence = last + 1
    return ComplaintEvent.objects.create(
        complaint=complaint,
        sequence=sequence,
        kind=kind,
        occurred_at=at,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor_name or (actor.display_name if actor is not None and actor.pk else ""),
        note=note,
        payload=payload or {},
    )


def _move(complaint: Complaint, action: str) -> None:
    target = next_status(complaint.status, action)
    if target is None:
        raise Conflict(
            _("This step is not possible while the complaint is “%(status)s”.")
            % {"status": complaint.get_status_display()},
            field="status",
        )
    complaint.status = target


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def complaint_submit(
    *,
    actor: User | None,
    channel: str,
    category: str,
    unit: Organization | None,
    title: str,
    description: str,
    is_anonymous: bool = False,
    complainant_name: str = "",
    complainant_phone: str = "",
    person_name: str = "",
    person: User | None = None,
    visitor_count: int | None = None,
    attachments: list[IO[bytes]] | None = None,
    source_ip: str = "",
    account: User | None = None,
    at: datetime | None = None,
    number: str | None = None,
    sequence: int | None = None,
) -> Complaint:
    """Register a complaint. The public (actor None) submits on the web, limited per address;
    the centre (complaint.handle) registers phone, visit, letter, mailbox and 12345 transfers.

    Returns the complaint with `plain_tracking_code` set: the code is stored only hashed and
    shown to the complainant once, together with the number.
    """
    at = now_or(at)
    if actor is None:
        channel = Channel.WEB
        check_flood(Complaint, source_ip=source_ip, time_field="created_at", at=at)
    else:
        require(actor, Perm.COMPLAINT_HANDLE, None)
    if channel not in Channel.values:
        raise InvalidInput(_("Choose a valid channel."), field="channel")
    if category not in Category.values:
        raise InvalidInput(_("Choose a valid category."), field="category")
    if unit is None or not unit.is_active:
        raise InvalidInput(_("Choose the unit you complain about."), field="unit")
    title = require_text(title, field="title", max_length=200)
    description = require_text(description, field="description", max_length=5000)
    person_name = require_text(person_name, field="person_name", max_length=60, required=False)
    if is_anonymous:
        complainant_name, complainant_phone = "", ""
    else:
        complainant_name = require_text(complainant_name, field="complainant_name", max_length=60)
        complainant_phone = check_phone(complainant_phone, field="complainant_phone", required=True)
    if channel == Channel.VISIT:
        visitors = 1 if visitor_count is None else visitor_count
        if visitors < 1 or visitors > 500:
            raise InvalidInput(
                _("A visit receives between 1 and 500 people."), field="visitor_count"
            )
    else:
        visitors = 0
    checked = check_attachments(list(attachments or []))
    received_on = local_day(at)
    limit = limit_for(category)
    due_on, provisional = due_date(received_on, limit)
    code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))
    complaint = Complaint.objects.create(
        number=number or _fresh_number(received_on.year),
        tracking_code_hash=hash_code(code),
        channel=channel,
        category=category,
        is_anonymous=is_anonymous,
        complainant_name=complainant_name,
        complainant_phone=complainant_phone,
        complainant_account=account,
        visitor_count=visitors,
        unit=unit,
        person_name=person_name or (person.display_name if person else ""),
        person=person,
        title=title,
        description=description,
        received_at=at,
        received_on=received_on,
        limit_workdays=limit,
        due_on=due_on,
        is_deadline_provisional=provisional,
        submitted_ip=source_ip,
    )
    stored: list[str] = []
    try:
        for item in checked:
            attachment = Attachment(
                complaint=complaint,
                original_name=item.name,
                content_type=item.content_type,
                size=len(item.content),
                sha256=item.sha256,
            )
            attachment.file.save(item.name, ContentFile(item.content), save=False)
            stored.append(attachment.file.name)
            attachment.save()
        _record(
            complaint,
            kind="registered",
            actor=actor,
            at=at,
            sequence=sequence,
            payload={
                "channel": channel,
                "category": category,
                "unit": unit.pk,
                "attachments": len(checked),
            },
        )
        audit(
            actor=actor,
            action="complaint.submit",
            obj=complaint,
            detail={"channel": channel, "category": category},
        )
    except Exception:
        _remove_files(stored)
        raise
    complaint.plain_tracking_code = code
    return complaint


def _fresh_number(year: int) -> str:
    """The next complaint number not already taken by an imported historical complaint."""
    while True:
        number = number_next(key="complaint", year=year, prefix="TS")
        if not Complaint.objects.filter(number=number).exists():
            return number


def _remove_files(names: list[str]) -> None:
    """Files are written before the rows commit; on failure they are removed again, so a
    refused or failed submission leaves neither rows nor files behind."""
    for name in names:
        default_storage.delete(name)


@transaction.atomic
def complaint_accept(
    *,
    actor: User,
    complaint: Complaint,
    category: str | None = None,
    note: str = "",
    at: datetime | None = None,
    sequence: int | None = None,
) -> Complaint:
    """Accept a complaint within the centre's remit; a corrected category resets its limit."""
    at = now_or(at)
    complaint = _locked(complaint)
    require(actor, Perm.COMPLAINT_HANDLE, complaint.unit)
    _move(complaint, Action.ACCEPT)
    if category and category != complaint.category:
        if category not in Category.values:
            raise InvalidInput(_("Choose a valid category."), field="category")
        complaint.category = category
        complaint.limit_workdays = limit_for(category)
        complaint.due_on, complaint.is_deadline_provisional = due_date(
            complaint.received_on, complaint.limit_workdays, complaint.extension_workdays
        )
    complaint.handler = actor
    complaint.save()
    _record(
        complaint,
        kind="accepted",
        actor=actor,
        at=at,
        note=note,
        sequence=sequence,
        payload={"category": complaint.category},
    )
    audit(actor=actor, action="complaint.accept", obj=complaint)
    return complaint


@transaction.atomic
def complaint_decline(
    *,
    actor: User,
    complaint: Complaint,
    reason: str,
    referred_to: str,
    at: datetime | None = None,
    sequence: int | None = None,
) -> Complaint:
    """Decline a complaint outside the centre's remit, saying why and where it was referred."""
    at = now_or(at)
    complaint = _locked(complaint)
    require(actor, Perm.COMPLAINT_HANDLE, complaint.unit)
    reason = require_text(reason, field="reason", max_length=500)
    referred_to = require_text(referred_to, field="referred_to", max_length=200)
    _move(complaint, Action.DECLINE)
    complaint.declined_reason, complaint.referred_to = reason, referred_to
    complaint.closed_at, complaint.closed_on = at, local_day(at)
    complaint.handler = actor
    complaint.save()
    _record(
        complaint,
        kind="declined",
        actor=actor,
        at=at,
        note=reason,
        sequence=sequence,
        payload={"referred_to": referred_to},
    )
    audit(actor=actor, action="complaint.decline", obj=complaint)
    return complaint


@transaction.atomic
def complaint_handle_directly(
    *,
    actor: User,
    complaint: Complaint,
    note: str = "",
    at: datetime | None = None,
    sequence: int | None = None,
) -> Complaint:
    """The centre investigates itself (直查)."""
    at = now_or(at)
    complaint = _locked(complaint)
    require(actor, Perm.COMPLAINT_HANDLE, complaint.unit)
    _move(complaint, Action.HANDLE_DIRECTLY)
    complaint.handling_mode = HandlingMode.DIRECT
    complaint.save()
    _record(complaint, kind="handled_directly", actor=actor, at=at, note=note, sequence=sequence)
    audit(actor=actor, action="complaint.handle_directly", obj=complaint)
    return complaint


@transaction.atomic
def complaint_transfer(
    *,
    actor: User,
    complaint: Complaint,
    unit: Organization | None = None,
    unit_due_on: date | None = None,
    note: str = "",
    at: datetime | None = None,
    sequence: int | None = None,
) -> Complaint:
    """Transfer to the unit for investigation, with a reply deadline.

    Default deadline: 10 working days from the transfer, but never after the complaint's own
    deadline (the centre needs the unit's reply before it concludes).
    """
    at = now_or(at)
    complaint = _locked(complaint)
    require(actor, Perm.COMPLAINT_HANDLE, complaint.unit)
    target = unit or complaint.unit
    if not target.is_active:
        raise InvalidInput(_("Choose an active unit."), field="unit")
    today = local_day(at)
    if unit_due_on is None:
        unit_due_on = add_workdays(today, UNIT_REPLY_WORKDAYS)
        if complaint.due_on > today:
            unit_due_on = min(unit_due_on, complaint.due_on)
    elif unit_due_on < today:
        raise InvalidInput(_("The reply deadline cannot be in the past."), field="unit_due_on")
    _move(complaint, Action.TRANSFER)
    complaint.handling_mode = HandlingMode.TRANSFERRED
    complaint.transferred_to = target
    complaint.unit_due_on = unit_due_on
    complaint.save()
    _record(
        complaint,
        kind="transferred",
        actor=actor,
        at=at,
        note=note,
        sequence=sequence,
        payload={
            "unit": target.pk,
            "unit_name": target.name,
            "unit_due_on": unit_due_on.isoformat(),
        },
    )
    audit(actor=actor, action="complaint.transfer", obj=complaint, detail={"unit": target.pk})
    recipients = [
        *staff_with_role(role=Role.DEPARTMENT_HEAD, organization=target),
        *staff_with_role(role=Role.REVIEWER, organization=target),
    ]
    notify(
        recipients=[u for u in recipients if user_may(u, Perm.COMPLAINT_REPLY, target)],
        title=_("Complaint %(number)s transferred to your unit") % {"number": complaint.number},
        body=_("Reply by %(day)s.") % {"day": unit_due_on.isoformat()},
        link=f"/workbench/complaints/{complaint.number}/",
        dedupe_key=f"complaint.transfer.{complaint.pk}.{target.pk}",
    )
    return complaint


@transaction.atomic
def complaint_investigate(
    *,
    actor: User,
    complaint: Complaint,
    record: str,
    at: datetime | None = None,
    sequence: int | None = None,
) -> Complaint:
    """Record the investigation: by the centre (直查) or as the unit's reply to a transfer."""
    at = now_or(at)
    complaint = _locked(complaint)
    is_handler = user_may(actor, Perm.COMPLAINT_HANDLE, complaint.unit)
    is_unit = (
        complaint.status == Status.TRANSFERRED
        and complaint.transferred_to is not None
        and user_may(actor, Perm.COMPLAINT_REPLY, complaint.transferred_to)
    )
    if not (is_handler or is_unit):
        raise NotPermitted(_("You may not do this for this unit."))
    record = require_text(record, field="record", max_length=10000)
    _move(complaint, Action.INVESTIGATE)
    complaint.investigation = record
    complaint.save()
    kind = "unit_replied" if complaint.handling_mode == HandlingMode.TRANSFERRED else "investigated"
    _record(complaint, kind=kind, actor=actor, at=at, note=record, sequence=sequence)
    audit(actor=actor, action="complaint.investigate", obj=complaint)
    return complaint


@transaction.atomic
def complaint_conclude(
    *,
    actor: User,
    complaint: Complaint,
    conclusion: str,
    note: str = "",
    at: datetime | None = None,
    sequence: int | None = None,
) -> Complaint:
    at = now_or(at)
    complaint = _locked(complaint)
    require(actor, Perm.COMPLAINT_HANDLE, complaint.unit)
    if conclusion not in Conclusion.values:
        raise InvalidInput(_("Choose founded, partly founded or unfounded."), field="conclusion")
    _move(complaint, Action.CONCLUDE)
    complaint.conclusion = conclusion
    complaint.conclusion_note = require_text(note, field="note", max_length=5000, required=False)
    complaint.save()
    _record(
        complaint,
        kind="concluded",
        actor=actor,
        at=at,
        note=complaint.conclusion_note,
        sequence=sequence,
        payload={"conclusion": conclusion},
    )
    audit(
        actor=actor, action="complaint.conclude", obj=complaint, detail={"conclusion": conclusion}
    )
    return complaint


@transaction.atomic
def complaint_add_outcome(
    *,
    actor: User,
    complaint: Complaint,
    kind: str,
    person: User | None = None,
    person_name: str = "",
    note: str = "",
    at: datetime | None = None,
    sequence: int | None = None,
    issue_warning: bool = True,
) -> Outcome:
    """Record an accountability outcome of a founded or partly founded complaint.

    An efficiency warning is also created in supervision through
    `supervision.services.warning_issue` when that service exists and the person is a staff
    account. If supervision refuses because the handler may not issue warnings there, the
    outcome is kept, `supervision_ref` stays empty and the efficiency supervisors are notified
    to issue it themselves. The historical import passes `issue_warning=False`: past warnings
    already exist in supervision.
    """
    at = now_or(at)
    complaint = _locked(complaint)
    require(actor, Perm.COMPLAINT_HANDLE, complaint.unit)
    if kind not in OutcomeKind.values:
        raise InvalidInput(_("Choose a valid outcome."), field="kind")
    if complaint.status not in OUTCOME_STATUSES:
        raise Conflict(_("Outcomes are recorded once the complaint is concluded."), field="status")
    if complaint.conclusion == Conclusion.UNFOUNDED:
        raise Conflict(_("An unfounded complaint has no accountability outcome."), field="kind")
    person_name = require_text(
        person_name or (person.display_name if person else ""),
        field="person_name",
        max_length=60,
        required=False,
    )
    outcome = Outcome.objects.create(
        complaint=complaint,
        kind=kind,
        person=person,
        person_name=person_name,
        note=require_text(note, field="note", max_length=500, required=False),
        decided_on=local_day(at),
    )
    if kind == OutcomeKind.EFFICIENCY_WARNING and issue_warning:
        outcome.supervision_ref = _issue_warning(actor, complaint, outcome)
        outcome.save(update_fields=["supervision_ref"])
    _record(
        complaint,
        kind="outcome",
        actor=actor,
        at=at,
        note=outcome.note,
        sequence=sequence,
        payload={
            "kind": kind,
            "person_name": person_name,
            "supervision_ref": outcome.supervision_ref,
        },
    )
    audit(
        actor=actor,
        action="complaint.outcome",
        obj=complaint,
        detail={"kind": kind, "person_name": person_name},
    )
    return outcome


def _issue_warning(actor: User, complaint: Complaint, outcome: Outcome) -> str:
    if outcome.person is None:
        return ""
    reason = _("Founded efficiency complaint %(number)s: %(title)s") % {
        "number": complaint.number,
        "title": complaint.title,
    }
    try:
        with transaction.atomic():
            warning = warning_issue(
                actor=actor,
                person=outcome.person,
                reason=reason,
                source_kind="complaint",
                source_ref=complaint.number,
                issued_on=outcome.decided_on,
            )
    except NotPermitted:
        supervisors = staff_with_role(role=Role.EFFICIENCY_SUPERVISOR, organization=complaint.unit)
        notify(
            recipients=supervisors,
            title=_("Efficiency warning to issue for complaint %(number)s")
            % {"number": complaint.number},
            body=outcome.person_name,
            link=f"/workbench/complaints/{complaint.number}/",
            dedupe_key=f"complaint.warning.{outcome.pk}",
        )
        return ""
    return warning.number


@transaction.atomic
def complaint_reply(
    *,
    actor: User,
    complaint: Complaint,
    text: str,
    at: datetime | None = None,
    sequence: int | None = None,
) -> Complaint:
    """Reply to the complainant; the reply is what the public tracking page shows."""
    at = now_or(at)
    complaint = _locked(complaint)
    require(actor, Perm.COMPLAINT_HANDLE, complaint.unit)
    text = require_text(text, field="text", max_length=5000)
    _move(complaint, Action.REPLY)
    complaint.reply, complaint.replied_on = text, local_day(at)
    complaint.save()
    _record(complaint, kind="replied", actor=actor, at=at, note=text, sequence=sequence)
    audit(actor=actor, action="complaint.reply", obj=complaint)
    return complaint


@transaction.atomic
def complaint_follow_up(
    *,
    actor: User,
    complaint: Complaint,
    satisfaction: str,
    note: str = "",
    at: datetime | None = None,
    sequence: int | None = None,
) -> Complaint:
    """Record the follow-up visit (回访) and the complainant's satisfaction."""
    at = now_or(at)
    complaint = _locked(complaint)
    require(actor, Perm.COMPLAINT_HANDLE, complaint.unit)
    if satisfaction not in Satisfaction.values:
        raise InvalidInput(_("Choose the complainant's satisfaction."), field="satisfaction")
    _move(complaint, Action.FOLLOW_UP)
    complaint.satisfaction = satisfaction
    complaint.follow_up_note = require_text(note, field="note", max_length=2000, required=False)
    complaint.save()
    _record(
        complaint,
        kind="followed_up",
        actor=actor,
        at=at,
        note=complaint.follow_up_note,
        sequence=sequence,
        payload={"satisfaction": satisfaction},
    )
    audit(actor=actor, action="complaint.follow_up", obj=complaint)
    return complaint


@transaction.atomic
def complaint_close(
    *, actor: User, complaint: Complaint, at: datetime | None = None, sequence: int | None = None
) -> Complaint:
    """Close; a named complainant must have had the follow-up visit first."""
    at = now_or(at)
    complaint = _locked(complaint)
    require(actor, Perm.COMPLAINT_HANDLE, complaint.unit)
    if complaint.status == Status.REPLIED and not complaint.is_anonymous:
        raise Conflict(
            _("Visit the complainant and record the satisfaction before closing."), field="status"
        )
    _move(complaint, Action.CLOSE)
    complaint.closed_at, complaint.closed_on = at, local_day(at)
    complaint.save()
    _record(complaint, kind="closed", actor=actor, at=at, sequence=sequence)
    audit(actor=actor, action="complaint.close", obj=complaint)
    return complaint


@transaction.atomic
def complaint_extend(
    *,
    actor: User,
    complaint: Complaint,
    workdays: int,
    reason: str,
    at: datetime | None = None,
    sequence: int | None = None,
) -> Complaint:
    """Extend the deadline once, by 1 to the complaint's own limit in working days, with reason."""
    at = now_or(at)
    complaint = _locked(complaint)
    require(actor, Perm.COMPLAINT_HANDLE, complaint.unit)
    if complaint.status not in EXTENDABLE_STATUSES:
        raise Conflict(
            _("Only a complaint still being dealt with can be extended."), field="status"
        )
    if complaint.extension_workdays:
        raise Conflict(_("The deadline has already been extended once."), field="workdays")
    if not isinstance(workdays, int) or not 1 <= workdays <= complaint.limit_workdays:
        raise InvalidInput(
            _("Extend by 1 to %(max)s working days.") % {"max": complaint.limit_workdays},
            field="workdays",
        )
    reason = require_text(reason, field="reason", max_length=500)
    complaint.extension_workdays, complaint.extension_reason = workdays, reason
    complaint.due_on, complaint.is_deadline_provisional = due_date(
        complaint.received_on, complaint.limit_workdays, workdays
    )
    complaint.save()
    _record(
        complaint,
        kind="extended",
        actor=actor,
        at=at,
        note=reason,
        sequence=sequence,
        payload={"workdays": workdays, "due_on": complaint.due_on.isoformat()},
    )
    audit(actor=actor, action="complaint.extend", obj=complaint, detail={"workdays": workdays})
    return complaint


@transaction.atomic
def complaint_rate_reply(
    *,
    number: str,
    code: str,
    satisfaction: str,
    note: str = "",
    at: datetime | None = None,
) -> Complaint:
    """The complainant, identified by number + tracking code, states their satisfaction with
    the reply online — this is the follow-up (回访) done by the complainant themselves."""
    at = now_or(at)
    complaint = Complaint.objects.select_for_update().filter(number=(number or "").strip()).first()
    if complaint is None or not secrets.compare_digest(
        complaint.tracking_code_hash, hash_code(code or "")
    ):
        raise NotFound(_("No complaint matches this number and code."), field="code")
    if satisfaction not in Satisfaction.values:
        raise InvalidInput(_("Choose your satisfaction."), field="satisfaction")
    _move(complaint, Action.FOLLOW_UP)
    complaint.satisfaction = satisfaction
    complaint.follow_up_note = require_text(note, field="note", max_length=2000, required=False)
    complaint.save()
    _record(
        complaint,
        kind="rated_by_complainant",
        actor=None,
        at=at,
        note=complaint.follow_up_note,
        payload={"satisfaction": satisfaction},
        actor_name=_("Complainant"),
    )
    audit(actor=None, action="complaint.rate_reply", obj=complaint)
    return complaint


@transaction.atomic
def complaint_outcome_issue_warning(*, actor: User, outcome: Outcome) -> Outcome:
    """An efficiency supervisor issues the warning an outcome decided but the complaint centre
    could not issue itself (it lacks supervision.act). Needs the person's staff account."""
    outcome = (
        Outcome.objects.select_for_update().select_related("complaint__unit").get(pk=outcome.pk)
    )
    complaint = outcome.complaint
    require(actor, Perm.WARNING_ISSUE, complaint.unit)
    if outcome.kind != OutcomeKind.EFFICIENCY_WARNING or outcome.supervision_ref:
        raise Conflict(_("There is no warning left to issue for this outcome."), field="outcome")
    if outcome.person is None:
        raise InvalidInput(
            _("The outcome names no staff account; record the person first."), field="person"
        )
    warning = warning_issue(
        actor=actor,
        person=outcome.person,
        reason=_("Founded efficiency complaint %(number)s: %(title)s")
        % {"number": complaint.number, "title": complaint.title},
        source_kind="complaint",
        source_ref=complaint.number,
        issued_on=outcome.decided_on,
    )
    outcome.supervision_ref = warning.number
    outcome.save(update_fields=["supervision_ref"])
    _record(
        complaint,
        kind="warning_issued",
        actor=actor,
        at=now_or(None),
        payload={"outcome": outcome.pk, "supervision_ref": outcome.supervision_ref},
    )
    audit(
        actor=actor,
        action="complaint.outcome_issue_warning",
        obj=complaint,
        detail={"outcome": outcome.pk},
    )
    return outcome
