"""Reviewing an accepted case: assignee and process steps, special procedures (Art. 45),
the one extension (Art. 42), joint opinions and meetings, forwarding to a higher level."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from xiaoneng.cases import deadlines
from xiaoneng.cases.models import (
    Case,
    CasePause,
    JointOpinion,
    JointReviewMeeting,
    ProcessStepRecord,
    SpecialProcedureKind,
)
from xiaoneng.cases.services._base import (
    DEADLINE_FIELDS,
    clock,
    is_importing,
    local_day,
    record,
    refresh_deadlines,
    require,
    require_text,
)
from xiaoneng.cases.workflow import EventKind, Status
from xiaoneng.catalog.models import ProcessStep
from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm


def case_start_review(
    *,
    actor: User | None,
    case: Case,
    assignee: User | None = None,
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """Hand an accepted case to a reviewer and open its process steps, each due after its
    own budget of working days from today."""
    at = clock(at)
    require(actor, Perm.CASE_REVIEW, case)
    assignee = assignee or actor
    if assignee is not None and not user_may(assignee, Perm.CASE_REVIEW, case.agency):
        raise InvalidInput(_("The assignee cannot review cases of this agency."), field="assignee")
    today = local_day(at)
    with transaction.atomic():
        case.assignee = assignee
        steps = list(ProcessStep.objects.filter(version_id=case.item_version_id))
        cursor = today
        records = []
        for step in steps:
            due = deadlines.opinion_due(cursor, step.budget_days) if step.budget_days else cursor
            records.append(ProcessStepRecord(case=case, step=step, started_on=cursor, due_on=due))
            cursor = due
        ProcessStepRecord.objects.bulk_create(records)
        record(
            case,
            EventKind.REVIEW_STARTED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            payload={
                "assignee": assignee.display_name if assignee else "",
                "steps": [s.name for s in steps],
            },
            fields=("assignee",),
        )
    return case


def case_finish_step(
    *,
    actor: User | None,
    case: Case,
    step_record: ProcessStepRecord,
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """Mark one process step finished; a step past its own budget is flagged."""
    at = clock(at)
    require(actor, Perm.CASE_REVIEW, case)
    if step_record.case_id != case.pk or step_record.finished_on is not None:
        raise Conflict(_("This step is not open on this case."), field="step")
    today = local_day(at)
    with transaction.atomic():
        step_record.finished_on = today
        step_record.save(update_fields=["finished_on"])
        payload: dict[str, object] = {
            "step": step_record.step.name,
            "due_on": step_record.due_on.isoformat(),
        }
        if today > step_record.due_on:
            payload["breach"] = "step_over_budget"
        record(
            case,
            EventKind.STEP_FINISHED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            payload=payload,
        )
    return case


def case_start_special_procedure(
    *,
    actor: User | None,
    case: Case,
    kind: str,
    reason: str,
    expected_workdays: int,
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """Start a special procedure (hearing, tender, auction, inspection, testing, quarantine,
    appraisal, expert review): the clock stops, and the applicant is told in writing why
    and how long it is expected to take (行政许可法 Art. 45)."""
    at = clock(at)
    require(actor, Perm.CASE_REVIEW, case)
    if kind not in SpecialProcedureKind.values:
        raise InvalidInput(_("Choose the kind of special procedure."), field="kind")
    reason = require_text(reason, "reason", _("Give the reason for the special procedure."))
    try:
        expected = int(expected_workdays)
    except (TypeError, ValueError):
        expected = 0
    if expected < 1:
        raise InvalidInput(
            _("Give the expected length in working days (at least 1)."), field="expected_workdays"
        )
    if case.is_paused:
        raise Conflict(_("A special procedure is already running on this case."), field="status")
    with transaction.atomic():
        CasePause.objects.create(
            case=case,
            kind=kind,
            started_on=local_day(at),
            reason=reason,
            expected_workdays=expected,
        )
        case.is_paused = True
        record(
            case,
            EventKind.SPECIAL_PROCEDURE_STARTED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=reason,
            payload={"kind": kind, "expected_workdays": expected},
            fields=("is_paused",),
        )
    return case


def case_end_special_procedure(
    *,
    actor: User | None,
    case: Case,
    result: str = "",
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """End the running special procedure: both deadlines move by the working days it took
    (count_workdays(start, end), Art. 45)."""
    at = clock(at)
    require(actor, Perm.CASE_REVIEW, case)
    pause = CasePause.objects.filter(case=case, ended_on__isnull=True).first()
    if pause is None or not case.is_paused:
        raise Conflict(_("No special procedure is running on this case."), field="status")
    today = local_day(at)
    with transaction.atomic():
        pause.ended_on = today
        pause.save(update_fields=["ended_on"])
        case.is_paused = False
        refresh_deadlines(case)
        record(
            case,
            EventKind.SPECIAL_PROCEDURE_ENDED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=result,
            payload={
                "kind": pause.kind,
                "paused_workdays": deadlines.paused_workdays([(pause.started_on, today)], today),
                "committed_due_on": case.committed_due_on.isoformat()
                if case.committed_due_on
                else None,
                "legal_due_on": case.legal_due_on.isoformat() if case.legal_due_on else None,
            },
            fields=("is_paused", *DEADLINE_FIELDS),
        )
    return case


def case_extend(
    *,
    actor: User | None,
    case: Case,
    reason: str,
    approver: User | None = None,
    approver_name: str = "",
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """Extend the time limit once: +10 working days with the agency head's approval, joint
    items +15 with the government head's (Art. 42); the reason is told to the applicant.

    The approver must hold CASE_APPROVE_EXTENSION on the agency.  The historical import may
    name an approver without an account.  An extension after the legal deadline is recorded
    but flagged.
    """
    at = clock(at)
    require(actor, (Perm.CASE_REVIEW, Perm.CASE_DECIDE), case)
    reason = require_text(reason, "reason", _("Give the reason for the extension."))
    if approver is not None:
        if not user_may(approver, Perm.CASE_APPROVE_EXTENSION, case.agency):
            raise InvalidInput(
                _("The approver may not approve extensions for this agency."), field="approver"
            )
        approver_name = approver.display_name
    elif actor is not None:
        raise InvalidInput(_("Name the head who approved the extension."), field="approver")
    approver_name = require_text(
        approver_name, "approver", _("Name the head who approved the extension.")
    )
    if case.extension_days:
        raise Conflict(_("The time limit has already been extended once."), field="extension")
    today = local_day(at)
    with transaction.atomic():
        late = case.legal_due_on is not None and today > case.legal_due_on
        case.extension_days = deadlines.extension_days(is_joint=case.is_joint)
        refresh_deadlines(case)
        payload: dict[str, object] = {
            "approver": approver_name,
            "days": case.extension_days,
            "committed_due_on": case.committed_due_on.isoformat()
            if case.committed_due_on
            else None,
            "legal_due_on": case.legal_due_on.isoformat() if case.legal_due_on else None,
        }
        if late:
            payload["breach"] = "extension_after_deadline"
        record(
            case,
            EventKind.EXTENDED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=reason,
            payload=payload,
            fields=("extension_days", *DEADLINE_FIELDS),
        )
    return case


def case_request_opinions(
    *,
    actor: User | None,
    case: Case,
    departments: Sequence[Organization] = (),
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """Ask the co-departments of a joint item for their opinions, each due within its own
    limit (default 7 working days, countersign rule)."""
    at = clock(at)
    require(actor, (Perm.CASE_REVIEW, Perm.CASE_COORDINATE), case)
    today = local_day(at)
    limits = {
        cd.organization_id: cd.opinion_limit_days for cd in case.item_version.co_departments.all()
    }
    targets = list(departments) or list(Organization.objects.filter(pk__in=list(limits)))
    if not targets:
        raise InvalidInput(_("Name at least one co-department."), field="departments")
    already = set(JointOpinion.objects.filter(case=case).values_list("department_id", flat=True))
    targets = [d for d in targets if d.pk not in already]
    if not targets:
        raise Conflict(
            _("Opinions were already requested from these departments."), field="departments"
        )
    with transaction.atomic():
        JointOpinion.objects.bulk_create(
            JointOpinion(
                case=case,
                department=d,
                requested_on=today,
                due_on=deadlines.opinion_due(today, limits.get(d.pk, deadlines.OPINION_DAYS)),
            )
            for d in targets
        )
        record(
            case,
            EventKind.OPINIONS_REQUESTED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            payload={"departments": [d.name for d in targets]},
        )
    return case


def case_give_opinion(
    *,
    actor: User | None,
    case: Case,
    department: Organization,
    opinion: str,
    agrees: bool,
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """A co-department gives its opinion; an opinion after its due day is flagged."""
    at = clock(at)
    if actor is not None and not (
        user_may(actor, Perm.CASE_REVIEW, department)
        or user_may(actor, Perm.CASE_COORDINATE, case.agency)
    ):
        raise NotPermitted(_("Only the co-department or the coordinator records this opinion."))
    opinion = require_text(opinion, "opinion", _("Write the department's opinion."))
    row = JointOpinion.objects.filter(case=case, department=department).first()
    if row is None or row.given_on is not None:
        raise Conflict(_("No open opinion request for this department."), field="department")
    today = local_day(at)
    with transaction.atomic():
        row.given_on, row.opinion, row.agrees = today, opinion, bool(agrees)
        row.save(update_fields=["given_on", "opinion", "agrees"])
        payload: dict[str, object] = {
            "department": department.name,
            "agrees": bool(agrees),
            "due_on": row.due_on.isoformat(),
        }
        if today > row.due_on:
            payload["breach"] = "opinion_late"
        record(
            case,
            EventKind.OPINION_GIVEN,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=opinion,
            payload=payload,
        )
    return case


def meeting_record(
    *,
    actor: User | None,
    organizer: Organization,
    held_on: date,
    departments: Sequence[Organization],
    cases: Sequence[Case],
    problems: str,
    solutions: str = "",
    problems_solved: int = 0,
    at: datetime | None = None,
) -> JointReviewMeeting:
    """Record a joint review meeting (联席会议): date, departments present, projects and
    problems discussed and solved.  Each open project gets a MEETING_RECORDED event."""
    at = clock(at)
    if actor is not None and not user_may(actor, Perm.CASE_COORDINATE, organizer):
        raise NotPermitted(_("You may not record joint review meetings here."))
    problems = require_text(problems, "problems", _("Describe the problems discussed."))
    if not departments:
        raise InvalidInput(_("Name the departments present."), field="departments")
    if problems_solved < 0:
        raise InvalidInput(
            _("The number of problems solved cannot be negative."), field="problems_solved"
        )
    with transaction.atomic():
        meeting = JointReviewMeeting.objects.create(
            held_on=held_on,
            organizer=organizer,
            problems=problems,
            solutions=solutions,
            problems_solved=problems_solved,
            recorded_at=at,
        )
        meeting.departments.set(departments)
        meeting.cases.set(cases)
        for case in cases:
            if case.status in (Status.ACCEPTED, Status.IN_REVIEW):
                record(
                    case,
                    EventKind.MEETING_RECORDED,
                    at=at,
                    actor=actor,
                    reason=problems,
                    payload={"meeting": meeting.pk, "held_on": held_on.isoformat()},
                )
        if not is_importing():
            audit(actor=actor, action="cases.meeting_record", obj=meeting)
    return meeting


def case_forward(
    *,
    actor: User | None,
    case: Case,
    to: str,
    reason: str = "",
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """Forward the case to the higher level that decides it (转报), recording the date."""
    at = clock(at)
    require(actor, Perm.CASE_REVIEW, case)
    to = require_text(to, "to", _("Name the higher-level authority."))
    if case.forwarded_on is not None:
        raise Conflict(_("The case has already been forwarded."), field="status")
    with transaction.atomic():
        case.forwarded_on = local_day(at)
        record(
            case,
            EventKind.FORWARDED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=reason,
            payload={"to": to},
            fields=("forwarded_on",),
        )
    return case


def case_forward_reply(
    *,
    actor: User | None,
    case: Case,
    reply: str,
    at: datetime | None = None,
    actor_name: str = "",
) -> Case:
    """Record the higher level's reply to a forwarded case."""
    at = clock(at)
    require(actor, Perm.CASE_REVIEW, case)
    reply = require_text(reply, "reply", _("Write the reply received."))
    if case.forwarded_on is None or case.forward_replied_on is not None:
        raise Conflict(_("No forwarded case awaits a reply."), field="status")
    with transaction.atomic():
        case.forward_replied_on = local_day(at)
        record(
            case,
            EventKind.FORWARD_REPLIED,
            at=at,
            actor=actor,
            actor_name=actor_name,
            reason=reply,
            payload={
                "workdays": deadlines.workdays_used(case.forwarded_on, case.forward_replied_on)
            },
            fields=("forward_replied_on",),
        )
    return case


__all__ = [
    "case_end_special_procedure",
    "case_extend",
    "case_finish_step",
    "case_forward",
    "case_forward_reply",
    "case_give_opinion",
    "case_request_opinions",
    "case_start_review",
    "case_start_special_procedure",
    "meeting_record",
]
