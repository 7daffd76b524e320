"""Status tables (only services change a status, along a row of these tables):

- an enterprise problem: reported → replied → rated;
- a campaign finding: found → rectified (by the responsible unit, with the amount refunded);
- an observation (a monitor's or a media report's), handled like a complaint transferred to a
  unit: submitted → accepted | declined; accepted → forwarded (to the responsible unit, with the
  reply deadline) → replied → closed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    REPORTED = "reported", _("Reported, awaiting the unit's reply")
    REPLIED = "replied", _("Replied, awaiting the enterprise's rating")
    RATED = "rated", _("Rated")


class Action(models.TextChoices):
    REPLY = "reply", _("Reply")
    RATE = "rate", _("Rate")


TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.REPORTED, Action.REPLY): Status.REPLIED,
    (Status.REPLIED, Action.RATE): Status.RATED,
}


class FindingStatus(models.TextChoices):
    FOUND = "found", _("Found, awaiting rectification")
    RECTIFIED = "rectified", _("Rectified")


class FindingAction(models.TextChoices):
    RECTIFY = "rectify", _("Report rectification")


FINDING_TRANSITIONS: dict[tuple[str, str], str] = {
    (FindingStatus.FOUND, FindingAction.RECTIFY): FindingStatus.RECTIFIED,
}


class ObservationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting the office")
    DECLINED = "declined", _("Declined")
    ACCEPTED = "accepted", _("Accepted")
    FORWARDED = "forwarded", _("Forwarded, awaiting the unit's reply")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


class ObservationAction(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    FORWARD = "forward", _("Forward to the unit")
    REPLY = "reply", _("Reply")
    CLOSE = "close", pgettext_lazy("observation", "Close")


OBSERVATION_TRANSITIONS: dict[tuple[str, str], str] = {
    (ObservationStatus.SUBMITTED, ObservationAction.ACCEPT): ObservationStatus.ACCEPTED,
    (ObservationStatus.SUBMITTED, ObservationAction.DECLINE): ObservationStatus.DECLINED,
    (ObservationStatus.ACCEPTED, ObservationAction.FORWARD): ObservationStatus.FORWARDED,
    (ObservationStatus.FORWARDED, ObservationAction.REPLY): ObservationStatus.REPLIED,
    (ObservationStatus.REPLIED, ObservationAction.CLOSE): ObservationStatus.CLOSED,
}


def next_status(
    status: str, action: str, transitions: dict[tuple[str, str], str] = TRANSITIONS
) -> str | None:
    """The status after `action`, or None when `action` is not allowed in `status`; the
    problem's table unless another is given (findings, observations)."""
    return transitions.get((status, action))
