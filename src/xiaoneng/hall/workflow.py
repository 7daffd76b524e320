"""Appointment and queue-ticket states and their transition tables.

Only `hall.services` changes a status, and only through :func:`appointment_target` or
:func:`ticket_target`, which look the action up in the tables below. Every row is covered by
tests/hall/test_workflow.py.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.errors import Conflict


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    CHECKED_IN = "checked_in", _("Checked in")
    NO_SHOW = "no_show", _("Missed (no-show)")


class AppointmentAction(models.TextChoices):
    CANCEL = "cancel", _("Cancel")
    RESCHEDULE = "reschedule", _("Reschedule")
    CHECK_IN = "check_in", _("Check in")
    MARK_NO_SHOW = "mark_no_show", _("Mark as missed")


#: action → (statuses it may happen in, status after it)
APPOINTMENT_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    AppointmentAction.CANCEL: (frozenset({AppointmentStatus.BOOKED}), AppointmentStatus.CANCELLED),
    AppointmentAction.RESCHEDULE: (frozenset({AppointmentStatus.BOOKED}), AppointmentStatus.BOOKED),
    AppointmentAction.CHECK_IN: (
        frozenset({AppointmentStatus.BOOKED}),
        AppointmentStatus.CHECKED_IN,
    ),
    AppointmentAction.MARK_NO_SHOW: (
        frozenset({AppointmentStatus.BOOKED}),
        AppointmentStatus.NO_SHOW,
    ),
}

#: Appointments that hold a place in their slot.
HOLDING_STATUSES = frozenset({AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN})


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    SERVING = "serving", _("Being served")
    DONE = "done", _("Served")
    SKIPPED = "skipped", _("Skipped (not present)")


class TicketAction(models.TextChoices):
    CALL = "call", _("Call")
    START = "start", _("Start serving")
    FINISH = "finish", _("Finish")
    SKIP = "skip", _("Skip (not present)")
    TRANSFER = "transfer", _("Transfer to another window")


TICKET_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    TicketAction.CALL: (frozenset({TicketStatus.WAITING}), TicketStatus.CALLED),
    TicketAction.START: (frozenset({TicketStatus.CALLED}), TicketStatus.SERVING),
    TicketAction.FINISH: (frozenset({TicketStatus.SERVING}), TicketStatus.DONE),
    TicketAction.SKIP: (frozenset({TicketStatus.CALLED}), TicketStatus.SKIPPED),
    TicketAction.TRANSFER: (
        frozenset({TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING}),
        TicketStatus.WAITING,
    ),
}

OPEN_TICKET_STATUSES = frozenset({TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING})


def _target(
    table: dict[str, tuple[frozenset[str], str]],
    status: str,
    action: str,
    status_label: str,
    action_label: str,
) -> str:
    sources, target = table[action]
    if status not in sources:
        raise Conflict(
            _("“%(action)s” is not allowed while it is “%(status)s”.")
            % {"action": action_label, "status": status_label},
            field="status",
        )
    return target


def appointment_target(status: str, action: str) -> str:
    """The appointment's status after ``action``; Conflict (409) when out of order."""
    return _target(
        APPOINTMENT_TRANSITIONS,
        status,
        action,
        str(AppointmentStatus(status).label),
        str(AppointmentAction(action).label),
    )


def ticket_target(status: str, action: str) -> str:
    """The ticket's status after ``action``; Conflict (409) when out of order."""
    return _target(
        TICKET_TRANSITIONS,
        status,
        action,
        str(TicketStatus(status).label),
        str(TicketAction(action).label),
    )
