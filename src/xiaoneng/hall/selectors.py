"""Reads of the hall context: halls, windows, slots, appointments, tickets, the display.

`chief_representative_authorised` is what the cases context asks before a decision: an item
authorised to a chief representative is decided in the hall (this module imports nothing of
cases, so cases may call it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.catalog.models import ItemStatus, ServiceItem
from xiaoneng.core.access import organizations_visible, user_has_perm, user_may
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Applicant, User, UserKind
from xiaoneng.core.roles import Perm
from xiaoneng.hall import rules
from xiaoneng.hall.models import (
    Appointment,
    AppointmentSlot,
    ChiefRepresentative,
    Hall,
    Ticket,
    Window,
)
from xiaoneng.hall.workflow import AppointmentStatus, TicketStatus
from xiaoneng.workdays import is_workday

# --- chief representatives (used by cases) -----------------------------------------------------


def chief_representative_authorised(*, user: User | None, item_id: int) -> bool:
    """True when ``user`` is a chief representative whose department authorised ``item_id``
    (accept and decide on the spot in the hall)."""
    if user is None or not user.is_authenticated or user.kind != UserKind.STAFF:
        return False
    return ChiefRepresentative.objects.filter(
        person=user, items__pk=item_id, hall__is_active=True
    ).exists()


# --- permissions ---------------------------------------------------------------------------------


def may_manage_hall(user: User, hall: Hall) -> bool:
    return user_may(user, Perm.HALL_MANAGE, hall.organization)


def may_serve(user: User, window: Window) -> bool:
    """Clerks on the window's roster, and staff who accept cases for its department (or for the
    hall's organization), serve at the window."""
    if not user.is_authenticated or getattr(user, "kind", "") != UserKind.STAFF:
        return False
    if window.clerks.filter(pk=user.pk).exists():
        return True
    organization = window.department or window.hall.organization
    return user_may(user, Perm.CASE_ACCEPT, organization) or user_may(
        user, Perm.CASE_ACCEPT, window.hall.organization
    )


def may_run_kiosk(user: User, hall: Hall) -> bool:
    """The hall's kiosk (取号机) is switched on by hall staff: its managers and whoever serves at
    one of its windows. Applicants then use it without an account."""
    if not user.is_authenticated or not user.is_active:
        return False
    if may_manage_hall(user, hall):
        return True
    return any(may_serve(user, w) for w in hall.windows.filter(is_active=True))


def may_view_figures(user: User, hall: Hall) -> bool:
    return user_may(user, Perm.SUPERVISION_VIEW, hall.organization) or may_manage_hall(user, hall)


def halls_with_figures(*, user: User) -> QuerySet[Hall]:
    """The halls whose figures the user may read (the figures page, the cockpit)."""
    pks = [h.pk for h in hall_list(user=user) if may_view_figures(user, h)]
    return Hall.objects.filter(pk__in=pks)


def _staff_halls(user: User) -> QuerySet[Hall]:
    scope = (
        organizations_visible(user, Perm.HALL_MANAGE)
        | organizations_visible(user, Perm.CASE_ACCEPT)
        | organizations_visible(user, Perm.SUPERVISION_VIEW)
    )
    return Hall.objects.filter(
        Q(organization__in=scope) | Q(windows__clerks=user) | Q(windows__department__in=scope)
    ).distinct()


# --- halls and windows ---------------------------------------------------------------------------


def hall_list(*, user: User | None = None) -> QuerySet[Hall]:
    """Active halls for the public; for staff also the inactive ones in their scope."""
    public = Hall.objects.filter(is_active=True)
    if user is not None and user.is_authenticated and user.kind == UserKind.STAFF:
        return Hall.objects.filter(
            Q(is_active=True) | Q(pk__in=_staff_halls(user).values("pk"))
        ).select_related("organization")
    return public.select_related("organization")


def hall_get(*, code: str, user: User | None = None) -> Hall:
    hall = hall_list(user=user).filter(code=code).first()
    if hall is None:
        raise NotFound(_("No such service hall."), field="hall")
    return hall


def window_list(*, hall: Hall | None = None, user: User | None = None) -> QuerySet[Window]:
    halls = hall_list(user=user)
    windows = Window.objects.filter(hall__in=halls)
    if hall is not None:
        windows = windows.filter(hall=hall)
    return windows.select_related("hall", "department").prefetch_related("items", "clerks")


def window_get(*, pk: int, user: User | None = None) -> Window:
    window = window_list(user=user).filter(pk=pk).first()
    if window is None:
        raise NotFound(_("No such window."), field="window")
    return window


def windows_served_by(*, user: User) -> list[Window]:
    """Windows the user may serve at (the clerk's page)."""
    return [w for w in window_list(user=user).filter(is_active=True) if may_serve(user, w)]


