"""Use cases of efficiency monitors and media reports: appoint a monitor for a term; a monitor
submits an observation (on the portal with their own account, or the office enters it); a media
report is recorded and may raise an observation; the office accepts or declines it, forwards it to
the responsible unit with the reply deadline, the unit replies, the office closes it.

An observation is handled like a complaint transferred to a unit, with the enterprise problem's
rules: reply within 10 working days of the day it is forwarded (`deadlines.reply_due_on`) and the
same light (`deadlines.light`). Permissions (ADR 0009): the office (supervision.act on its own
organization) appoints, enters, accepts, forwards and closes; the responsible unit
(complaint.reply on that unit) replies; only a monitor serving their term submits with their own
account — after the term ends nobody may submit in their name. Every step is audited.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Applicant, ApplicantKind, Organization, User
from xiaoneng.core.numbering import number_next
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises.checks import advance, require, text_required
from xiaoneng.enterprises.deadlines import reply_due_on
from xiaoneng.enterprises.models import MediaReport, Monitor, Observation, ObservationSource
from xiaoneng.enterprises.workflow import (
    OBSERVATION_TRANSITIONS,
    ObservationAction,
    ObservationStatus,
)


def _number(day: date) -> str:
    return number_next(key="observation", year=day.year, prefix="JD", width=5)


def _move(observation: Observation, action: str) -> str:
    return advance(observation, action, OBSERVATION_TRANSITIONS)


def monitor_appoint(
    *,
    actor: User,
    applicant: Applicant,
    office: Organization,
    appointed_on: date,
    term_ends_on: date,
    affiliation: str = "",
) -> Monitor:
    require(actor, Perm.SUPERVISION_ACT, office)
    if applicant.kind != ApplicantKind.NATURAL_PERSON:
        raise InvalidInput(
            _("An efficiency monitor is a citizen (natural person)."), field="applicant"
        )
    if term_ends_on <= appointed_on:
        raise InvalidInput(_("The term must end after the appointment."), field="term_ends_on")
    if Monitor.objects.filter(applicant=applicant).exists():
        raise Conflict(_("This citizen is already an efficiency monitor."), field="applicant")
    with transaction.atomic():
        monitor = Monitor.objects.create(
            applicant=applicant,
            office=office,
            appointed_on=appointed_on,
            term_ends_on=term_ends_on,
            affiliation=(affiliation or "").strip()[:100],
        )
        audit(
            actor=actor,
            action="monitor.appoint",
            obj=monitor,
            detail={"term_ends_on": term_ends_on.isoformat()},
        )
    return monitor


def observation_submit(
    *,
    actor: User,
    monitor: Monitor,
    title: str,
    description: str,
    submitted_on: date | None = None,
) -> Observation:
    """The monitor's own account submits on the portal; otherwise the office enters it. Either
    way only while the term runs (appointed on ≤ day ≤ term ends on)."""
    is_own = monitor.applicant.account_id is not None and monitor.applicant.account_id == actor.pk
    if not is_own:
        require(actor, Perm.SUPERVISION_ACT, monitor.office)
    day = submitted_on or timezone.localdate()
    if not monitor.is_serving_on(day):
        raise NotPermitted(
            _("The term of this efficiency monitor ran from %(start)s to %(end)s.")
            % {"start": monitor.appointed_on.isoformat(), "end": monitor.term_ends_on.isoformat()}
        )
    title = text_required(title, field="title", max_length=200)
    description = text_required(description, field="description", max_length=4000)
    with transaction.atomic():
        observation = Observation.objects.create(
            number=_number(day),
            office=monitor.office,
            source=ObservationSource.MONITOR,
            monitor=monitor,
            title=title,
            description=description,
            submitted_on=day,
            is_submitted_online=is_own,
        )
        audit(actor=actor, action="observation.submit", obj=observation)
    return observation


def media_report_record(
    *,
    actor: User,
    office: Organization,
    outlet: str,
    published_on: date,
    title: str,
    issue: str,
    link: str = "",
) -> MediaReport:
    require(actor, Perm.SUPERVISION_ACT, office)
    outlet = text_required(outlet, field="outlet", max_length=100)
    title = text_required(title, field="title", max_length=200)
    issue = text_required(issue, field="issue", max_length=4000)
    link = (link or "").strip()
    if link and not link.startswith(("http://", "https://")):
        raise InvalidInput(_("Enter a link starting with http:// or https://."), field="link")
    with transaction.atomic():
        report = MediaReport.objects.create(
            office=office,
            outlet=outlet,
            published_on=published_on,
            title=title,
            link=link[:500],
            issue=issue,
        )
        audit(actor=actor, action="media_report.record", obj=report)
    return report


def media_report_follow_up(
    *, actor: User, report: MediaReport, followed_up_on: date | None = None
) -> Observation:
    """The office takes the report's issue up: an observation already accepted, to forward."""
    require(actor, Perm.SUPERVISION_ACT, report.office)
    if Observation.objects.filter(media_report=report).exists():
        raise Conflict(_("This media report is already followed up."), field="report")
    day = followed_up_on or timezone.localdate()
    with transaction.atomic():
        observation = Observation.objects.create(
            number=_number(day),
            office=report.office,
            source=ObservationSource.MEDIA,
            media_report=report,
            title=report.title,
            description=report.issue,
            submitted_on=day,
            status=ObservationStatus.ACCEPTED,
        )
        audit(
            actor=actor,
            action="media_report.follow_up",
            obj=observation,
            detail={"media_report": report.pk},
        )
    return observation


