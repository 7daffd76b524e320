"""What every case service shares: the clock, permission checks, recording an event,
recomputing deadlines, and the deemed-acceptance rule checked before each action.

Services take ``at`` (an aware datetime, default now) so that the historical import replays
each event with its own ``occurred_at`` as the clock.  ``actor=None`` is the system (sweep,
import); permissions are then checked by the caller (the import checks CASE_IMPORT).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases import deadlines
from xiaoneng.cases.models import Case, CaseEvent, CasePause
from xiaoneng.cases.signals import case_event_recorded
from xiaoneng.cases.workflow import CLOCK_STATUSES, EventKind, Status, transition_target
from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import User, UserKind

#: True while the historical import replays events: no per-event audit record (the import
#: writes one), no notifications, and the signal is sent inside the import transaction.
_importing: contextvars.ContextVar[bool] = contextvars.ContextVar("cases_importing", default=False)
#: The legacy sequence of the import line being replayed; every event it leads to carries it
#: (a deemed acceptance recorded while replaying an "accepted" line included).
_import_sequence: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "cases_import_sequence", default=None
)


def set_import_sequence(sequence: int | None) -> None:
    _import_sequence.set(sequence)


@contextmanager
def importing() -> Iterator[None]:
    token = _importing.set(True)
    try:
        yield
    finally:
        _importing.reset(token)


def is_importing() -> bool:
    return _importing.get()


def clock(at: datetime | None) -> datetime:
    """The time of the action: ``at`` (must carry a time zone) or now."""
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise InvalidInput(_("The time must include a time zone."), field="occurred_at")
    return at


def local_day(at: datetime) -> date:
    return timezone.localdate(at)


def require(actor: User | None, perms: str | tuple[str, ...], case: Case) -> None:
    """Raise NotPermitted unless ``actor`` holds one of ``perms`` on the case's agency."""
    if actor is None:
        return
    wanted = (perms,) if isinstance(perms, str) else perms
    if not any(user_may(actor, perm, case.agency) for perm in wanted):
        raise NotPermitted(_("You are not allowed to do this on this case."))


def is_own_applicant(actor: User | None, case: Case) -> bool:
    """True when ``actor`` is the signed-in applicant who filed the case."""
    return (
        actor is not None
        and actor.kind == UserKind.APPLICANT
        and case.applicant.account_id == actor.pk
    )


