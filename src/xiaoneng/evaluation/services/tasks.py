"""Supervision tasks, progress, follow-up visits, numbered documents and rectification notices.

Tasks come from key decisions, hot issues or routine checks; an implementation plan is split into
tasks, each with a goal, a deadline, milestones, a lead unit and responsible units (DOMAIN.md §4).
Circulars, reports to leaders (呈阅件) and rectification notices get a yearly number from
core.numbering and are rendered as Word files in the GB/T 9704 layout (core.documents).
A rectification notice closes only after the unit reports its rectification and the office
verifies it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm, user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.documents import OfficialDocument
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.numbering import number_next
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import (
    DocumentKind,
    FollowUpVisit,
    ImplementationPlan,
    Milestone,
    ProgressReport,
    RectificationNotice,
    SupervisionDocument,
    SupervisionTask,
    TaskSource,
)
from xiaoneng.evaluation.workflow import (
    NOTICE_TRANSITIONS,
    TASK_ACTIVE,
    TASK_TRANSITIONS,
    NoticeStatus,
    TaskStatus,
    check_transition,
)

# Document number words: 效督通 (circular), 效督呈 (report to leaders), 效督改 (rectification).
DOCUMENT_WORDS: dict[str, str] = {
    DocumentKind.CIRCULAR: "效督通",
    DocumentKind.LEADER_REPORT: "效督呈",
    DocumentKind.RECTIFICATION_NOTICE: "效督改",
}


def _check_manage(actor: User, owner: Organization) -> None:
    if not user_may(actor, Perm.TASK_MANAGE, owner):
        raise NotPermitted(_("Only the supervising office may do this."))


def task_create(
    *,
    actor: User,
    title: str,
    source: str,
    goal: str,
    deadline: date,
    owner: Organization,
    lead_unit: Organization,
    responsible_units: Sequence[Organization] = (),
    milestones: Sequence[tuple[str, date]] = (),
    plan: ImplementationPlan | None = None,
) -> SupervisionTask:
    _check_manage(actor, owner)
    if source not in TaskSource.values:
        raise InvalidInput(_("Choose where the task comes from."), field="source")
    if not title.strip():
        raise InvalidInput(_("Give the task a title."), field="title")
    if not goal.strip():
        raise InvalidInput(_("State the goal."), field="goal")
    for name, due_on in milestones:
        if not name.strip():
            raise InvalidInput(_("Every milestone needs a name."), field="milestones")
        if due_on > deadline:
            raise InvalidInput(
                _("Milestone “%(m)s” falls after the task's deadline.") % {"m": name},
                field="milestones",
            )
    with transaction.atomic():
        year = timezone.localdate().year
        task = SupervisionTask.objects.create(
            number=number_next(key="evaluation.task", year=year, prefix="DC", width=4),
            title=title.strip(),
            source=source,
            goal=goal.strip(),
            deadline=deadline,
            owner=owner,
            lead_unit=lead_unit,
            created_by=actor,
            plan=plan,
        )
        task.responsible_units.set([u for u in responsible_units if u.pk != lead_unit.pk])
        Milestone.objects.bulk_create(
            Milestone(task=task, title=n.strip(), due_on=d) for n, d in milestones
        )
        audit(actor=actor, action="task.create", obj=task, detail={"number": task.number})
    return task


def plan_split(
    *,
    actor: User,
    title: str,
    source: str,
    owner: Organization,
    decided_on: date,
    tasks: Sequence[dict],
) -> ImplementationPlan:
    """An implementation plan split into tasks (each dict: the arguments of task_create)."""
    _check_manage(actor, owner)
    if not tasks:
        raise InvalidInput(_("Split the plan into at least one task."), field="tasks")
    with transaction.atomic():
        plan = ImplementationPlan.objects.create(
            title=title.strip(), source=source, owner=owner, decided_on=decided_on, created_by=actor
        )
        for spec in tasks:
            task_create(actor=actor, owner=owner, source=source, plan=plan, **spec)
        audit(actor=actor, action="task.plan.create", obj=plan, detail={"tasks": len(tasks)})
    return plan


def _is_task_unit(actor: User, task: SupervisionTask, unit: Organization) -> bool:
    units = [task.lead_unit, *task.responsible_units.all()]
    return (
        unit in units
        and actor.organization is not None
        and actor.organization.path.startswith(unit.path)
    )


def task_report_progress(
    *,
    actor: User,
    task: SupervisionTask,
    unit: Organization,
    percent_done: int,
    text: str,
    reported_on: date | None = None,
) -> ProgressReport:
    """The lead or a responsible unit reports progress; the first report starts the task."""
    if not (
        user_has_perm(actor, Perm.TASK_REPORT) and _is_task_unit(actor, task, unit)
    ) and not user_may(actor, Perm.TASK_MANAGE, task.owner):
        raise NotPermitted(_("Only the task's units report progress."))
    if task.status not in TASK_ACTIVE:
        raise Conflict(_("The task is no longer open."), field="status")
    if not 0 <= percent_done <= 100:
        raise InvalidInput(_("Percent done is between 0 and 100."), field="percent_done")
    if not text.strip():
        raise InvalidInput(_("Describe the progress."), field="text")
    with transaction.atomic():
        report = ProgressReport.objects.create(
            task=task,
            unit=unit,
            reported_by=actor,
            percent_done=percent_done,
            text=text.strip(),
            reported_on=reported_on or timezone.localdate(),
        )
        if task.status == TaskStatus.OPEN:
            task.status = TaskStatus.IN_PROGRESS
            task.save(update_fields=["status"])
        audit(
            actor=actor,
            action="task.progress",
            obj=task,
            detail={"unit": unit.pk, "percent_done": percent_done},
        )
    return report


def milestone_done(*, actor: User, milestone: Milestone, done_on: date) -> Milestone:
    task = milestone.task
    if not user_may(actor, Perm.TASK_MANAGE, task.owner) and not (
        user_has_perm(actor, Perm.TASK_REPORT) and _is_task_unit(actor, task, task.lead_unit)
    ):
        raise NotPermitted(_("Only the lead unit or the office marks milestones."))
    with transaction.atomic():
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on"])
        audit(
            actor=actor,
            action="task.milestone",
            obj=task,
            detail={"milestone": milestone.title, "done_on": done_on},
        )
    return milestone


def task_follow_up(
    *, actor: User, task: SupervisionTask, visited_on: date, visitors: str, findings: str
) -> FollowUpVisit:
    _check_manage(actor, task.owner)
    if not findings.strip():
        raise InvalidInput(_("Record what the visit found."), field="findings")
    with transaction.atomic():
        visit = FollowUpVisit.objects.create(
            task=task,
            visited_on=visited_on,
            visitors=visitors.strip(),
            findings=findings.strip(),
            recorded_by=actor,
        )
        audit(actor=actor, action="task.follow_up", obj=task)
    return visit


def task_set_status(
    *, actor: User, task: SupervisionTask, status: str, on: date | None = None
) -> SupervisionTask:
    _check_manage(actor, task.owner)
    check_transition(TASK_TRANSITIONS, task.status, status, _("The task"))
    with transaction.atomic():
        task.status = status
        if status == TaskStatus.COMPLETED:
            task.completed_on = on or timezone.localdate()
        task.save(update_fields=["status", "completed_on"])
        audit(actor=actor, action=f"task.{status}", obj=task)
    return task


def document_number(kind: str, year: int) -> str:
    """The next number of a document kind, e.g. 效督通〔2026〕3号."""
    raw = number_next(key=f"evaluation.doc.{kind}", year=year, width=6)
    return f"{DOCUMENT_WORDS[kind]}〔{year}〕{int(raw[len(str(year)) :])}号"


def document_issue(
    *,
    actor: User,
    kind: str,
    title: str,
    body: str,
    owner: Organization,
    recipient: str = "",
    task: SupervisionTask | None = None,
    issued_on: date | None = None,
) -> SupervisionDocument:
    """Issue a circular or a report to leaders under the next number of its kind."""
    _check_manage(actor, owner)
    if kind not in DocumentKind.values:
        raise InvalidInput(_("Choose the kind of document."), field="kind")
    if not title.strip():
        raise InvalidInput(_("Give the document a title."), field="title")
    if not body.strip():
        raise InvalidInput(_("Write the text of the document."), field="body")
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        document = SupervisionDocument.objects.create(
            kind=kind,
            number=document_number(kind, issued_on.year),
            title=title.strip(),
            body=body.strip(),
            recipient=recipient.strip(),
            task=task,
            owner=owner,
            issued_on=issued_on,
            created_by=actor,
        )
        audit(
            actor=actor,
            action="task.document.issue",
            obj=document,
            detail={"number": document.number, "kind": kind},
        )
    return document


def document_render(document: SupervisionDocument) -> bytes:
    """The Word file of a document (GB/T 9704 layout)."""
    return OfficialDocument(
        issuer=document.owner.name,
        title=document.title,
        number=document.number,
        recipient=document.recipient,
        paragraphs=[p for p in document.body.splitlines() if p],
        signature=document.owner.name,
        dated_on=document.issued_on,
    ).render()


def notice_issue(
    *,
    actor: User,
    unit: Organization,
    problem: str,
    deadline: date,
    owner: Organization,
    task: SupervisionTask | None = None,
    issued_on: date | None = None,
) -> RectificationNotice:
    """A numbered rectification notice to a unit with the date to rectify by."""
    issued_on = issued_on or timezone.localdate()
    if deadline <= issued_on:
        raise InvalidInput(
            _("The rectification deadline must come after the notice."), field="deadline"
        )
    if not problem.strip():
        raise InvalidInput(_("Describe the problem to rectify."), field="problem")
    with transaction.atomic():
        document = document_issue(
            actor=actor,
            kind=DocumentKind.RECTIFICATION_NOTICE,
            title=_("Rectification notice to %(unit)s") % {"unit": unit.name},
            body=_("%(problem)s\nRectify by %(deadline)s and report the rectification in writing.")
            % {"problem": problem.strip(), "deadline": deadline},
            owner=owner,
            recipient=unit.name,
            task=task,
            issued_on=issued_on,
        )
        notice = RectificationNotice.objects.create(
            document=document, unit=unit, problem=problem.strip(), deadline=deadline
        )
        audit(actor=actor, action="task.notice.issue", obj=notice)
    return notice


def notice_report(
    *, actor: User, notice: RectificationNotice, rectification: str, reported_on: date | None = None
) -> RectificationNotice:
    if not (
        actor.organization is not None
        and actor.organization.path.startswith(notice.unit.path)
        and user_has_perm(actor, Perm.TASK_REPORT)
    ):
        raise NotPermitted(_("Only the unit concerned reports its rectification."))
    if not rectification.strip():
        raise InvalidInput(_("Describe the rectification."), field="rectification")
    check_transition(
        NOTICE_TRANSITIONS, notice.status, NoticeStatus.REPORTED, _("The rectification notice")
    )
    with transaction.atomic():
        notice.status = NoticeStatus.REPORTED
        notice.rectification = rectification.strip()
        notice.reported_on = reported_on or timezone.localdate()
        notice.save()
        audit(actor=actor, action="task.notice.report", obj=notice)
    return notice


def notice_verify(
    *,
    actor: User,
    notice: RectificationNotice,
    is_accepted: bool,
    verification: str,
    on: date | None = None,
) -> RectificationNotice:
    """The office verifies a reported rectification: accepted closes it, else it goes back."""
    _check_manage(actor, notice.document.owner)
    if not verification.strip():
        raise InvalidInput(_("Record how the rectification was verified."), field="verification")
    target = NoticeStatus.CLOSED if is_accepted else NoticeStatus.ISSUED
    check_transition(NOTICE_TRANSITIONS, notice.status, target, _("The rectification notice"))
    with transaction.atomic():
        notice.status = target
        notice.verification = verification.strip()
        if is_accepted:
            notice.verified_by = actor
            notice.verified_on = on or timezone.localdate()
        notice.save()
        audit(
            actor=actor, action="task.notice.verify", obj=notice, detail={"accepted": is_accepted}
        )
    return notice