def bookable_items(*, window: Window) -> QuerySet[ServiceItem]:
    """The window's items that take appointments now (active, current version bookable)."""
    return window.items.filter(
        status=ItemStatus.ACTIVE, current_version__is_appointment=True
    ).order_by("name")


def hall_bookable_windows(*, hall: Hall) -> list[tuple[Window, list[ServiceItem]]]:
    """The portal's choice: the hall's active windows that take appointments, with their items."""
    windows = Window.objects.filter(hall=hall, is_active=True).order_by("number")
    rows = [(window, list(bookable_items(window=window))) for window in windows]
    return [(window, items) for window, items in rows if items]


def hall_windows_for_item(*, hall: Hall, item: ServiceItem) -> list[Window]:
    """The hall's active windows that handle ``item`` (where an appointment may move to)."""
    return list(Window.objects.filter(hall=hall, is_active=True, items=item).order_by("number"))


def chief_representatives(*, hall: Hall) -> QuerySet[ChiefRepresentative]:
    return (
        ChiefRepresentative.objects.filter(hall=hall)
        .select_related("department", "person")
        .prefetch_related("items")
        .order_by("department__name")
    )


# --- slots ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FreeSlot:
    window_id: int
    window_label: str
    hall_code: str
    starts_at: datetime
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


def slot_search(
    *,
    item_id: int,
    first: date,
    last: date,
    window_id: int | None = None,
    hall_code: str | None = None,
    now: datetime | None = None,
    include_full: bool = False,
) -> list[FreeSlot]:
    """Slots of every active window that handles the item, on opening days from ``first`` to
    ``last``, with their places left (two queries: windows, booked slots)."""
    now = now or timezone.now()
    windows = list(
        Window.objects.filter(items__pk=item_id, is_active=True, hall__is_active=True)
        .select_related("hall")
        .order_by("hall__code", "number")
    )
    if window_id is not None:
        windows = [w for w in windows if w.pk == window_id]
    if hall_code:
        windows = [w for w in windows if w.hall.code == hall_code]
    if not windows:
        return []
    zone = timezone.get_current_timezone()
    days = rules.opening_days(first, last, is_workday)
    booked = {
        (window_id_, starts_at): (capacity, count)
        for window_id_, starts_at, capacity, count in AppointmentSlot.objects.filter(
            window__in=windows,
            starts_at__gte=datetime.combine(first, datetime.min.time(), tzinfo=zone),
            starts_at__lt=datetime.combine(
                last + timedelta(days=1), datetime.min.time(), tzinfo=zone
            ),
        ).values_list("window_id", "starts_at", "capacity", "booked")
    }
    found = []
    for window in windows:
        hall = window.hall
        times = rules.slot_times(hall.opens_at, hall.closes_at, hall.slot_minutes)
        horizon = now + timedelta(days=hall.booking_days_ahead)
        for starts_at in rules.slot_starts(days, times, zone):
            if starts_at <= now or starts_at > horizon:
                continue
            capacity, count = booked.get((window.pk, starts_at), (window.slot_capacity, 0))
            if count >= capacity and not include_full:
                continue
            found.append(FreeSlot(window.pk, window.label, hall.code, starts_at, capacity, count))
    found.sort(key=lambda s: (s.starts_at, s.hall_code, s.window_label))
    return found


# --- appointments --------------------------------------------------------------------------------


def appointment_list(*, user: User) -> QuerySet[Appointment]:
    """An applicant's own appointments; staff: those of the halls in their scope."""
    rows = Appointment.objects.select_related("window__hall", "item", "applicant")
    if user.kind == UserKind.APPLICANT:
        return rows.filter(applicant__account=user).order_by("-starts_at")
    return rows.filter(window__hall__in=_staff_halls(user)).order_by("-starts_at")


def appointment_get(*, user: User, number: str) -> Appointment:
    appointment = appointment_list(user=user).filter(number=number).first()
    if appointment is None:
        raise NotFound(_("No such appointment."), field="number")
    return appointment


def no_show_days(*, applicant: Applicant, since: date) -> list[date]:
    zone = timezone.get_current_timezone()
    starts = Appointment.objects.filter(
        applicant=applicant,
        status=AppointmentStatus.NO_SHOW,
        starts_at__gte=datetime.combine(since, datetime.min.time(), tzinfo=zone),
    ).values_list("starts_at", flat=True)
    return [timezone.localtime(s).date() for s in starts]


def online_booking_blocked_until(*, applicant: Applicant, today: date) -> date | None:
    """The no-show rule (rules.online_booking_blocked_until) with the configured numbers."""
    window_days = settings.HALL_NO_SHOW_WINDOW_DAYS
    ban_days = settings.HALL_NO_SHOW_BAN_DAYS
    days = no_show_days(applicant=applicant, since=today - timedelta(days=window_days + ban_days))
    until = rules.online_booking_blocked_until(
        days, limit=settings.HALL_NO_SHOW_LIMIT, window_days=window_days, ban_days=ban_days
    )
    return until if until is not None and until >= today else None


