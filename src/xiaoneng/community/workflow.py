"""Status tables of the community context: admission requests, meetings, accountability.

Only the services change a status, and only along a row of these tables.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.errors import Conflict


class AdmissionStatus(models.TextChoices):
    """Rule 2 (准入): street office first, then the district civil-affairs bureau."""

    SUBMITTED = "submitted", _("Awaiting the street office")
    STREET_APPROVED = "street_approved", _("Awaiting the civil-affairs bureau")
    APPROVED = "approved", pgettext_lazy("approval", "Approved")
    REFUSED = "refused", _("Refused")


ADMISSION_TRANSITIONS: dict[str, frozenset[str]] = {
    AdmissionStatus.SUBMITTED: frozenset(
        {AdmissionStatus.STREET_APPROVED, AdmissionStatus.REFUSED}
    ),
    AdmissionStatus.STREET_APPROVED: frozenset({AdmissionStatus.APPROVED, AdmissionStatus.REFUSED}),
    AdmissionStatus.APPROVED: frozenset(),
    AdmissionStatus.REFUSED: frozenset(),
}


class MeetingStatus(models.TextChoices):
    """Rule 5: a street department's meeting waits for the street head's approval."""

    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the street head's approval")
    REGISTERED = "registered", _("Registered")
    HELD = "held", _("Held")
    REJECTED = "rejected", _("Not approved")
    CANCELLED = "cancelled", _("Cancelled")


MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingStatus.AWAITING_APPROVAL: frozenset(
        {MeetingStatus.REGISTERED, MeetingStatus.REJECTED, MeetingStatus.CANCELLED}
    ),
    MeetingStatus.REGISTERED: frozenset({MeetingStatus.HELD, MeetingStatus.CANCELLED}),
    MeetingStatus.HELD: frozenset(),
    MeetingStatus.REJECTED: frozenset(),
    MeetingStatus.CANCELLED: frozenset(),
}

# Meetings that count against a quota: planned or held (not rejected or cancelled).
COUNTED_MEETING_STATUSES = (MeetingStatus.REGISTERED, MeetingStatus.HELD)


class AccountabilityStatus(models.TextChoices):
    """Rule 10: 对违反本规定的，要进行问责，责令限期整改."""

    OPEN = "open", _("Rectification ordered")
    RECTIFIED = "rectified", _("Rectification reported")
    CLOSED = "closed", _("Closed")


ACCOUNTABILITY_TRANSITIONS: dict[str, frozenset[str]] = {
    AccountabilityStatus.OPEN: frozenset({AccountabilityStatus.RECTIFIED}),
    # The supervisor either accepts the rectification or sends it back.
    AccountabilityStatus.RECTIFIED: frozenset(
        {AccountabilityStatus.CLOSED, AccountabilityStatus.OPEN}
    ),
    AccountabilityStatus.CLOSED: frozenset(),
}


def check_transition(table: dict[str, frozenset[str]], current: str, target: str) -> None:
    """Raise Conflict unless `current → target` is a row of `table`."""
    if target not in table.get(current, frozenset()):
        raise Conflict(
            gettext("This is not possible in the current state (%(current)s → %(target)s).")
            % {"current": current, "target": target},
            field="status",
        )
