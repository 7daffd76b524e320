"""Status tables of supervision's lifecycles.

An accountability (问责) record owes two deliverables from the unit — a written
self-examination (书面检查) and a rectification plan (整改方案) — each submitted by the unit and
tracked until the efficiency supervisor accepts it (seed; 福建省机关效能建设工作条例). A returned
deliverable is submitted again.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DeliverableStatus(models.TextChoices):
    OWED = "owed", _("Owed")
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", pgettext_lazy("review", "Accepted")


class AccountabilityStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    CLOSED = "closed", _("Completed")


# (from, to) pairs a deliverable may take; only services.accountability_* change status.
DELIVERABLE_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (DeliverableStatus.OWED, DeliverableStatus.SUBMITTED),
        (DeliverableStatus.RETURNED, DeliverableStatus.SUBMITTED),
        (DeliverableStatus.SUBMITTED, DeliverableStatus.ACCEPTED),
        (DeliverableStatus.SUBMITTED, DeliverableStatus.RETURNED),
    }
)


def deliverable_may_move(current: str, target: str) -> bool:
    """Whether a deliverable in `current` may move to `target`."""
    return (current, target) in DELIVERABLE_TRANSITIONS
