"""Use cases of a special campaign (专项整治): create it and link its questionnaire survey, add
its teams, the enterprises investigated and its meetings, record findings, and the responsible
unit's rectification.

Permissions (ADR 0009): the efficiency office (supervision.act on the campaign's lead unit)
manages the campaign and records findings; the responsible unit (complaint.reply on that unit)
reports a finding's rectification. Every step is audited.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.identifiers import validate_credit_code
from xiaoneng.core.models import Organization, User
from xiaoneng.core.numbering import number_next
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises.checks import advance, require, text_required
from xiaoneng.enterprises.deadlines import rectification_due_on
from xiaoneng.enterprises.models import (
    Campaign,
    CampaignEnterprise,
    CampaignKind,
    CampaignMeeting,
    CampaignTeam,
    Finding,
    FindingKind,
    MeetingKind,
)
from xiaoneng.enterprises.workflow import FINDING_TRANSITIONS, FindingAction
from xiaoneng.evaluation.models import Survey


def _choice(value: str, choices: type, *, field: str) -> str:
    if value not in choices.values:  # type: ignore[attr-defined]
        raise InvalidInput(_("Select a valid choice."), field=field)
    return value


def _amount(value: Decimal, *, field: str) -> Decimal:
    if value < 0:
        raise InvalidInput(_("An amount cannot be negative."), field=field)
    return value


def _team(campaign: Campaign, team: CampaignTeam | None) -> CampaignTeam | None:
    if team is not None and team.campaign_id != campaign.pk:
        raise InvalidInput(_("The team belongs to another campaign."), field="team")
    return team


def campaign_create(
    *,
    actor: User,
    title: str,
    kind: str,
    lead_unit: Organization,
    started_on: date,
    ends_on: date | None = None,
    description: str = "",
    survey: Survey | None = None,
) -> Campaign:
    require(actor, Perm.SUPERVISION_ACT, lead_unit)
    title = text_required(title, field="title", max_length=200)
    kind = _choice(kind, CampaignKind, field="kind")
    if ends_on is not None and ends_on < started_on:
        raise InvalidInput(_("The end cannot be before the start."), field="ends_on")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=title,
            kind=kind,
            lead_unit=lead_unit,
            started_on=started_on,
            ends_on=ends_on,
            description=(description or "").strip()[:4000],
            survey=survey,
        )
        audit(actor=actor, action="campaign.create", obj=campaign, detail={"kind": kind})
    return campaign


def campaign_link_survey(*, actor: User, campaign: Campaign, survey: Survey | None) -> Campaign:
    """Link the questionnaire survey (evaluation's) whose copies the campaign counts, or unlink."""
    require(actor, Perm.SUPERVISION_ACT, campaign.lead_unit)
    with transaction.atomic():
        campaign.survey = survey
        campaign.save(update_fields=["survey"])
        audit(
            actor=actor,
            action="campaign.link_survey",
            obj=campaign,
            detail={"survey": survey.pk if survey else None},
        )
    return campaign


def campaign_team_add(
    *, actor: User, campaign: Campaign, name: str, leading_unit: Organization, members: str
) -> CampaignTeam:
    require(actor, Perm.SUPERVISION_ACT, campaign.lead_unit)
    name = text_required(name, field="name", max_length=100)
    members = text_required(members, field="members", max_length=2000)
    if campaign.teams.filter(name=name).exists():
        raise Conflict(_("The campaign already has a team of this name."), field="name")
    with transaction.atomic():
        team = CampaignTeam.objects.create(
            campaign=campaign, name=name, leading_unit=leading_unit, members=members
        )
        audit(actor=actor, action="campaign.team_add", obj=team)
    return team


def campaign_enterprise_add(
    *,
    actor: User,
    campaign: Campaign,
    name: str,
    investigated_on: date,
    credit_code: str = "",
    team: CampaignTeam | None = None,
) -> CampaignEnterprise:
    require(actor, Perm.SUPERVISION_ACT, campaign.lead_unit)
    name = text_required(name, field="name", max_length=200)
    code = validate_credit_code(credit_code).value if (credit_code or "").strip() else ""
    try:
        with transaction.atomic():
            enterprise = CampaignEnterprise.objects.create(
                campaign=campaign,
                team=_team(campaign, team),
                name=name,
                credit_code=code,
                investigated_on=investigated_on,
            )
            audit(actor=actor, action="campaign.enterprise_add", obj=enterprise)
    except IntegrityError as error:
        raise Conflict(_("This enterprise is already investigated."), field="name") from error
    return enterprise


def campaign_meeting_record(
    *,
    actor: User,
    campaign: Campaign,
    kind: str,
    held_on: date,
    topic: str,
    participants: int = 0,
    team: CampaignTeam | None = None,
) -> CampaignMeeting:
    require(actor, Perm.SUPERVISION_ACT, campaign.lead_unit)
    kind = _choice(kind, MeetingKind, field="kind")
    topic = text_required(topic, field="topic", max_length=200)
    if participants < 0:
        raise InvalidInput(
            _("Ensure this value is greater than or equal to 0."), field="participants"
        )
    with transaction.atomic():
        meeting = CampaignMeeting.objects.create(
            campaign=campaign,
            team=_team(campaign, team),
            kind=kind,
            held_on=held_on,
            topic=topic,
            participants=participants,
        )
        audit(actor=actor, action="campaign.meeting_record", obj=meeting, detail={"kind": kind})
    return meeting


def finding_record(
    *,
    actor: User,
    campaign: Campaign,
    kind: str,
    description: str,
    unit: Organization,
    found_on: date | None = None,
    amount_charged: Decimal = Decimal(0),
    enterprise: CampaignEnterprise | None = None,
) -> Finding:
    """A finding is rectified within 15 working days of the day it was found (deadlines.py)."""
    require(actor, Perm.SUPERVISION_ACT, campaign.lead_unit)
    kind = _choice(kind, FindingKind, field="kind")
    description = text_required(description, field="description", max_length=4000)
    amount_charged = _amount(amount_charged, field="amount_charged")
    if enterprise is not None and enterprise.campaign_id != campaign.pk:
        raise InvalidInput(
            _("The enterprise was not investigated by this campaign."), field="enterprise"
        )
    day = found_on or timezone.localdate()
    with transaction.atomic():
        finding = Finding.objects.create(
            number=number_next(key="campaign_finding", year=day.year, prefix="ZX", width=5),
            campaign=campaign,
            enterprise=enterprise,
            kind=kind,
            description=description,
            unit=unit,
            amount_charged=amount_charged,
            found_on=day,
            due_on=rectification_due_on(day),
        )
        audit(actor=actor, action="campaign.finding_record", obj=finding, detail={"kind": kind})
    return finding


def finding_rectify(
    *,
    actor: User,
    finding: Finding,
    rectification: str,
    amount_refunded: Decimal = Decimal(0),
    rectified_on: date | None = None,
) -> Finding:
    """The responsible unit reports what it rectified; an unreasonable charge is refunded at
    most in full (the refund cannot exceed the amount charged)."""
    require(actor, Perm.COMPLAINT_REPLY, finding.unit)
    rectification = text_required(rectification, field="rectification", max_length=4000)
    amount_refunded = _amount(amount_refunded, field="amount_refunded")
    if amount_refunded > finding.amount_charged:
        raise InvalidInput(
            _("The refund cannot exceed the amount charged (%(amount)s yuan).")
            % {"amount": finding.amount_charged},
            field="amount_refunded",
        )
    day = rectified_on or timezone.localdate()
    if day < finding.found_on:
        raise InvalidInput(_("Rectified before it was found?"), field="rectified_on")
    with transaction.atomic():
        finding.status = advance(finding, FindingAction.RECTIFY, FINDING_TRANSITIONS)
        finding.rectification = rectification
        finding.amount_refunded = amount_refunded
        finding.rectified_on = day
        finding.save(update_fields=["status", "rectification", "amount_refunded", "rectified_on"])
        audit(
            actor=actor,
            action="campaign.finding_rectify",
            obj=finding,
            detail={"on_time": day <= finding.due_on, "refunded": str(amount_refunded)},
        )
    return finding
