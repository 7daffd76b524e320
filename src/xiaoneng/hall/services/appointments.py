"""Appointments (预约): book, cancel, reschedule, check in, mark no-shows, remind.

A place is taken with a conditional UPDATE (``booked < capacity``) on the slot's row, inside
the booking's transaction: when the slot is full no row changes and the booking is refused
with 409, however many requests arrive at once (PostgreSQL re-checks the condition after the
competing transaction commits; SQLite serializes writers with BEGIN IMMEDIATE).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.catalog.models import ItemStatus, ServiceItem
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Applicant, User, UserKind
from xiaoneng.core.notifications import notify
from xiaoneng.core.numbering import number_next
from xiaoneng.hall import rules, selectors
from xiaoneng.hall.models import (
    Appointment,
    AppointmentSlot,
    BookingChannel,
    Hall,
    Ticket,
    TicketKind,
    Window,
)
from xiaoneng.hall.services._common import now_or, require_server
from xiaoneng.hall.services.numbers import ticket_number
from xiaoneng.hall.workflow import AppointmentAction, AppointmentStatus, appointment_target
from xiaoneng.workdays import is_workday

#: Check-in opens this long before the slot; after the slot has ended it is too late.
CHECK_IN_EARLY = timedelta(minutes=60)


def _check_slot(window: Window, item: ServiceItem, starts_at: datetime, now: datetime) -> None:
    hall = window.hall
    if not (window.is_active and hall.is_active):
        raise Conflict(_("This window takes no appointments."), field="window")
    if not window.items.filter(pk=item.pk).exists():
        raise InvalidInput(_("This window does not handle this item."), field="item")
    if item.status != ItemStatus.ACTIVE or item.current_version is None:
        raise Conflict(_("This service item is suspended or cancelled."), field="item")
    if not item.current_version.is_appointment:
        raise Conflict(_("This item takes no appointments."), field="item")
    if timezone.is_naive(starts_at):
        raise InvalidInput(_("The time must include a time zone."), field="starts_at")
    local = timezone.localtime(starts_at)
    times = rules.slot_times(hall.opens_at, hall.closes_at, hall.slot_minutes)
    if not is_workday(local.date()) or local.time().replace(tzinfo=None) not in times:
        raise InvalidInput(_("This is not a slot of the hall's opening hours."), field="starts_at")
    if starts_at <= now:
        raise InvalidInput(_("This slot has begun or is over."), field="starts_at")
    if starts_at > now + timedelta(days=hall.booking_days_ahead):
        raise InvalidInput(
            _("Appointments are taken at most %(days)s days ahead.")
            % {"days": hall.booking_days_ahead},
            field="starts_at",
        )


def _take_place(window: Window, starts_at: datetime) -> AppointmentSlot:
    slot, _created = AppointmentSlot.objects.get_or_create(
        window=window, starts_at=starts_at, defaults={"capacity": window.slot_capacity}
    )
    taken = AppointmentSlot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(
        booked=F("booked") + 1
    )
    if not taken:
        raise Conflict(_("This slot is fully booked. Choose another time."), field="starts_at")
    return slot


def _release_place(slot_id: int) -> None:
    AppointmentSlot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def _who_books(actor: User, applicant: Applicant | None, window: Window) -> tuple[Applicant, str]:
    if actor.kind == UserKind.APPLICANT:
        own = Applicant.objects.filter(account=actor).first()
        if own is None:
            raise InvalidInput(_("Complete your applicant details first."), field="applicant")
        if applicant is not None and applicant.pk != own.pk:
            raise NotPermitted(_("You may only book for yourself."))
        return own, BookingChannel.PORTAL
    require_server(actor, window)
    if applicant is None:
        raise InvalidInput(_("Name the applicant."), field="applicant")
    return applicant, BookingChannel.PHONE


def appointment_book(
    *,
    actor: User,
    window: Window,
    item: ServiceItem,
    starts_at: datetime,
    applicant: Applicant | None = None,
    at: datetime | None = None,
) -> Appointment:
    """Book one place in a slot: an applicant on the portal for themself (refused while the
    no-show rule blocks them), or staff of the window for a caller (phone booking, never
    blocked). A full slot is refused with 409 (Conflict)."""
    now = now_or(at)
    applicant, channel = _who_books(actor, applicant, window)
    _check_slot(window, item, starts_at, now)
    if channel == BookingChannel.PORTAL:
        blocked = selectors.online_booking_blocked_until(
            applicant=applicant, today=timezone.localtime(now).date()
        )
        if blocked is not None:
            raise Conflict(
                _(
                    "You missed %(count)s appointments within %(days)s days: online booking is "
                    "closed to you until %(until)s. Call the hall to book."
                )
                % {
                    "count": settings.HALL_NO_SHOW_LIMIT,
                    "days": settings.HALL_NO_SHOW_WINDOW_DAYS,
                    "until": blocked.isoformat(),
                },
                field="applicant",
                code="booking_blocked",
            )
    with transaction.atomic():
        if Appointment.objects.filter(
            applicant=applicant, starts_at=starts_at, status=AppointmentStatus.BOOKED
        ).exists():
            raise Conflict(_("You already have an appointment at this time."), field="starts_at")
        slot = _take_place(window, starts_at)
        local = timezone.localtime(now)
        appointment = Appointment.objects.create(
            number=number_next(key="appointment", year=local.year, prefix="YY"),
            check_in_code=f"{secrets.randbelow(10**6):06d}",
            slot=slot,
            window=window,
            item=item,
            applicant=applicant,
            channel=channel,
            booked_by=actor,
            starts_at=starts_at,
            booked_at=now,
        )
        audit(
            actor=actor,
            action="appointment.book",
            obj=appointment,
            detail={
                "number": appointment.number,
                "window": window.pk,
                "starts_at": starts_at.isoformat(),
                "channel": channel,
            },
        )
    return appointment


def _require_owner_or_staff(actor: User, appointment: Appointment) -> None:
    if actor.kind == UserKind.APPLICANT:
        if appointment.applicant.account_id != actor.pk:
            raise NotPermitted(_("This is not your appointment."))
        return
    require_server(actor, appointment.window)


def _require_changeable(appointment: Appointment, now: datetime) -> None:
    hours = appointment.window.hall.change_cutoff_hours
    if not rules.may_change(appointment.starts_at, now, hours):
        raise Conflict(
            _("Appointments can be changed until %(hours)s hours before the slot.")
            % {"hours": hours},
            field="starts_at",
        )


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update()
        .select_related("window__hall", "item", "applicant")
        .get(pk=appointment.pk)
    )


def appointment_cancel(
    *, actor: User, appointment: Appointment, at: datetime | None = None
) -> Appointment:
    """Cancel until the cut-off; the place is free again."""
    now = now_or(at)
    _require_owner_or_staff(actor, appointment)
    with transaction.atomic():
        appointment = _locked(appointment)
        appointment.status = appointment_target(appointment.status, AppointmentAction.CANCEL)
        _require_changeable(appointment, now)
        appointment.changed_at = now
        appointment.save(update_fields=["status", "changed_at"])
        _release_place(appointment.slot_id)
        audit(actor=actor, action="appointment.cancel", obj=appointment)
    return appointment


def appointment_reschedule(
    *,
    actor: User,
    appointment: Appointment,
    starts_at: datetime,
    window: Window | None = None,
    at: datetime | None = None,
) -> Appointment:
    """Move to another slot (of the same or another window for the item) until the cut-off;
    the new slot must have a place (409 otherwise, and the old one is kept)."""
    now = now_or(at)
    _require_owner_or_staff(actor, appointment)
    target = window or appointment.window
    _check_slot(target, appointment.item, starts_at, now)
    with transaction.atomic():
        appointment = _locked(appointment)
        appointment_target(appointment.status, AppointmentAction.RESCHEDULE)
        _require_changeable(appointment, now)
        previous = appointment.starts_at
        slot = _take_place(target, starts_at)
        _release_place(appointment.slot_id)
        appointment.slot = slot
        appointment.window = target
        appointment.starts_at = starts_at
        appointment.changed_at = now
        appointment.reminded_at = None
        appointment.save(update_fields=["slot", "window", "starts_at", "changed_at", "reminded_at"])
        audit(
            actor=actor,
            action="appointment.reschedule",
            obj=appointment,
            detail={"from": previous.isoformat(), "to": starts_at.isoformat()},
        )
    return appointment


def appointment_check_in(
    *,
    appointment: Appointment,
    actor: User | None = None,
    check_in_code: str = "",
    at: datetime | None = None,
) -> Ticket:
    """Arrival: from an hour before the slot until its end, at the kiosk with the check-in code
    or by staff of the window. Gives a queue ticket that is called first within its slot."""
    now = now_or(at)
    if actor is None or actor.kind == UserKind.APPLICANT:
        if not secrets.compare_digest(check_in_code.strip(), appointment.check_in_code):
            raise NotPermitted(_("The check-in code does not match."))
    else:
        require_server(actor, appointment.window)
    hall = appointment.window.hall
    ends_at = appointment.starts_at + timedelta(minutes=hall.slot_minutes)
    if now < appointment.starts_at - CHECK_IN_EARLY:
        raise Conflict(
            _("Check-in opens an hour before your slot (%(time)s).")
            % {"time": timezone.localtime(appointment.starts_at).strftime("%H:%M")},
            field="number",
        )
    if now > ends_at:
        raise Conflict(_("Your slot is over: please take a walk-in ticket."), field="number")
    with transaction.atomic():
        appointment = _locked(appointment)
        appointment.status = appointment_target(appointment.status, AppointmentAction.CHECK_IN)
        appointment.checked_in_at = now
        appointment.save(update_fields=["status", "checked_in_at"])
        day = timezone.localtime(now).date()
        ticket = Ticket.objects.create(
            hall=hall,
            number=ticket_number(hall=hall, day=day, kind=TicketKind.APPOINTMENT),
            issued_on=day,
            kind=TicketKind.APPOINTMENT,
            item=appointment.item,
            window=appointment.window,
            appointment=appointment,
            applicant=appointment.applicant,
            issued_at=now,
            waiting_from=max(now, appointment.starts_at),
        )
        audit(
            actor=actor,
            action="appointment.check_in",
            obj=appointment,
            detail={"ticket": ticket.number},
        )
    return ticket


def appointment_check_in_at_kiosk(
    *,
    actor: User,
    hall: Hall,
    number: str,
    check_in_code: str,
    at: datetime | None = None,
) -> Ticket:
    """Arrival at the hall's kiosk, without an account: the appointment number and its
    check-in code. ``actor`` is the staff member who switched the kiosk on. An unknown number
    and a wrong code get the same answer, so the kiosk tells nobody which numbers exist."""
    if not selectors.may_run_kiosk(actor, hall):
        raise NotPermitted(_("You may not issue tickets in this hall."))
    appointment = selectors.kiosk_appointment(hall=hall, number=number)
    code = check_in_code.strip()
    if appointment is None or not secrets.compare_digest(code, appointment.check_in_code):
        raise InvalidInput(
            _("The appointment number or the check-in code does not match."), field="number"
        )
    return appointment_check_in(appointment=appointment, check_in_code=code, at=at)


def appointment_no_shows_mark(*, at: datetime | None = None) -> int:
    """Booked appointments whose slot has ended without check-in are missed (no-show)."""
    now = now_or(at)
    marked = 0
    candidates = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED, starts_at__lt=now
    ).select_related("window__hall")
    for appointment in candidates.iterator(chunk_size=500):
        if appointment.starts_at + timedelta(minutes=appointment.window.hall.slot_minutes) > now:
            continue
        with transaction.atomic():
            updated = Appointment.objects.filter(
                pk=appointment.pk, status=AppointmentStatus.BOOKED
            ).update(
                status=appointment_target(appointment.status, AppointmentAction.MARK_NO_SHOW),
                changed_at=now,
            )
            if updated:
                audit(actor=None, action="appointment.no_show", obj=appointment)
                marked += 1
    return marked


def appointment_reminders_send(*, at: datetime | None = None) -> int:
    """The day before: one message per appointment (in-site and SMS through notify)."""
    now = now_or(at)
    zone = timezone.get_current_timezone()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), tzinfo=zone)
    due = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED,
        reminded_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=1),
    ).select_related("window__hall", "item", "applicant__account")
    sent = 0
    for appointment in due.iterator(chunk_size=500):
        with transaction.atomic():
            notify(
                applicants=[appointment.applicant],
                title=_("Reminder: your appointment %(number)s tomorrow")
                % {"number": appointment.number},
                body=_("%(item)s at %(hall)s, %(window)s, %(time)s. Check-in code %(code)s.")
                % {
                    "item": appointment.item.name,
                    "hall": appointment.window.hall.name,
                    "window": appointment.window.label,
                    "time": timezone.localtime(appointment.starts_at).strftime("%Y-%m-%d %H:%M"),
                    "code": appointment.check_in_code,
                },
                link="/hall/appointments/",
                dedupe_key=f"hall.reminder.{appointment.pk}.{appointment.starts_at:%Y%m%d%H%M}",
            )
            Appointment.objects.filter(pk=appointment.pk).update(reminded_at=now)
        sent += 1
    return sent
