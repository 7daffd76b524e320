"""An enterprise problem's status and the allowed transitions (only services change status)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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


def next_status(status: str, action: str) -> str | None:
    """The status after `action`, or None when `action` is not allowed in `status`."""
    return TRANSITIONS.get((status, action))
