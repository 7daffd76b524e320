"""Timed alerts for every deadline queue besides the cases' (those are the supervision sweep's).

Each queue is one context's open items with a last day: complaints (reply due, 12345 rules,
`complaints.deadlines`), online consultations (answer due), supervision tasks and rectification
notices (evaluation), community accountability (rectify by). Like the cases' lights, an item
turns *yellow* when at most `SupervisionSettings.yellow_days` working days are left and *red*
the day after its last day (`complaints.deadlines.is_overdue`: finished on the last day is in
time). Each item and level is notified once, to the people who must act and those who
supervise them (dedupe key ``deadline:<queue>:<id>:<level>``), so the sweep can run any number
of times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.community.models import AccountabilityRecord
from xiaoneng.community.workflow import AccountabilityStatus
from xiaoneng.complaints.deadlines import is_overdue
from xiaoneng.complaints.models import Complaint, Consultation, ConsultationStatus
from xiaoneng.complaints.workflow import FINISHED_STATUSES
from xiaoneng.core.access import user_may
from xiaoneng.core.models import Organization, User
from xiaoneng.core.notifications import notify
from xiaoneng.core.roles import ROLE_PERMS, Perm
from xiaoneng.core.selectors import staff_with_role
from xiaoneng.evaluation.models import RectificationNotice, SupervisionTask
from xiaoneng.evaluation.workflow import TASK_ACTIVE, NoticeStatus
from xiaoneng.notifications.kinds import MessageKind
from xiaoneng.supervision.models import SupervisionSettings
from xiaoneng.workdays import add_workdays, count_workdays

YELLOW = "yellow"
RED = "red"


def staff_with_perm(perm: str, organization: Organization | None) -> list[User]:
    """Active staff whose roles grant `perm` with a scope covering `organization`."""
    if organization is None:
        return []
    people: dict[int, User] = {}
    for role, perms in ROLE_PERMS.items():
        if perm in perms:
            for user in staff_with_role(role=role, organization=organization):
                if user_may(user, perm, organization):
                    people[user.pk] = user
    return list(people.values())


@dataclass(frozen=True)
class DeadlineQueue:
    name: str
    open_items: Callable[[], QuerySet[Any]]
    due_field: str
    label: Callable[[Any], str]
    recipients: Callable[[Any], Iterable[User]]
    link: Callable[[Any], str]
    #: The message kind of the yellow alert, whose template the administrator edits, and the
    #: values its placeholders take; without one the alert is the generic "near its deadline".
    yellow_kind: str = ""
    yellow_context: Callable[[Any], dict[str, Any]] | None = None


def _complaint_people(item: Complaint) -> list[User]:
    people = staff_with_perm(Perm.COMPLAINT_HANDLE, item.unit)
    return [*people, item.handler] if item.handler is not None else people


QUEUES: list[DeadlineQueue] = [
    DeadlineQueue(
        "complaint",
        lambda: (
            Complaint.objects.exclude(status__in=FINISHED_STATUSES)
            .filter(replied_on__isnull=True)
            .select_related("unit", "handler")
        ),
        "due_on",
        lambda c: _("Complaint %(number)s") % {"number": c.number},
        _complaint_people,
        lambda c: f"/workbench/complaints/{c.number}/",
        yellow_kind=MessageKind.COMPLAINT_REPLY_DUE,
        yellow_context=lambda c: {
            "complaint_number": c.number,
            "subject": c.title,
            "due_on": c.due_on.isoformat(),
            "link": f"/workbench/complaints/{c.number}/",
        },
    ),
    DeadlineQueue(
        "consultation",
        lambda: Consultation.objects.filter(status=ConsultationStatus.OPEN).select_related(
            "department"
        ),
        "due_on",
        lambda c: _("Consultation %(number)s") % {"number": c.number},
        lambda c: staff_with_perm(Perm.CONSULTATION_ANSWER, c.department),
        lambda c: "/workbench/complaints/consultations/",
    ),
    DeadlineQueue(
        "supervision_task",
        lambda: SupervisionTask.objects.filter(status__in=TASK_ACTIVE).select_related(
            "owner", "lead_unit"
        ),
        "deadline",
        lambda t: _("Supervision task %(number)s") % {"number": t.number},
        lambda t: [
            *staff_with_perm(Perm.TASK_REPORT, t.lead_unit),
            *staff_with_perm(Perm.TASK_MANAGE, t.owner),
        ],
        lambda t: f"/workbench/evaluation/tasks/{t.pk}/",
    ),
    DeadlineQueue(
        "rectification_notice",
        lambda: RectificationNotice.objects.filter(status=NoticeStatus.ISSUED).select_related(
            "document__owner", "unit"
        ),
        "deadline",
        lambda n: _("Rectification notice %(number)s") % {"number": n.document.number},
        lambda n: [
            *staff_with_perm(Perm.TASK_REPORT, n.unit),
            *staff_with_perm(Perm.TASK_MANAGE, n.document.owner),
        ],
        lambda n: f"/workbench/evaluation/notices/{n.pk}/",
    ),
    DeadlineQueue(
        "community_accountability",
        lambda: AccountabilityRecord.objects.filter(
            status=AccountabilityStatus.OPEN
        ).select_related("violation__offender"),
        "due_on",
        lambda r: _("Community accountability: %(item)s") % {"item": r.violation},
        # Whoever may report the rectification (community.record or community.approve on the
        # offending unit) and whoever supervises it.
        lambda r: [
            *staff_with_perm(Perm.COMMUNITY_RECORD, r.violation.offender),
            *staff_with_perm(Perm.COMMUNITY_APPROVE, r.violation.offender),
            *staff_with_perm(Perm.COMMUNITY_SUPERVISE, r.violation.offender),
        ],
        lambda r: "/workbench/community/violations/",
    ),
]


def light_of(due_on: date, as_of: date, yellow_days: int) -> str | None:
    """Red after the last day; yellow when at most `yellow_days` working days are left."""
    if is_overdue(due_on, as_of):
        return RED
    if count_workdays(as_of, due_on) <= yellow_days:
        return YELLOW
    return None


def deadline_alerts_send(*, as_of: date, queues: Iterable[DeadlineQueue] = QUEUES) -> int:
    """Notify each open item of each queue once per level it has reached; the count sent."""
    yellow_days = SupervisionSettings.current().yellow_days
    horizon = add_workdays(as_of, yellow_days)
    sent = 0
    for queue in queues:
        items = queue.open_items().filter(**{f"{queue.due_field}__lte": horizon})
        for item in items.iterator(chunk_size=500):
            sent += _alert(queue, item, as_of, yellow_days)
    return sent


def _alert(queue: DeadlineQueue, item: Model, as_of: date, yellow_days: int) -> int:
    due_on: date = getattr(item, queue.due_field)
    level = light_of(due_on, as_of, yellow_days)
    if level is None:
        return 0
    values = {"item": queue.label(item), "due": due_on}
    if level == RED:
        title = _("%(item)s is past its deadline (%(due)s)") % values
    else:
        title = _("%(item)s is near its deadline (%(due)s)") % values
    templated = level == YELLOW and queue.yellow_kind and queue.yellow_context is not None
    created = notify(
        recipients=queue.recipients(item),
        kind=queue.yellow_kind if templated else "",
        context=queue.yellow_context(item) if templated and queue.yellow_context else None,
        title=title,
        body=_("%(days)s working days left.") % {"days": count_workdays(as_of, due_on)}
        if level == YELLOW
        else title,
        link=queue.link(item),
        level="danger" if level == RED else "warning",
        dedupe_key=f"deadline:{queue.name}:{item.pk}:{level}",
    )
    return len(created)
