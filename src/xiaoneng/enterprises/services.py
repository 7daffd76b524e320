"""Use cases of monitored enterprises: designate, report a problem (the enterprise on the portal
or staff on its behalf), the responsible unit's reply, the enterprise's rating, visits.

Permissions: the efficiency office (supervision.act) designates enterprises, enters problems and
records visits; the responsible unit replies (complaint.reply on that unit); only the enterprise's
own account reports online and rates. Every step is audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.complaints.models import Satisfaction
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Applicant, ApplicantKind, Organization, User
from xiaoneng.core.numbering import number_next
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises.checks import advance, require, text_required
from xiaoneng.enterprises.deadlines import reply_due_on
from xiaoneng.enterprises.models import Enterprise, Problem, Visit
from xiaoneng.enterprises.workflow import Action


def enterprise_designate(
    *,
    actor: User,
    applicant: Applicant,
    contact_unit: Organization,
    contact_leader: User | None = None,
    is_key: bool = False,
    designated_on: date | None = None,
) -> Enterprise:
    require(actor, Perm.SUPERVISION_ACT, contact_unit)
    if applicant.kind != ApplicantKind.LEGAL_PERSON:
        raise InvalidInput(
            _("Only an enterprise (legal person with a credit code) can be monitored."),
            field="applicant",
        )
    if Enterprise.objects.filter(applicant=applicant).exists():
        raise Conflict(_("This enterprise is already monitored."), field="applicant")
    with transaction.atomic():
        enterprise = Enterprise.objects.create(
            applicant=applicant,
            contact_unit=contact_unit,
            contact_leader=contact_leader,
            is_key=is_key,
            designated_on=designated_on or timezone.localdate(),
        )
        audit(
            actor=actor,
            action="enterprise.designate",
            obj=enterprise,
            detail={"credit_code": applicant.id_number},
        )
    return enterprise


def problem_report(
    *,
    actor: User,
    enterprise: Enterprise,
    title: str,
    description: str,
    unit: Organization,
    reported_on: date | None = None,
) -> Problem:
    """The enterprise's own account reports online; otherwise the office enters it."""
    is_own = enterprise.applicant.account_id is not None and enterprise.applicant.account_id == (
        actor.pk
    )
    if not is_own:
        require(actor, Perm.SUPERVISION_ACT, unit)
    title = text_required(title, field="title", max_length=200)
    description = text_required(description, field="description", max_length=4000)
    day = reported_on or timezone.localdate()
    with transaction.atomic():
        problem = Problem.objects.create(
            number=number_next(key="enterprise_problem", year=day.year, prefix="QY", width=5),
            enterprise=enterprise,
            title=title,
            description=description,
            unit=unit,
            reported_on=day,
            due_on=reply_due_on(day),
            is_reported_online=is_own,
        )
        audit(actor=actor, action="enterprise_problem.report", obj=problem)
    return problem


def problem_reply(
    *, actor: User, problem: Problem, reply: str, replied_on: date | None = None
) -> Problem:
    require(actor, Perm.COMPLAINT_REPLY, problem.unit)
    reply = text_required(reply, field="reply", max_length=4000)
    with transaction.atomic():
        problem.status = advance(problem, Action.REPLY)
        problem.reply = reply
        problem.replied_on = replied_on or timezone.localdate()
        problem.save(update_fields=["status", "reply", "replied_on"])
        audit(
            actor=actor,
            action="enterprise_problem.reply",
            obj=problem,
            detail={"on_time": problem.replied_on <= problem.due_on},
        )
    return problem


def problem_rate(
    *, actor: User, problem: Problem, satisfaction: str, rated_on: date | None = None
) -> Problem:
    """Only the enterprise's own account rates the reply."""
    if problem.enterprise.applicant.account_id != actor.pk:
        raise NotPermitted(_("Only the enterprise that reported the problem may rate the reply."))
    if satisfaction not in Satisfaction.values:
        raise InvalidInput(
            _("Choose satisfied, basically satisfied or dissatisfied."), field="satisfaction"
        )
    with transaction.atomic():
        problem.status = advance(problem, Action.RATE)
        problem.satisfaction = satisfaction
        problem.rated_on = rated_on or timezone.localdate()
        problem.save(update_fields=["status", "satisfaction", "rated_on"])
        audit(
            actor=actor,
            action="enterprise_problem.rate",
            obj=problem,
            detail={"satisfaction": satisfaction},
        )
    return problem


def visit_record(
    *,
    actor: User,
    kind: str,
    held_on: date,
    unit: Organization,
    enterprises: list[Enterprise],
    topic: str,
    problems_raised: int = 0,
) -> Visit:
    require(actor, Perm.SUPERVISION_ACT, unit)
    topic = text_required(topic, field="topic", max_length=200)
    if not enterprises:
        raise InvalidInput(_("Name at least one enterprise."), field="enterprises")
    with transaction.atomic():
        visit = Visit.objects.create(
            kind=kind, held_on=held_on, unit=unit, topic=topic, problems_raised=problems_raised
        )
        visit.enterprises.set(enterprises)
        audit(actor=actor, action="enterprise.visit_record", obj=visit, detail={"kind": kind})
    return visit
