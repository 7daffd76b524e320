"""Receiving an application: submit, accept, refuse, one-time supplement notice, supplement,
and deemed acceptance (行政许可法 Art. 29–32)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases import deadlines
from xiaoneng.cases.models import Case, CaseEvent, Channel, RefusalFiling
from xiaoneng.cases.services._base import (
    DEADLINE_FIELDS,
    clock,
    deem_if_overdue,
    is_importing,
    is_late_intake,
    is_own_applicant,
    late_notice_payload,
    local_day,
    notice_period_start,
    record,
    refresh_deadlines,
    require,
    require_text,
)
from xiaoneng.cases.workflow import EventKind, Status, transition_target
from xiaoneng.catalog.models import ItemStatus, ServiceItemVersion
from xiaoneng.core.access import user_may
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Applicant, Organization, User, UserKind
from xiaoneng.core.notifications import notify
from xiaoneng.core.numbering import number_next
from xiaoneng.core.roles import Perm, Role
from xiaoneng.core.selectors import staff_with_role
from xiaoneng.projects.selectors import unapproved_prerequisites

ONLINE_CHANNELS = frozenset({Channel.WEB, Channel.MOBILE})


def new_verification_code() -> str:
    """Six random digits the applicant uses with the case number to track the case."""
    return f"{secrets.randbelow(10**6):06d}"


def case_submit(
    *,
    actor: User | None,
    item_version: ServiceItemVersion,
    applicant: Applicant,
    channel: str,
    at: datetime | None = None,
    title: str = "",
    is_green_channel: bool = False,
    number: str = "",
    verification_code: str = "",
    actor_name: str = "",
) -> Case:
    """Register an application (window, web, mobile, post).

    Staff need CASE_ACCEPT on the implementing agency and become the first responder
    (首问负责制); a signed-in applicant may apply online for an online item for themself.
    """
    at = clock(at)
    if channel not in Channel.values:
        raise InvalidInput(
            _("Choose a channel: window, web, mobile, post or other."), field="channel"
        )
    item = item_version.item
    agency: Organization = item.agency
    if item.status != ItemStatus.ACTIVE and not is_importing():
        raise Conflict(_("This service item is suspended or cancelled."), field="item")
    if actor is not None:
        if actor.kind == UserKind.APPLICANT:
            if applicant.account_id != actor.pk:
                raise NotPermitted(_("You may only apply for yourself."))
            if channel not in ONLINE_CHANNELS:
                raise InvalidInput(
                    _("Online applications use the web or mobile channel."), field="channel"
                )
            if not item_version.is_online:
                raise Conflict(_("This item cannot be applied for online."), field="item")
        elif not user_may(actor, Perm.CASE_ACCEPT, agency):
            raise NotPermitted(_("You are not allowed to register cases for this agency."))
    if is_green_channel and actor is not None and actor.kind == UserKind.APPLICANT:
        is_green_channel = False  # the green channel is granted by staff, not claimed
    today = local_day(at)
    with transaction.atomic():
        if number:
            if Case.objects.filter(number=number).exists():
                raise Conflict(_("A case with this number exists."), field="number")
        else:
            number = number_next(key="case", year=today.year, prefix="XN")
        case = Case(
            number=number,
            verification_code=verification_code or new_verification_code(),
            item_version=item_version,
            agency=agency,
            applicant=applicant,
            channel=channel,
            status=Status.SUBMITTED,
            handling_type=item_version.handling_type,
            is_joint=item_version.is_joint,
            is_forwarded=item_version.forward_to_level is not None,
            is_green_channel=is_green_channel,
            title=(title or item_version.name)[:300],
            received_at=at,
            committed_limit_days=item_version.committed_limit_days,
            legal_limit_days=deadlines.legal_limit_days(
                item_legal_days=item_version.legal_limit_days, is_joint=item_version.is_joint
            ),
            first_responder=actor if actor is not None and actor.kind == UserKind.STAFF else None,
        )
        case.save()
        record(
            case,
            EventKind.SUBMITTED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            payload={
                "channel": channel,
                "item_version": item_version.pk,
                "notice_due_on": deadlines.supplement_notice_due(today).isoformat(),
            },
        )
    return case


def case_accept(
    *, actor: User | None, case: Case, at: datetime | None = None, actor_name: str = ""
) -> Case:
    """Accept an application (Art. 32); deadlines run from today.  When the 5-working-day
    notice period is already over the case counts as accepted on the day of receipt."""
    at = clock(at)
    require(actor, Perm.CASE_ACCEPT, case)
    with transaction.atomic():
        if is_late_intake(case):
            # A legacy history accepted the case after it was deemed accepted: the fact is
            # recorded, the acceptance on the day of receipt and its deadlines stay.
            record(
                case,
                EventKind.ACCEPTED,
                at=at,
                actor=actor,
                actor_name=actor_name,
                payload={"deemed_accepted_on": _iso(case.accepted_on)},
                keep_status=True,
            )
            return case
        if deem_if_overdue(case, at=at):
            return case
        _refuse_unmet_prerequisites(case)
        case.accepted_on = local_day(at)
        refresh_deadlines(case, pauses=[])
        record(
            case,
            EventKind.ACCEPTED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            payload={
                "committed_due_on": _iso(case.committed_due_on),
                "legal_due_on": _iso(case.legal_due_on),
            },
            fields=("accepted_on", *DEADLINE_FIELDS),
        )
    return case


def _refuse_unmet_prerequisites(case: Case) -> None:
    """A case of a key project may not be accepted before its prerequisite items are approved
    (前置审批; the rules are the project's, projects/selectors.py)."""
    missing = unapproved_prerequisites(case_id=case.pk, item_id=case.item_version.item_id)
    if missing:
        raise Conflict(
            _("The prerequisite item %(items)s is not yet approved for this project.")
            % {"items": "、".join(missing)},
            field="status",
            code="prerequisite_not_approved",
        )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _refuse_deemed(case: Case, at: datetime) -> None:
    if deem_if_overdue(case, at=at):
        raise Conflict(
            _(
                "The 5-working-day notice period ended without a notice: the application counts "
                "as accepted on the day it was received (Administrative Licensing Law Art. 32)."
            ),
            field="status",
        )


def case_refuse(
    *,
    actor: User | None,
    case: Case,
    reason: str,
    legal_basis: str,
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """Refuse to accept, with a written reason and its legal basis (Art. 32 (1)(2));
    filed with the supervisors (否定报备)."""
    at = clock(at)
    require(actor, Perm.CASE_ACCEPT, case)
    reason = require_text(reason, "reason", _("A written reason is required."))
    legal_basis = require_text(legal_basis, "legal_basis", _("The legal basis is required."))
    _refuse_deemed(case, at)
    with transaction.atomic():
        event = record(
            case,
            EventKind.REFUSED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=reason,
            payload={"legal_basis": legal_basis},
        )
        file_refusal(case, event, legal_basis=legal_basis)
    return case


def file_refusal(case: Case, event: CaseEvent, *, legal_basis: str) -> RefusalFiling:
    """否定报备: file a refusal or denial with the efficiency supervisors of the agency's
    government and tell them (not during the historical import)."""
    filing = RefusalFiling.objects.create(
        case=case,
        event=event,
        kind=event.kind,
        filed_at=event.occurred_at,
        reason=event.reason,
        legal_basis=legal_basis,
    )
    if not is_importing():
        supervisors = staff_with_role(role=Role.EFFICIENCY_SUPERVISOR, organization=case.agency)
        notify(
            recipients=supervisors,
            title=_("Refusal filed: %(number)s %(event)s")
            % {"number": case.number, "event": EventKind(event.kind).label},
            body=f"{case.agency} · {case.title}\n{event.reason}\n{legal_basis}",
            link=f"/workbench/cases/{case.number}/",
            level="warning",
            dedupe_key=f"cases.refusal_filing:{filing.pk}",
        )
    return filing


def case_request_supplement(
    *,
    actor: User | None,
    case: Case,
    materials: Sequence[str],
    reason: str = "",
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """The one-time supplement notice (一次性告知, Art. 32 (4)): every missing material in ONE
    notice, on the spot or within 5 working days of receipt.  A second notice on the same
    case is still recorded but flagged as a breach of the one-time-notice rule.

    Live, a notice after the 5 working days is refused: the case counts as accepted on the
    day of receipt.  In an imported history the late notice is a fact: the deemed acceptance
    is recorded first, then the notice, flagged ``late_supplement_notice``; the status stays
    accepted (Art. 32: a late notice does not undo the acceptance)."""
    at = clock(at)
    require(actor, Perm.CASE_ACCEPT, case)
    missing = [m.strip() for m in materials if m and m.strip()]
    if not missing:
        raise InvalidInput(_("List every material to be supplemented."), field="materials")
    if not is_importing():
        # Outside the transaction: the deemed acceptance is a fact and stays; the notice is refused.
        _refuse_deemed(case, at)
    with transaction.atomic():
        late = is_importing() and (
            deem_if_overdue(case, at=at, late_notice=True) or is_late_intake(case)
        )
        earlier = CaseEvent.objects.filter(case=case, kind=EventKind.SUPPLEMENT_REQUESTED).count()
        payload: dict[str, object] = {"materials": missing}
        if late:
            received_on = case.accepted_on or notice_period_start(case)  # deemed: receipt
            payload = late_notice_payload(
                missing,
                received_on,
                deadlines.supplement_notice_due(received_on),
                deadlines.workdays_used(received_on, local_day(at)),
            )
        if earlier:
            payload["breach"] = "second_supplement_notice"
            payload["notice_count"] = earlier + 1
        record(
            case,
            EventKind.SUPPLEMENT_REQUESTED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=reason,
            payload=payload,
            keep_status=late,
        )
    return case


def case_supplement(
    *,
    actor: User | None,
    case: Case,
    note: str = "",
    materials: Sequence[str] = (),
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """The applicant provides the supplemented materials; the notice period of Art. 32
    starts again from today."""
    at = clock(at)
    if not is_own_applicant(actor, case):
        require(actor, Perm.CASE_ACCEPT, case)
    with transaction.atomic():
        late = is_late_intake(case)  # after a late notice of a legacy history: a fact
        case.supplemented_at = at
        record(
            case,
            EventKind.SUPPLEMENTED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=note,
            payload={"materials": [m for m in materials if m]},
            fields=("supplemented_at",),
            keep_status=late,
        )
    return case


def case_deem_accepted(*, case: Case, at: datetime) -> Case:
    """A deemed acceptance asserted by an imported history (Art. 32): allowed once the
    5-working-day notice period is over; the case counts as accepted on the day of receipt.
    Only the import calls this (live, the rule itself deems cases: deem_if_overdue)."""
    at = clock(at)
    received_on = notice_period_start(case)
    notice_due = deadlines.supplement_notice_due(received_on)
    if case.status == Status.SUBMITTED and not deadlines.is_notice_period_over(
        received_on, local_day(at)
    ):
        raise InvalidInput(
            _(
                "A case counts as accepted only after its 5-working-day notice period, which "
                "ends on %(due)s (Administrative Licensing Law Art. 32)."
            )
            % {"due": notice_due},
            field="occurred_at",
        )
    if not deem_if_overdue(case, at=at):
        transition_target(case.status, EventKind.DEEMED_ACCEPTED)  # raises the 409 reason
    return case


def case_deem_accepted_overdue(*, as_of: date) -> int:
    """The sweep: every submitted case whose notice period ended before ``as_of`` counts as
    accepted on the day of receipt (Art. 32).  Returns how many cases changed."""
    # A 5-working-day period never ends sooner than 5 calendar days after receipt.
    latest = timezone.make_aware(datetime.combine(as_of, time.min)) - timedelta(days=5)
    at_day_start = timezone.make_aware(datetime.combine(as_of, time.min))
    changed = 0
    candidates = Case.objects.filter(status=Status.SUBMITTED, received_at__lt=latest)
    for case in candidates.select_related("agency", "applicant").iterator():
        at = max(at_day_start, case.last_event_at or at_day_start)
        if deem_if_overdue(case, at=at):
            changed += 1
    return changed
