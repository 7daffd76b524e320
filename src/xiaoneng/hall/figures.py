"""The hall's figures: waiting and service time per window, item and hour; appointments made,
kept and missed; tickets served; ratings at the windows (the 好差评 figures with window and
clerk).

Definitions (docs/hall.md): waiting time = called − waiting from (issue, or the slot's start
for an appointment that came early); service time = finished − started; an appointment is
*made* when booked in the period (cancelled ones included, as the seed's "9,000+ appointments"
counted bookings), *kept* when checked in, *missed* when marked no-show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from xiaoneng.complaints.models import Rating
from xiaoneng.hall.models import Appointment, Hall, Ticket
from xiaoneng.hall.workflow import AppointmentStatus, TicketStatus


@dataclass
class TimeRow:
    key: str
    tickets: int = 0
    served: int = 0
    wait_total: int = 0
    wait_count: int = 0
    wait_max: int = 0
    service_total: int = 0
    service_count: int = 0

    @property
    def wait_avg_minutes(self) -> float | None:
        return round(self.wait_total / self.wait_count / 60, 1) if self.wait_count else None

    @property
    def wait_max_minutes(self) -> float:
        return round(self.wait_max / 60, 1)

    @property
    def service_avg_minutes(self) -> float | None:
        return (
            round(self.service_total / self.service_count / 60, 1) if self.service_count else None
        )


@dataclass
class AppointmentFigures:
    made: int
    kept: int
    missed: int
    cancelled: int

    @property
    def kept_rate(self) -> float | None:
        due = self.kept + self.missed
        return round(self.kept / due, 3) if due else None


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(first, datetime.min.time(), tzinfo=zone),
        datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone),
    )


def tickets_in(halls: QuerySet[Hall], first: date, last: date) -> QuerySet[Ticket]:
    return Ticket.objects.filter(hall__in=halls, issued_on__gte=first, issued_on__lte=last)


def time_figures(*, halls: QuerySet[Hall], first: date, last: date, by: str) -> list[TimeRow]:
    """Waiting and service time grouped ``by`` "window", "item" or "hour" (hour of the call)."""
    rows: dict[str, TimeRow] = {}
    tickets = tickets_in(halls, first, last).select_related("window", "item", "hall")
    for ticket in tickets.iterator(chunk_size=2000):
        if by == "window":
            key = f"{ticket.hall.name} {ticket.window.label}" if ticket.window else "—"
        elif by == "item":
            key = ticket.item.name
        else:
            moment = ticket.called_at or ticket.issued_at
            key = f"{timezone.localtime(moment).hour:02d}:00"
        row = rows.setdefault(key, TimeRow(key))
        row.tickets += 1
        if ticket.status == TicketStatus.DONE:
            row.served += 1
        wait = ticket.wait_seconds
        if wait is not None:
            row.wait_total += wait
            row.wait_count += 1
            row.wait_max = max(row.wait_max, wait)
        service = ticket.service_seconds
        if service is not None:
            row.service_total += service
            row.service_count += 1
    return [rows[k] for k in sorted(rows)]


def appointment_figures(*, halls: QuerySet[Hall], first: date, last: date) -> AppointmentFigures:
    start, end = _bounds(first, last)
    made = Appointment.objects.filter(
        window__hall__in=halls, booked_at__gte=start, booked_at__lt=end
    ).count()
    by_slot = Appointment.objects.filter(
        window__hall__in=halls, starts_at__gte=start, starts_at__lt=end
    ).aggregate(
        kept=Count("pk", filter=Q(status=AppointmentStatus.CHECKED_IN)),
        missed=Count("pk", filter=Q(status=AppointmentStatus.NO_SHOW)),
        cancelled=Count("pk", filter=Q(status=AppointmentStatus.CANCELLED)),
    )
    return AppointmentFigures(
        made=made, kept=by_slot["kept"], missed=by_slot["missed"], cancelled=by_slot["cancelled"]
    )


@dataclass(frozen=True)
class RatingRow:
    window: str
    clerk: str
    ratings: int
    average: float | None
    bad: int


def rating_figures(*, halls: QuerySet[Hall], first: date, last: date) -> list[RatingRow]:
    """On-site ratings given at the halls' counters, per window and clerk (excluded ones, after
    an upheld appeal, count nowhere — as in the 好差评 figures)."""
    start, end = _bounds(first, last)
    rows = (
        Rating.objects.filter(
            hall_window__hall__in=halls, is_excluded=False, rated_at__gte=start, rated_at__lt=end
        )
        .values("hall_window__hall__name", "hall_window__number", "clerk__real_name")
        .annotate(
            ratings=Count("pk"), average=Avg("overall"), bad=Count("pk", filter=Q(overall__gte=4))
        )
        .order_by("hall_window__hall__name", "hall_window__number", "clerk__real_name")
    )
    return [
        RatingRow(
            window=f"{r['hall_window__hall__name']} {r['hall_window__number']}",
            clerk=r["clerk__real_name"] or "",
            ratings=r["ratings"],
            average=round(float(r["average"]), 2) if r["average"] is not None else None,
            bad=r["bad"],
        )
        for r in rows
    ]


def summary(
    *, halls: QuerySet[Hall], first: date, last: date, wait_limit_minutes: int
) -> dict[str, object]:
    tickets = tickets_in(halls, first, last)
    served = tickets.filter(status=TicketStatus.DONE).count()
    over = [
        t
        for t in tickets.filter(called_at__isnull=False).only("called_at", "waiting_from")
        if (t.wait_seconds or 0) > wait_limit_minutes * 60
    ]
    return {
        "tickets": tickets.count(),
        "served": served,
        "skipped": tickets.filter(status=TicketStatus.SKIPPED).count(),
        "waiting": tickets.filter(status=TicketStatus.WAITING).count(),
        "over_limit": len(over),
        "wait_limit_minutes": wait_limit_minutes,
        "appointments": appointment_figures(halls=halls, first=first, last=last),
    }