def observation_accept(*, actor: User, observation: Observation) -> Observation:
    require(actor, Perm.SUPERVISION_ACT, observation.office)
    with transaction.atomic():
        observation.status = _move(observation, ObservationAction.ACCEPT)
        observation.save(update_fields=["status"])
        audit(actor=actor, action="observation.accept", obj=observation)
    return observation


def observation_decline(*, actor: User, observation: Observation, reason: str) -> Observation:
    """Declined (outside efficiency supervision) with a written reason, like a complaint."""
    require(actor, Perm.SUPERVISION_ACT, observation.office)
    reason = text_required(reason, field="reason", max_length=4000)
    with transaction.atomic():
        observation.status = _move(observation, ObservationAction.DECLINE)
        observation.decline_reason = reason
        observation.closed_on = timezone.localdate()
        observation.save(update_fields=["status", "decline_reason", "closed_on"])
        audit(actor=actor, action="observation.decline", obj=observation)
    return observation


def observation_forward(
    *,
    actor: User,
    observation: Observation,
    unit: Organization,
    forwarded_on: date | None = None,
) -> Observation:
    """Forwarded to the responsible unit, which replies within 10 working days (reply_due_on)."""
    require(actor, Perm.SUPERVISION_ACT, observation.office)
    day = forwarded_on or timezone.localdate()
    if day < observation.submitted_on:
        raise InvalidInput(_("Forwarded before it was submitted?"), field="forwarded_on")
    with transaction.atomic():
        observation.status = _move(observation, ObservationAction.FORWARD)
        observation.unit = unit
        observation.forwarded_on = day
        observation.due_on = reply_due_on(day)
        observation.save(update_fields=["status", "unit", "forwarded_on", "due_on"])
        audit(
            actor=actor,
            action="observation.forward",
            obj=observation,
            detail={"unit": unit.pk, "due_on": observation.due_on.isoformat()},
        )
    return observation


def observation_reply(
    *, actor: User, observation: Observation, reply: str, replied_on: date | None = None
) -> Observation:
    if observation.unit is None:
        raise Conflict(_("Not forwarded to a unit yet."), field="status")
    require(actor, Perm.COMPLAINT_REPLY, observation.unit)
    reply = text_required(reply, field="reply", max_length=4000)
    with transaction.atomic():
        observation.status = _move(observation, ObservationAction.REPLY)
        observation.reply = reply
        observation.replied_on = replied_on or timezone.localdate()
        observation.save(update_fields=["status", "reply", "replied_on"])
        audit(
            actor=actor,
            action="observation.reply",
            obj=observation,
            detail={
                "on_time": observation.due_on is None
                or observation.replied_on <= observation.due_on
            },
        )
    return observation


def observation_close(
    *, actor: User, observation: Observation, closed_on: date | None = None
) -> Observation:
    require(actor, Perm.SUPERVISION_ACT, observation.office)
    with transaction.atomic():
        observation.status = _move(observation, ObservationAction.CLOSE)
        observation.closed_on = closed_on or timezone.localdate()
        observation.save(update_fields=["status", "closed_on"])
        audit(actor=actor, action="observation.close", obj=observation)
    return observation
