"""Deciding and finishing a case: approve, deny (filed with the supervisors), deliver within
10 working days (Art. 44), close, withdraw, terminate."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from xiaoneng.cases import deadlines
from xiaoneng.cases.models import Case, JointOpinion
from xiaoneng.cases.services._base import (
    clock,
    deem_if_overdue,
    is_own_applicant,
    local_day,
    record,
    require,
    require_text,
)
from xiaoneng.cases.services.intake import file_refusal
from xiaoneng.cases.workflow import EventKind
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.hall.selectors import chief_representative_authorised


def _require_decider(actor: User | None, case: Case) -> None:
    """Deciding needs CASE_DECIDE on the agency, or a chief representative in a hall whose
    department authorised the item (decided in the hall, hall.selectors)."""
    if actor is not None and chief_representative_authorised(
        user=actor, item_id=case.item_version.item_id
    ):
        return
    require(actor, Perm.CASE_DECIDE, case)


def _decision_checks(case: Case, went_ahead_reason: str) -> dict[str, object]:
    """Rules before any decision: no special procedure running; a joint case waits for every
    co-department's opinion unless the lead records why it went ahead."""
    if case.is_paused:
        raise Conflict(_("End the running special procedure before deciding."), field="status")
    payload: dict[str, object] = {}
    if case.is_joint:
        given = set(
            JointOpinion.objects.filter(case=case, given_on__isnull=False).values_list(
                "department_id", flat=True
            )
        )
        expected = set(
            case.item_version.co_departments.values_list("organization_id", flat=True)
        ) | set(JointOpinion.objects.filter(case=case).values_list("department_id", flat=True))
        if expected - given:
            if not (went_ahead_reason or "").strip():
                raise InvalidInput(
                    _(
                        "Not every co-department has given its opinion: record why the lead "
                        "department goes ahead."
                    ),
                    field="went_ahead_reason",
                )
            payload["went_ahead_reason"] = went_ahead_reason.strip()
            payload["missing_opinions"] = len(expected - given)
    return payload


def _late_flags(case: Case, today) -> dict[str, object]:  # type: ignore[no-untyped-def]
    flags: dict[str, object] = {}
    if case.accepted_on is not None:
        flags["workdays_used"] = deadlines.workdays_used(case.accepted_on, today) - (
            case.paused_workdays
        )
    if case.committed_due_on and today > case.committed_due_on:
        flags["breach"] = "decided_after_committed_deadline"
    if case.legal_due_on and today > case.legal_due_on:
        flags["breach"] = "decided_after_legal_deadline"
    return flags


def _decide(
    case: Case,
    kind: str,
    *,
    at: datetime,
    actor: User | None,
    actor_name: str,
    reason: str,
    payload: dict[str, object],
) -> None:
    today = local_day(at)
    case.decided_on = today
    due = deadlines.delivery_due(today)
    case.delivery_due_on = due.on
    payload.update(_late_flags(case, today))
    payload["delivery_due_on"] = due.on.isoformat()
    event = record(
        case,
        kind,
        at=at,
        actor=actor,
        actor_name=actor_name,
        reason=reason,
        payload=payload,
        fields=("decided_on", "delivery_due_on", "fee_charged"),
    )
    if kind == EventKind.DENIED:
        file_refusal(case, event, legal_basis=str(payload.get("legal_basis", "")))


def _fee(value: object) -> Decimal:
    try:
        fee = Decimal(str(value or 0))
    except InvalidOperation as exc:
        raise InvalidInput(_("Enter the fee as a number of yuan."), field="fee_charged") from exc
    if fee < 0:
        raise InvalidInput(_("The fee cannot be negative."), field="fee_charged")
    return fee


def case_approve(
    *,
    actor: User | None,
    case: Case,
    reason: str = "",
    legal_basis: str = "",
    fee_charged: object = 0,
    went_ahead_reason: str = "",
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """Approve (准予许可, Art. 38); the certificate is then due within 10 working days."""
    at = clock(at)
    _require_decider(actor, case)
    fee = _fee(fee_charged)
    if fee and not case.item_version.has_fee:
        raise InvalidInput(_("This item charges no fee."), field="fee_charged")
    with transaction.atomic():
        deem_if_overdue(case, at=at)
        payload = _decision_checks(case, went_ahead_reason)
        payload["legal_basis"] = legal_basis
        case.fee_charged = fee
        _decide(
            case,
            EventKind.APPROVED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=reason,
            payload=payload,
        )
    return case


def case_deny(
    *,
    actor: User | None,
    case: Case,
    reason: str,
    legal_basis: str,
    remedies: str,
    went_ahead_reason: str = "",
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """Deny (不予许可, Art. 38): reason, legal basis and the applicant's remedies
    (administrative reconsideration or litigation) are required; filed with the supervisors."""
    at = clock(at)
    _require_decider(actor, case)
    reason = require_text(reason, "reason", _("A written reason is required."))
    legal_basis = require_text(legal_basis, "legal_basis", _("The legal basis is required."))
    remedies = require_text(
        remedies, "remedies", _("Tell the applicant their remedies (reconsideration, litigation).")
    )
    with transaction.atomic():
        deem_if_overdue(case, at=at)
        payload = _decision_checks(case, went_ahead_reason)
        payload.update({"legal_basis": legal_basis, "remedies": remedies})
        _decide(
            case,
            EventKind.DENIED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=reason,
            payload=payload,
        )
    return case


def case_deliver(
    *,
    actor: User | None,
    case: Case,
    method: str = "",
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """Deliver the certificate or decision (Art. 44: within 10 working days of the decision;
    later delivery is recorded and flagged)."""
    at = clock(at)
    require(actor, (Perm.CASE_ACCEPT, Perm.CASE_REVIEW, Perm.CASE_DECIDE), case)
    today = local_day(at)
    with transaction.atomic():
        case.delivered_on = today
        payload: dict[str, object] = {"method": method}
        if case.delivery_due_on and today > case.delivery_due_on:
            payload["breach"] = "delivered_late"
        record(
            case,
            EventKind.DELIVERED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            payload=payload,
            fields=("delivered_on",),
        )
    return case


def case_close(
    *, actor: User | None, case: Case, at: datetime | None = None, actor_name: str = ""
) -> Case:
    """Close a delivered case (办结)."""
    at = clock(at)
    require(actor, (Perm.CASE_ACCEPT, Perm.CASE_REVIEW, Perm.CASE_DECIDE), case)
    with transaction.atomic():
        case.closed_at = at
        record(
            case, EventKind.CLOSED, at=at, actor=actor, actor_name=actor_name, fields=("closed_at",)
        )
    return case


def case_withdraw(
    *,
    actor: User | None,
    case: Case,
    reason: str = "",
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """The applicant withdraws the application before the decision (Art. 29 ff.)."""
    at = clock(at)
    if not is_own_applicant(actor, case):
        require(actor, Perm.CASE_ACCEPT, case)
    with transaction.atomic():
        case.closed_at = at
        record(
            case,
            EventKind.WITHDRAWN,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=reason,
            fields=("closed_at",),
        )
    return case


def case_terminate(
    *,
    actor: User | None,
    case: Case,
    reason: str,
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """Terminate the procedure (e.g. the applicant died or the legal basis lapsed); a reason
    is required."""
    at = clock(at)
    require(actor, Perm.CASE_DECIDE, case)
    reason = require_text(reason, "reason", _("A written reason is required."))
    with transaction.atomic():
        case.closed_at = at
        record(
            case,
            EventKind.TERMINATED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=reason,
            fields=("closed_at",),
        )
    return case