def require_text(value: str | None, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(message, field=field)
    return text


def actor_label(actor: User | None, actor_name: str = "") -> str:
    if actor_name:
        return actor_name
    return actor.display_name if actor is not None else _("system")


def record(
    case: Case,
    kind: str,
    *,
    at: datetime,
    actor: User | None,
    actor_name: str = "",
    reason: str = "",
    payload: dict[str, Any] | None = None,
    fields: tuple[str, ...] = (),
    keep_status: bool = False,
) -> CaseEvent:
    """Apply the transition for ``kind``, append the event, save the case and send the signal.

    ``fields`` names the other case fields the caller changed, saved together with status.
    Events must not go back in time (the import replays them in order).  ``keep_status``
    records an intake fact of a legacy history that came after the case was deemed accepted
    (see ``is_late_intake``): the status stays.
    """
    if kind == EventKind.SUBMITTED and case.last_sequence == 0:
        new_status: str = Status.SUBMITTED  # the first row of the table creates the case
    elif keep_status:
        new_status = case.status
    else:
        new_status = transition_target(case.status, kind)
    if case.last_event_at is not None and at < case.last_event_at:
        raise InvalidInput(
            _("This event is earlier than the case's previous event (%(previous)s).")
            % {"previous": timezone.localtime(case.last_event_at).isoformat()},
            field="occurred_at",
        )
    case.status = new_status
    case.last_sequence += 1
    case.last_event_at = at
    event = CaseEvent.objects.create(
        case=case,
        sequence=case.last_sequence,
        kind=kind,
        occurred_at=at,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor_label(actor, actor_name),
        reason=reason,
        payload=payload or {},
        is_imported=is_importing(),
        import_sequence=_import_sequence.get(),
    )
    extra = list(fields)
    if case.first_responder_id is None and actor is not None and actor.kind == UserKind.STAFF:
        case.first_responder = actor  # 首问负责制: the first staff member who handled it
        extra.append("first_responder")
    case.save(update_fields=["status", "last_sequence", "last_event_at", *extra])
    if is_importing():
        case_event_recorded.send(sender=Case, case=case, event=event)
    else:
        audit(
            actor=actor,
            action=f"case.{kind}",
            obj=case,
            detail={"number": case.number, "sequence": event.sequence, "reason": reason},
        )
        transaction.on_commit(lambda: case_event_recorded.send(sender=Case, case=case, event=event))
    return event


def pauses_of(case: Case) -> list[tuple[date, date | None]]:
    return list(CasePause.objects.filter(case=case).values_list("started_on", "ended_on"))


def refresh_deadlines(case: Case, *, pauses: list[tuple[date, date | None]] | None = None) -> None:
    """Recompute both deadlines from acceptance, limits, extension and closed pauses (Art. 42,
    45).  An open special procedure is not counted yet: the deadlines move when it ends."""
    if case.accepted_on is None:
        return
    if pauses is None:
        pauses = pauses_of(case)
    closed = [(a, b) for a, b in pauses if b is not None]
    committed = deadlines.decision_due(
        case.accepted_on, case.committed_limit_days, extension=case.extension_days, pauses=closed
    )
    legal = deadlines.decision_due(
        case.accepted_on, case.legal_limit_days, extension=case.extension_days, pauses=closed
    )
    case.committed_due_on = committed.on
    case.legal_due_on = legal.on
    case.is_deadline_provisional = committed.is_provisional or legal.is_provisional
    case.paused_workdays = deadlines.paused_workdays(closed, case.accepted_on)


DEADLINE_FIELDS = ("committed_due_on", "legal_due_on", "is_deadline_provisional", "paused_workdays")


def notice_period_start(case: Case) -> date:
    """The day the 5-working-day notice period of Art. 32 starts: receipt of the application,
    or of the supplemented materials."""
    return local_day(case.supplemented_at or case.received_at)


def deemed_reason(notice_due: date, *, late_notice: bool = False) -> str:
    if late_notice:
        return _(
            "The supplement notice came after %(due)s (5 working days after receipt): the "
            "application counts as accepted on the day it was received (Administrative "
            "Licensing Law Art. 32)."
        ) % {"due": notice_due}
    return _(
        "No acceptance decision or supplement notice by %(due)s (5 working days after "
        "receipt): the application counts as accepted on the day it was received "
        "(Administrative Licensing Law Art. 32)."
    ) % {"due": notice_due}


def deemed_payload(
    received_on: date, notice_due: date, *, late_notice: bool = False
) -> dict[str, Any]:
    """The deemed acceptance's details.  Caused by a late notice of a legacy history, the
    breach is the notice's own (``late_supplement_notice`` on that event), not this one's."""
    payload: dict[str, Any] = {
        "accepted_on": received_on.isoformat(),
        "notice_due_on": notice_due.isoformat(),
    }
    if late_notice:
        payload["late_notice"] = True
    else:
        payload["breach"] = "no_notice_within_5_workdays"
    return payload


def late_notice_payload(
    materials: list[str], received_on: date, notice_due: date, workdays: int
) -> dict[str, Any]:
    """A supplement notice later than 5 working days after receipt (Art. 32 (4))."""
    return {
        "materials": materials,
        "breach": "late_supplement_notice",
        "notice_due_on": notice_due.isoformat(),
        "workdays_after_receipt": workdays,
        "accepted_on": received_on.isoformat(),
    }


def is_late_intake(case: Case) -> bool:
    """True while importing a case already deemed accepted (Art. 32) and still under the
    clock: a later supplement notice, supplement or acceptance of its legacy history is a
    fact recorded as it happened, without undoing the acceptance on the day of receipt."""
    return is_importing() and case.is_deemed_accepted and case.status in CLOCK_STATUSES


def deem_if_overdue(case: Case, *, at: datetime, late_notice: bool = False) -> bool:
    """Art. 32: when no supplement notice came within 5 working days of receipt, the
    application counts as accepted on the day it was received.  Recorded as its own event
    (with why) the first time anyone acts on the case after the period, or by the sweep.
    ``late_notice``: the act is a late notice of an imported history (see deemed_payload)."""
    if case.status != Status.SUBMITTED:
        return False
    received_on = notice_period_start(case)
    today = local_day(at)
    if not deadlines.is_notice_period_over(received_on, today):
        return False
    notice_due = deadlines.supplement_notice_due(received_on)
    with transaction.atomic():
        case.accepted_on = received_on
        case.is_deemed_accepted = True
        refresh_deadlines(case, pauses=[])
        record(
            case,
            EventKind.DEEMED_ACCEPTED,
            at=at,
            actor=None,
            reason=deemed_reason(notice_due, late_notice=late_notice),
            payload=deemed_payload(received_on, notice_due, late_notice=late_notice),
            fields=("accepted_on", "is_deemed_accepted", *DEADLINE_FIELDS),
        )
    return True
