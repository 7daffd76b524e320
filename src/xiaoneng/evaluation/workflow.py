"""Statuses and allowed transitions of rounds, appeals, surveys, tasks and rectification notices.

Only the services change a status, and only along a row of these tables (STYLE.md rule 4).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.errors import Conflict


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCORING = "scoring", _("Scoring")
    APPEAL = "appeal", _("Appeal window")
    PUBLISHED = "published", _("Published")


ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.DRAFT: {RoundStatus.SCORING},
    RoundStatus.SCORING: {RoundStatus.APPEAL},
    RoundStatus.APPEAL: {RoundStatus.SCORING, RoundStatus.PUBLISHED},
    RoundStatus.PUBLISHED: set(),
}


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", _("Rejected")


APPEAL_TRANSITIONS: dict[str, set[str]] = {
    AppealStatus.PENDING: {AppealStatus.UPHELD, AppealStatus.REJECTED},
    AppealStatus.UPHELD: set(),
    AppealStatus.REJECTED: set(),
}


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("survey", "Open")
    CLOSED = "closed", pgettext_lazy("survey", "Closed")


SURVEY_TRANSITIONS: dict[str, set[str]] = {
    SurveyStatus.DRAFT: {SurveyStatus.OPEN},
    SurveyStatus.OPEN: {SurveyStatus.CLOSED},
    SurveyStatus.CLOSED: set(),
}


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


TASK_TRANSITIONS: dict[str, set[str]] = {
    TaskStatus.OPEN: {TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED, TaskStatus.CANCELLED},
    TaskStatus.IN_PROGRESS: {TaskStatus.COMPLETED, TaskStatus.CANCELLED},
    TaskStatus.COMPLETED: set(),
    TaskStatus.CANCELLED: set(),
}
TASK_ACTIVE = frozenset({TaskStatus.OPEN, TaskStatus.IN_PROGRESS})


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REPORTED = "reported", _("Rectification reported")
    CLOSED = "closed", _("Verified and closed")


NOTICE_TRANSITIONS: dict[str, set[str]] = {
    NoticeStatus.ISSUED: {NoticeStatus.REPORTED},
    NoticeStatus.REPORTED: {NoticeStatus.CLOSED, NoticeStatus.ISSUED},
    NoticeStatus.CLOSED: set(),
}


def check_transition(table: dict[str, set[str]], current: str, target: str, label: str) -> None:
    """Raise Conflict unless `current → target` is a row of `table`."""
    if target not in table.get(current, set()):
        raise Conflict(
            gettext("%(what)s cannot go from “%(current)s” to “%(target)s”.")
            % {"what": label, "current": current, "target": target},
            field="status",
        )


class FilingStatus(models.TextChoices):
    """A unit's filing of one of the eight efficiency rules with the efficiency office."""

    SUBMITTED = "submitted", pgettext_lazy("filing", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("filing", "Accepted")
    RETURNED = "returned", pgettext_lazy("filing", "Returned")
    SUPERSEDED = "superseded", _("Superseded by a later version")


# A returned filing stays returned: the unit refiles the rule as a new version. An accepted one
# is superseded when a later version of the same rule is accepted.
FILING_TRANSITIONS: dict[str, set[str]] = {
    FilingStatus.SUBMITTED: {FilingStatus.ACCEPTED, FilingStatus.RETURNED},
    FilingStatus.ACCEPTED: {FilingStatus.SUPERSEDED},
    FilingStatus.RETURNED: set(),
    FilingStatus.SUPERSEDED: set(),
}


class SelfInspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("filing", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("filing", "Accepted")
    RETURNED = "returned", pgettext_lazy("filing", "Returned")


SELF_INSPECTION_TRANSITIONS: dict[str, set[str]] = {
    SelfInspectionStatus.DRAFT: {SelfInspectionStatus.SUBMITTED},
    SelfInspectionStatus.SUBMITTED: {SelfInspectionStatus.ACCEPTED, SelfInspectionStatus.RETURNED},
    SelfInspectionStatus.RETURNED: {SelfInspectionStatus.SUBMITTED},
    SelfInspectionStatus.ACCEPTED: set(),
}


class RectificationStatus(models.TextChoices):
    """A problem found by a unit's own inspection, and its rectification."""

    OPEN = "open", _("Being rectified")
    DONE = "done", _("Rectified")


RECTIFICATION_TRANSITIONS: dict[str, set[str]] = {
    RectificationStatus.OPEN: {RectificationStatus.DONE},
    RectificationStatus.DONE: set(),
}