# --- tickets and the display ---------------------------------------------------------------------


def kiosk_items(*, hall: Hall) -> QuerySet[ServiceItem]:
    """What the kiosk offers a walk-in: the active items some active window of the hall handles."""
    return (
        ServiceItem.objects.filter(
            status=ItemStatus.ACTIVE, hall_windows__hall=hall, hall_windows__is_active=True
        )
        .select_related("agency")
        .distinct()
        .order_by("agency__name", "name")
    )


def kiosk_appointment(*, hall: Hall, number: str) -> Appointment | None:
    """The appointment a kiosk checks in: only one of this hall."""
    return (
        Appointment.objects.filter(window__hall=hall, number=number.strip().upper())
        .select_related("window__hall", "item", "applicant")
        .first()
    )


def kiosk_ticket(*, hall: Hall, pk: int, day: date) -> Ticket | None:
    """A ticket slip the kiosk shows again: this hall's, of today only."""
    return Ticket.objects.filter(hall=hall, pk=pk, issued_on=day).select_related("item").first()


def waiting_ahead(*, ticket: Ticket) -> int:
    """Tickets of the same day and item still waiting that were issued before this one (the
    slip's "people ahead"; appointments of the current slot may still go first)."""
    return Ticket.objects.filter(
        hall=ticket.hall_id,
        issued_on=ticket.issued_on,
        item=ticket.item_id,
        status=TicketStatus.WAITING,
        issued_at__lt=ticket.issued_at,
    ).count()


def ticket_list(*, user: User, day: date | None = None) -> QuerySet[Ticket]:
    rows = Ticket.objects.filter(hall__in=_staff_halls(user)).select_related(
        "hall", "window", "item", "clerk", "appointment"
    )
    if day is not None:
        rows = rows.filter(issued_on=day)
    return rows.order_by("-issued_at")


def ticket_get(*, user: User, pk: int) -> Ticket:
    ticket = ticket_list(user=user).filter(pk=pk).first()
    if ticket is None:
        raise NotFound(_("No such ticket."), field="ticket")
    return ticket


def waiting_for(*, window: Window, now: datetime) -> list[Ticket]:
    """The window's waiting tickets in call order (rules.queue_order): tickets sent to this
    window, and tickets for any window that handles their item."""
    day = timezone.localtime(now).date()
    item_ids = list(window.items.values_list("pk", flat=True))
    tickets = list(
        Ticket.objects.filter(hall=window.hall, issued_on=day, status=TicketStatus.WAITING)
        .filter(Q(window=window) | Q(window__isnull=True, item_id__in=item_ids))
        .select_related("appointment", "item")
    )
    by_pk = {t.pk: t for t in tickets}
    entries = [
        rules.QueueEntry(
            t.pk, t.waiting_from, t.appointment.starts_at if t.appointment is not None else None
        )
        for t in tickets
    ]
    return [by_pk[e.key] for e in rules.queue_order(entries, now)]


def current_ticket(*, window: Window) -> Ticket | None:
    return (
        Ticket.objects.filter(window=window, status__in=[TicketStatus.CALLED, TicketStatus.SERVING])
        .select_related("item", "applicant", "case", "appointment")
        .order_by("-called_at")
        .first()
    )


def last_served(*, window: Window) -> Ticket | None:
    """The latest ticket served at the window whose case was not rated yet (the counter)."""
    return (
        Ticket.objects.filter(window=window, status=TicketStatus.DONE, case__isnull=False)
        .exclude(case__ratings__isnull=False)
        .select_related("case", "item")
        .order_by("-finished_at")
        .first()
    )


@dataclass(frozen=True)
class DisplayRow:
    ticket: str
    window: str
    status: str


def hall_display(*, hall: Hall, now: datetime, limit: int = 8) -> dict[str, object]:
    """What the hall's screen shows: tickets called or being served → window, and how many
    wait. No names, no items: ticket numbers only."""
    day = timezone.localtime(now).date()
    today = Ticket.objects.filter(hall=hall, issued_on=day)
    called = (
        today.filter(status__in=[TicketStatus.CALLED, TicketStatus.SERVING])
        .select_related("window")
        .order_by("-called_at")[:limit]
    )
    rows = [DisplayRow(t.number, t.window.label if t.window else "", t.status) for t in called]
    return {
        "rows": rows,
        "latest": rows[0] if rows else None,
        "waiting": today.filter(status=TicketStatus.WAITING).count(),
        "now": now,
    }


def user_may_see_hall_admin(user: User) -> bool:
    return user_has_perm(user, Perm.HALL_MANAGE)
