"""The case lifecycle: statuses, event kinds and the transition table (行政许可法 Art. 29–45).

Only `cases.services` changes a case's status, and only through :func:`transition_target`,
which looks the event up in :data:`TRANSITIONS`.  Events whose target is ``None`` are
recorded without changing the status (pauses, extensions, opinions, meetings, forwarding).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.errors import Conflict


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused to accept")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TERMINATED = "terminated", _("Terminated")


#: Statuses in which the statutory decision clock runs (accepted, in review); approved and
#: denied cases are open too, awaiting delivery within 10 working days (Art. 44).
CLOCK_STATUSES = frozenset({Status.ACCEPTED, Status.IN_REVIEW})
OPEN_STATUSES = frozenset({Status.ACCEPTED, Status.IN_REVIEW, Status.APPROVED, Status.DENIED})
#: Statuses before acceptance (the 5-working-day notice period of Art. 32 runs in SUBMITTED).
INTAKE_STATUSES = frozenset({Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED})
FINAL_STATUSES = frozenset({Status.REFUSED, Status.CLOSED, Status.WITHDRAWN, Status.TERMINATED})
#: Statuses that count as "decided" for the decision deadline.
DECIDED_STATUSES = frozenset({Status.APPROVED, Status.DENIED, Status.DELIVERED})


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Application received")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("One-time supplement notice")
    SUPPLEMENTED = "supplemented", _("Materials supplemented")
    ACCEPTED = "accepted", _("Accepted")
    DEEMED_ACCEPTED = "deemed_accepted", _("Deemed accepted (no notice within 5 working days)")
    REFUSED = "refused", _("Refused to accept")
    REVIEW_STARTED = "review_started", _("Review started")
    STEP_FINISHED = "step_finished", _("Process step finished")
    SPECIAL_PROCEDURE_STARTED = "special_procedure_started", _("Special procedure started")
    SPECIAL_PROCEDURE_ENDED = "special_procedure_ended", _("Special procedure ended")
    EXTENDED = "extended", _("Time limit extended")
    OPINIONS_REQUESTED = "opinions_requested", _("Opinions requested")
    OPINION_GIVEN = "opinion_given", _("Opinion given")
    MEETING_RECORDED = "meeting_recorded", _("Joint review meeting recorded")
    FORWARDED = "forwarded", _("Forwarded to a higher level")
    FORWARD_REPLIED = "forward_replied", _("Reply from the higher level")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    TERMINATED = "terminated", _("Terminated")


@dataclass(frozen=True)
class Transition:
    """Which statuses an event may occur in, and the status it leads to (None: unchanged)."""

    sources: frozenset[str]
    target: str | None


_CLOCK = frozenset({Status.ACCEPTED, Status.IN_REVIEW})
_BEFORE_DECISION = frozenset(
    {Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED, Status.ACCEPTED, Status.IN_REVIEW}
)

#: The transition table.  Every row is covered by tests/cases/test_workflow.py.
TRANSITIONS: dict[str, Transition] = {
    EventKind.SUBMITTED: Transition(frozenset(), Status.SUBMITTED),  # creates the case
    EventKind.SUPPLEMENT_REQUESTED: Transition(
        frozenset({Status.SUBMITTED}), Status.SUPPLEMENT_REQUESTED
    ),
    EventKind.SUPPLEMENTED: Transition(frozenset({Status.SUPPLEMENT_REQUESTED}), Status.SUBMITTED),
    EventKind.ACCEPTED: Transition(frozenset({Status.SUBMITTED}), Status.ACCEPTED),
    EventKind.DEEMED_ACCEPTED: Transition(frozenset({Status.SUBMITTED}), Status.ACCEPTED),
    EventKind.REFUSED: Transition(
        frozenset({Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED}), Status.REFUSED
    ),
    EventKind.REVIEW_STARTED: Transition(frozenset({Status.ACCEPTED}), Status.IN_REVIEW),
    EventKind.STEP_FINISHED: Transition(frozenset({Status.IN_REVIEW}), None),
    EventKind.SPECIAL_PROCEDURE_STARTED: Transition(_CLOCK, None),
    EventKind.SPECIAL_PROCEDURE_ENDED: Transition(_CLOCK, None),
    EventKind.EXTENDED: Transition(_CLOCK, None),
    EventKind.OPINIONS_REQUESTED: Transition(_CLOCK, None),
    EventKind.OPINION_GIVEN: Transition(_CLOCK, None),
    EventKind.MEETING_RECORDED: Transition(_CLOCK, None),
    EventKind.FORWARDED: Transition(_CLOCK, None),
    EventKind.FORWARD_REPLIED: Transition(_CLOCK, None),
    EventKind.APPROVED: Transition(_CLOCK, Status.APPROVED),
    EventKind.DENIED: Transition(_CLOCK, Status.DENIED),
    EventKind.DELIVERED: Transition(frozenset({Status.APPROVED, Status.DENIED}), Status.DELIVERED),
    EventKind.CLOSED: Transition(frozenset({Status.DELIVERED}), Status.CLOSED),
    EventKind.WITHDRAWN: Transition(_BEFORE_DECISION, Status.WITHDRAWN),
    EventKind.TERMINATED: Transition(_BEFORE_DECISION, Status.TERMINATED),
}


def is_allowed(status: str, kind: str) -> bool:
    """True when an event of ``kind`` may occur on a case in ``status``."""
    return status in TRANSITIONS[kind].sources


def transition_target(status: str, kind: str) -> str:
    """The status after an event of ``kind``; raises Conflict (409) when it is out of order."""
    transition = TRANSITIONS[kind]
    if status not in transition.sources:
        raise Conflict(
            _("“%(action)s” is not allowed while the case is “%(status)s”.")
            % {"action": EventKind(kind).label, "status": Status(status).label},
            field="status",
        )
    return transition.target or status


def allowed_events(status: str) -> list[str]:
    """Event kinds that may occur in ``status`` (the case page's next actions)."""
    return [kind for kind, t in TRANSITIONS.items() if status in t.sources]
