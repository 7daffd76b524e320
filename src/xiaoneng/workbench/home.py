"""Cards on the workbench home page: what is waiting for this user, by role.

Each card is a small read through a context's selectors, shown only to users whose roles grant
its permission. The shell depends on the contexts, never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiaoneng.cases.selectors import case_list, review_queue
from xiaoneng.cases.workflow import Status
from xiaoneng.community.selectors import admission_awaiting, meetings_awaiting_approval
from xiaoneng.complaints.selectors import complaint_queue, complaint_unit_inbox
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.selectors.tasks import tasks_overdue
from xiaoneng.supervision.lights import light_summary


@dataclass(frozen=True)
class Card:
    title: str
    value: int
    url: str
    tone: str = ""  # "", "yellow" or "red"


@dataclass(frozen=True)
class CardSource:
    perm: str
    build: Callable[[User, date], list[Card]]


def _cases_waiting_at_window(user: User, today: date) -> list[Card]:
    count = case_list(user=user, status=Status.SUBMITTED).count()
    return [
        Card(
            str(_("Applications waiting for acceptance")),
            count,
            reverse("cases:queue") + "?status=submitted",
            "yellow" if count else "",
        )
    ]


def _review_queue(user: User, today: date) -> list[Card]:
    count = len(review_queue(user=user, limit=200))
    return [Card(str(_("Cases in my review queue")), count, reverse("cases:queue"))]


def _lights(user: User, today: date) -> list[Card]:
    summary = light_summary(user=user, as_of=today)
    url = reverse("supervision:cases")
    return [
        Card(str(_("Red: past the committed deadline")), summary.red, f"{url}?light=red", "red"),
        Card(str(_("Yellow: deadline near")), summary.yellow, f"{url}?light=yellow", "yellow"),
    ]


def _complaint_queue(user: User, today: date) -> list[Card]:
    count = complaint_queue(user=user).count()
    return [Card(str(_("Complaints in the centre's queue")), count, reverse("complaints:queue"))]


def _complaint_inbox(user: User, today: date) -> list[Card]:
    count = complaint_unit_inbox(user=user).count()
    return [
        Card(
            str(_("Complaints transferred to my unit")),
            count,
            reverse("complaints:inbox"),
            "yellow" if count else "",
        )
    ]


def _community_approvals(user: User, today: date) -> list[Card]:
    meetings = meetings_awaiting_approval(user=user).count()
    admissions = admission_awaiting(user=user).count()
    return [
        Card(str(_("Meetings awaiting approval")), meetings, reverse("community:meetings")),
        Card(
            str(_("Admission requests awaiting decision")),
            admissions,
            reverse("community:admissions"),
        ),
    ]


def _overdue_tasks(user: User, today: date) -> list[Card]:
    count = tasks_overdue(user=user, on=today).count()
    return [
        Card(
            str(_("Overdue supervision tasks")),
            count,
            reverse("evaluation:tasks"),
            "red" if count else "",
        )
    ]


SOURCES = [
    CardSource(Perm.CASE_ACCEPT, _cases_waiting_at_window),
    CardSource(Perm.CASE_REVIEW, _review_queue),
    CardSource(Perm.SUPERVISION_VIEW, _lights),
    CardSource(Perm.COMPLAINT_HANDLE, _complaint_queue),
    CardSource(Perm.COMPLAINT_REPLY, _complaint_inbox),
    CardSource(Perm.COMMUNITY_APPROVE, _community_approvals),
    CardSource(Perm.TASK_MANAGE, _overdue_tasks),
]


def cards_for(user: User) -> list[Card]:
    today = timezone.localdate()
    cards: list[Card] = []
    for source in SOURCES:
        if user_has_perm(user, source.perm):
            cards.extend(source.build(user, today))
    return cards
