"""Queue tickets (取号/叫号): issue, call next, start, finish, skip, transfer; the case
registered at the window; the rating at the counter; the waiting-time alert."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases.models import Case, Channel
from xiaoneng.cases.services import case_submit
from xiaoneng.catalog.models import ItemStatus, ServiceItem
from xiaoneng.complaints.models import Rating, RatingChannel
from xiaoneng.complaints.services.ratings import rating_submit
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Applicant, User
from xiaoneng.core.notifications import notify
from xiaoneng.core.roles import Role
from xiaoneng.core.selectors import staff_with_role
from xiaoneng.hall import selectors
from xiaoneng.hall.models import Hall, Ticket, TicketKind, Window
from xiaoneng.hall.services._common import now_or, require_server
from xiaoneng.hall.services.numbers import ticket_number
from xiaoneng.hall.workflow import TicketAction, TicketStatus, ticket_target


def ticket_issue(
    *,
    hall: Hall,
    item: ServiceItem,
    actor: User | None = None,
    applicant: Applicant | None = None,
    at: datetime | None = None,
) -> Ticket:
    """A walk-in ticket for an item some open window of the hall handles. ``actor`` is the
    hall staff member who switched the kiosk on (or calls the API for it); ``None`` only for
    the system itself (demo data)."""
    now = now_or(at)
    if actor is not None and not selectors.may_run_kiosk(actor, hall):
        raise NotPermitted(_("You may not issue tickets in this hall."))
    if not hall.is_active:
        raise Conflict(_("This hall is closed."), field="hall")
    if item.status != ItemStatus.ACTIVE:
        raise Conflict(_("This service item is suspended or cancelled."), field="item")
    if not hall.windows.filter(is_active=True, items=item).exists():
        raise InvalidInput(_("No window of this hall handles this item."), field="item")
    day = timezone.localtime(now).date()
    with transaction.atomic():
        ticket = Ticket.objects.create(
            hall=hall,
            number=ticket_number(hall=hall, day=day, kind=TicketKind.WALK_IN),
            issued_on=day,
            kind=TicketKind.WALK_IN,
            item=item,
            applicant=applicant,
            issued_at=now,
            waiting_from=now,
        )
        audit(actor=actor, action="ticket.issue", obj=ticket, detail={"number": ticket.number})
    return ticket


def _wait_alert(ticket: Ticket) -> None:
    """A wait over HALL_WAIT_ALERT_MINUTES is a supervision alert to the efficiency
    supervisors over the hall (once per ticket)."""
    limit = settings.HALL_WAIT_ALERT_MINUTES
    if limit <= 0 or ticket.is_wait_alerted:
        return
    waited = (ticket.called_at or timezone.now()) - ticket.waiting_from
    if waited <= timedelta(minutes=limit):
        return
    supervisors = staff_with_role(
        role=Role.EFFICIENCY_SUPERVISOR, organization=ticket.hall.organization
    )
    notify(
        recipients=supervisors,
        level="warning",
        title=_("Waiting time over %(limit)s minutes in %(hall)s")
        % {"limit": limit, "hall": ticket.hall.name},
        body=_("Ticket %(ticket)s (%(item)s) waited %(minutes)s minutes.")
        % {
            "ticket": ticket.number,
            "item": ticket.item.name,
            "minutes": int(waited.total_seconds() // 60),
        },
        link="/workbench/hall/figures/",
        dedupe_key=f"hall.wait.{ticket.pk}",
    )
    Ticket.objects.filter(pk=ticket.pk).update(is_wait_alerted=True)
    ticket.is_wait_alerted = True
    audit(
        actor=None,
        action="ticket.wait_alert",
        obj=ticket,
        detail={"minutes": int(waited.total_seconds() // 60), "limit": limit},
    )


def ticket_call_next(*, actor: User, window: Window, at: datetime | None = None) -> Ticket:
    """Call the next ticket for the window (appointments whose slot has begun first). A ticket
    called by another window at the same moment is passed over (conditional UPDATE)."""
    now = now_or(at)
    require_server(actor, window)
    current = selectors.current_ticket(window=window)
    if current is not None:
        raise Conflict(
            _("Finish, skip or transfer ticket %(ticket)s first.") % {"ticket": current.number},
            field="window",
        )
    target = ticket_target(TicketStatus.WAITING, TicketAction.CALL)
    with transaction.atomic():
        for ticket in selectors.waiting_for(window=window, now=now):
            taken = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.WAITING).update(
                status=target, window=window, called_at=now, clerk=actor
            )
            if taken:
                ticket.refresh_from_db()
                audit(
                    actor=actor,
                    action="ticket.call",
                    obj=ticket,
                    detail={"number": ticket.number, "window": window.number},
                )
                _wait_alert(ticket)
                return ticket
    raise Conflict(_("Nobody is waiting for this window."), field="window", code="queue_empty")


def _move(actor: User, ticket: Ticket, action: str, now: datetime, **fields: Any) -> Ticket:
    if ticket.window is None:
        raise Conflict(_("This ticket has not been called yet."), field="status")
    require_server(actor, ticket.window)
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        locked.status = ticket_target(locked.status, action)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *fields])
        audit(
            actor=actor,
            action=f"ticket.{action}",
            obj=locked,
            detail={"number": locked.number, **{k: str(v) for k, v in fields.items()}},
        )
    return locked


def ticket_start(*, actor: User, ticket: Ticket, at: datetime | None = None) -> Ticket:
    now = now_or(at)
    return _move(actor, ticket, TicketAction.START, now, started_at=now, clerk=actor)


def ticket_finish(*, actor: User, ticket: Ticket, at: datetime | None = None) -> Ticket:
    now = now_or(at)
    return _move(actor, ticket, TicketAction.FINISH, now, finished_at=now)


def ticket_skip(*, actor: User, ticket: Ticket, at: datetime | None = None) -> Ticket:
    """Called and not present: skipped (the window calls the next)."""
    now = now_or(at)
    return _move(actor, ticket, TicketAction.SKIP, now, finished_at=now)


def ticket_transfer(
    *, actor: User, ticket: Ticket, window: Window, at: datetime | None = None
) -> Ticket:
    """Send the ticket to another window of the hall that handles its item; it waits there
    from its original time (a transfer does not put the applicant at the back)."""
    now_or(at)
    if window.hall_id != ticket.hall_id:
        raise InvalidInput(_("Transfer within the same hall."), field="window")
    if not window.items.filter(pk=ticket.item_id).exists():
        raise InvalidInput(_("That window does not handle this item."), field="window")
    if ticket.window_id == window.pk:
        raise InvalidInput(_("The ticket is already at this window."), field="window")
    require_server(actor, ticket.window or window)
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        locked.status = ticket_target(locked.status, TicketAction.TRANSFER)
        previous = locked.window.number if locked.window else ""
        locked.window = window
        locked.called_at = None
        locked.started_at = None
        locked.transfers += 1
        locked.save(update_fields=["status", "window", "called_at", "started_at", "transfers"])
        audit(
            actor=actor,
            action="ticket.transfer",
            obj=locked,
            detail={"number": locked.number, "from": previous, "to": window.number},
        )
    return locked


def ticket_register_case(
    *,
    actor: User,
    ticket: Ticket,
    applicant: Applicant,
    title: str = "",
    at: datetime | None = None,
) -> Case:
    """Register the application of the ticket being served (window channel); the case keeps
    the link to its ticket, so the figures follow it to its rating."""
    now = now_or(at)
    if ticket.window is None:
        raise Conflict(_("This ticket has not been called yet."), field="status")
    require_server(actor, ticket.window)
    if ticket.status not in (TicketStatus.CALLED, TicketStatus.SERVING):
        raise Conflict(_("Only a ticket being served registers a case."), field="status")
    if ticket.case_id is not None:
        raise Conflict(_("This ticket already has its case."), field="ticket")
    version = ticket.item.current_version
    if version is None:
        raise Conflict(_("This service item is suspended or cancelled."), field="item")
    with transaction.atomic():
        if ticket.status == TicketStatus.CALLED:
            ticket = ticket_start(actor=actor, ticket=ticket, at=now)
        case = case_submit(
            actor=actor,
            item_version=version,
            applicant=applicant,
            channel=Channel.WINDOW,
            title=title,
            at=now,
        )
        Ticket.objects.filter(pk=ticket.pk).update(case=case, applicant=applicant)
        audit(
            actor=actor,
            action="ticket.register_case",
            obj=ticket,
            detail={"number": ticket.number, "case": case.number},
        )
    return case


def ticket_rate(
    *,
    ticket: Ticket,
    overall: Any,
    dimensions: dict[str, Any] | None = None,
    comment: str = "",
    at: datetime | None = None,
) -> Rating:
    """The applicant's rating on the window's counter: an on-site 好差评 of the ticket's case,
    carrying the window and the clerk who served."""
    if ticket.case is None or ticket.window is None:
        raise Conflict(_("No case was registered with this ticket."), field="ticket")
    if ticket.status != TicketStatus.DONE:
        raise Conflict(_("Rate after the service is finished."), field="ticket")
    return rating_submit(
        case_number=ticket.case.number,
        channel=RatingChannel.ON_SITE,
        overall=overall,
        dimensions=dimensions,
        window=ticket.window.label,
        hall_window=ticket.window,
        clerk=ticket.clerk,
        comment=comment,
        at=at,
    )


def tickets_wait_alerts_send(*, at: datetime | None = None) -> int:
    """The sweep: tickets of today still waiting beyond the limit raise their alert too."""
    now = now_or(at)
    limit = settings.HALL_WAIT_ALERT_MINUTES
    if limit <= 0:
        return 0
    overdue = Ticket.objects.filter(
        issued_on=timezone.localtime(now).date(),
        status=TicketStatus.WAITING,
        is_wait_alerted=False,
        waiting_from__lt=now - timedelta(minutes=limit),
    ).select_related("hall__organization", "item")
    sent = 0
    for ticket in overdue:
        with transaction.atomic():
            _wait_alert(ticket)
        sent += 1
    return sent
