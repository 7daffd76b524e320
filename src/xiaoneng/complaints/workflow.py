"""Status tables for complaints and for the follow-up of bad ratings.

Only the services change a status, and only along a row of these tables (STYLE.md rule 4).

Complaint lifecycle (DOMAIN.md §3, issue 6):
registered → accepted | declined (outside the centre's remit, referred elsewhere)
accepted → handling (直查, the centre itself) | transferred (to the unit, with a deadline)
handling | transferred → investigated (investigation record, by the centre or the unit's reply)
investigated → concluded (founded / partly founded / unfounded; outcomes are recorded here)
concluded → replied (reply to the complainant)
replied → followed_up (follow-up visit with satisfaction) → closed
replied → closed only when nobody can be visited (anonymous complainant, checked by the service)
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    HANDLING = "handling", _("Handled directly")
    TRANSFERRED = "transferred", _("Transferred to the unit")
    INVESTIGATED = "investigated", _("Investigated")
    CONCLUDED = "concluded", _("Concluded")
    REPLIED = "replied", _("Replied")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")


class Action(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    HANDLE_DIRECTLY = "handle_directly", _("Handle directly")
    TRANSFER = "transfer", _("Transfer to the unit")
    INVESTIGATE = "investigate", _("Record investigation")
    CONCLUDE = "conclude", _("Conclude")
    REPLY = "reply", _("Reply to the complainant")
    FOLLOW_UP = "follow_up", _("Record follow-up visit")
    CLOSE = "close", pgettext_lazy("complaint", "Close")


TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.REGISTERED, Action.ACCEPT): Status.ACCEPTED,
    (Status.REGISTERED, Action.DECLINE): Status.DECLINED,
    (Status.ACCEPTED, Action.HANDLE_DIRECTLY): Status.HANDLING,
    (Status.ACCEPTED, Action.TRANSFER): Status.TRANSFERRED,
    (Status.HANDLING, Action.INVESTIGATE): Status.INVESTIGATED,
    (Status.TRANSFERRED, Action.INVESTIGATE): Status.INVESTIGATED,
    (Status.INVESTIGATED, Action.CONCLUDE): Status.CONCLUDED,
    (Status.CONCLUDED, Action.REPLY): Status.REPLIED,
    (Status.REPLIED, Action.FOLLOW_UP): Status.FOLLOWED_UP,
    (Status.REPLIED, Action.CLOSE): Status.CLOSED,
    (Status.FOLLOWED_UP, Action.CLOSE): Status.CLOSED,
}

FINISHED_STATUSES = frozenset({Status.DECLINED, Status.CLOSED})
# The deadline may be extended once while the complaint is being dealt with.
EXTENDABLE_STATUSES = frozenset(
    {Status.REGISTERED, Status.ACCEPTED, Status.HANDLING, Status.TRANSFERRED, Status.INVESTIGATED}
)
# Outcomes are decided once the complaint is concluded, before or after the reply.
OUTCOME_STATUSES = frozenset({Status.CONCLUDED, Status.REPLIED, Status.FOLLOWED_UP})


def next_status(current: str, action: str) -> str | None:
    """The status `action` leads to from `current`, or None when the table has no such row."""
    return TRANSITIONS.get((current, action))


def actions_from(current: str) -> list[str]:
    return [action for (status, action) in TRANSITIONS if status == current]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Awaiting call-back")
    CALLED_BACK = "called_back", _("Called back and verified")
    RECTIFYING = "rectifying", _("Rectification under way")
    RECTIFIED = "rectified", _("Rectified")
    EXPLAINED = "explained", _("Explained")
    APPEALED = "appealed", _("Appealed as a false rating")
    APPEAL_UPHELD = "appeal_upheld", _("False rating: excluded")


class FollowUpAction(models.TextChoices):
    CALL_BACK = "call_back", _("Call back and verify")
    ORDER_RECTIFICATION = "order_rectification", _("Order rectification")
    RECTIFY = "rectify", _("Report rectification")
    EXPLAIN = "explain", _("Explain")
    APPEAL = "appeal", _("Appeal as false")
    UPHOLD_APPEAL = "uphold_appeal", _("Uphold appeal")
    REJECT_APPEAL = "reject_appeal", _("Reject appeal")


FOLLOW_UP_TRANSITIONS: dict[tuple[str, str], str] = {
    (FollowUpStatus.OPEN, FollowUpAction.CALL_BACK): FollowUpStatus.CALLED_BACK,
    (FollowUpStatus.CALLED_BACK, FollowUpAction.ORDER_RECTIFICATION): FollowUpStatus.RECTIFYING,
    (FollowUpStatus.CALLED_BACK, FollowUpAction.EXPLAIN): FollowUpStatus.EXPLAINED,
    (FollowUpStatus.CALLED_BACK, FollowUpAction.APPEAL): FollowUpStatus.APPEALED,
    (FollowUpStatus.RECTIFYING, FollowUpAction.RECTIFY): FollowUpStatus.RECTIFIED,
    (FollowUpStatus.APPEALED, FollowUpAction.UPHOLD_APPEAL): FollowUpStatus.APPEAL_UPHELD,
    (FollowUpStatus.APPEALED, FollowUpAction.REJECT_APPEAL): FollowUpStatus.CALLED_BACK,
}
FOLLOW_UP_DONE = frozenset(
    {FollowUpStatus.RECTIFIED, FollowUpStatus.EXPLAINED, FollowUpStatus.APPEAL_UPHELD}
)


def follow_up_next(current: str, action: str) -> str | None:
    return FOLLOW_UP_TRANSITIONS.get((current, action))
