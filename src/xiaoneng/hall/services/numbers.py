"""Ticket numbers: per hall, day and kind, "A001" for appointments and "B001" for walk-ins,
drawn from the gap-free sequences of core.numbering (locked, so two kiosks never draw alike)."""

from __future__ import annotations

from datetime import date

from xiaoneng.core.numbering import number_next
from xiaoneng.hall.models import Hall, TicketKind

PREFIX = {TicketKind.APPOINTMENT: "A", TicketKind.WALK_IN: "B"}


def ticket_number(*, hall: Hall, day: date, kind: str) -> str:
    prefix = PREFIX[TicketKind(kind)]
    drawn = number_next(key=f"ticket:{hall.pk}:{prefix}:{day:%m%d}", year=day.year, width=3)
    return f"{prefix}{drawn[len(str(day.year)) :]}"
