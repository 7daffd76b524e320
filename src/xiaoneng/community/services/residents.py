"""Residents on the portal (rule 8: 居民会议、议事协商、听证、网上论坛).

A portal account asks to be a resident of a community with its address; the community's staff
verify it. Only a verified resident of that community posts and replies in its forum, supports
its deliberations and registers for its hearings. Staff turn a topic into a deliberation and
publish its outcome on the community's public page; moderation stays with staff
(services.selfgov.forum_moderate).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.community.models import (
    Deliberation,
    DeliberationKind,
    DeliberationSupport,
    ForumTopic,
    Hearing,
    HearingRegistration,
    MembershipStatus,
    ResidentMembership,
)
from xiaoneng.community.services.common import clean_text, require, require_community
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import ApplicantKind, Organization, User, UserKind
from xiaoneng.core.roles import Perm


def resident_membership(*, account: User, community: Organization) -> ResidentMembership:
    """The account's verified membership of `community`, or NotPermitted."""
    membership = (
        ResidentMembership.objects.filter(
            account=account, community=community, status=MembershipStatus.VERIFIED
        ).first()
        if account.is_authenticated
        else None
    )
    if membership is None:
        raise NotPermitted(
            _("Only verified residents of %(community)s may do this.") % {"community": community}
        )
    return membership


def membership_apply(
    *, actor: User, community: Organization, address: str, display_name: str
) -> ResidentMembership:
    """A portal account asks to be verified as a resident of a community."""
    require_community(community)
    if actor.kind != UserKind.APPLICANT:
        raise NotPermitted(_("Residents apply with their portal account."))
    applicant = getattr(actor, "applicant", None)
    if applicant is not None and applicant.kind != ApplicantKind.NATURAL_PERSON:
        # rule 8: the committee is the residents' self-government; an enterprise is no resident
        raise NotPermitted(_("Only natural persons can be residents of a community."))
    address = clean_text(address, field="address", max_length=200)
    display_name = clean_text(display_name, field="display_name", max_length=60)
    with transaction.atomic():
        if ResidentMembership.objects.filter(account=actor, community=community).exists():
            raise Conflict(_("You have already applied for this community."), field="community")
        membership = ResidentMembership.objects.create(
            account=actor, community=community, address=address, display_name=display_name
        )
        audit(actor=actor, action="community.membership.apply", obj=membership)
    return membership


def membership_decide(
    *, actor: User, membership: ResidentMembership, verified: bool, reason: str = ""
) -> ResidentMembership:
    """Community staff verify the address (or refuse, with a reason)."""
    require(actor, (Perm.COMMUNITY_RECORD,), membership.community)
    if membership.status != MembershipStatus.PENDING:
        raise Conflict(_("This application has already been decided."), field="status")
    if not verified:
        reason = clean_text(reason, field="reason", max_length=200)
    with transaction.atomic():
        membership.status = MembershipStatus.VERIFIED if verified else MembershipStatus.REFUSED
        membership.refusal_reason = "" if verified else reason
        membership.decided_by = actor
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at"])
        audit(
            actor=actor,
            action="community.membership.decide",
            obj=membership,
            detail={"verified": verified},
        )
    return membership


def forum_topic_post(*, actor: User, community: Organization, title: str, body: str) -> ForumTopic:
    """A verified resident opens a topic in the community's forum (议事)."""
    membership = resident_membership(account=actor, community=community)
    with transaction.atomic():
        topic = ForumTopic.objects.create(
            community=community,
            title=clean_text(title, field="title", max_length=200),
            body=clean_text(body, field="body", max_length=5000),
            author_name=membership.display_name,
            is_by_resident=True,
            recorded_by=actor,
        )
        audit(actor=actor, action="community.forum.post", obj=topic)
    return topic


def deliberation_support(*, actor: User, deliberation: Deliberation) -> DeliberationSupport:
    """A verified resident supports (joins) a deliberation of their community, once."""
    membership = resident_membership(account=actor, community=deliberation.community)
    if deliberation.is_outcome_published:
        raise Conflict(_("This deliberation has concluded."), field="deliberation")
    try:
        with transaction.atomic():
            support = DeliberationSupport.objects.create(
                deliberation=deliberation, membership=membership
            )
            audit(actor=actor, action="community.deliberation.support", obj=deliberation)
    except IntegrityError as error:
        raise Conflict(_("You already support this."), field="deliberation") from error
    return support


def hearing_register(*, actor: User, hearing: Hearing) -> HearingRegistration:
    """A verified resident registers to attend a hearing of their community, once."""
    membership = resident_membership(account=actor, community=hearing.community)
    try:
        with transaction.atomic():
            registration = HearingRegistration.objects.create(
                hearing=hearing, membership=membership
            )
            audit(actor=actor, action="community.hearing.register", obj=hearing)
    except IntegrityError as error:
        raise Conflict(_("You are already registered."), field="hearing") from error
    return registration


def forum_topic_to_deliberation(
    *, actor: User, topic: ForumTopic, held_on: date, participants: str = ""
) -> Deliberation:
    """Community staff take a forum topic up as a deliberation (议事协商)."""
    require(actor, (Perm.COMMUNITY_RECORD,), topic.community)
    if topic.is_hidden:
        raise InvalidInput(_("This topic has been hidden by a moderator."), field="topic")
    if topic.deliberations.exists():
        raise Conflict(_("This topic is already being deliberated."), field="topic")
    with transaction.atomic():
        deliberation = Deliberation.objects.create(
            community=topic.community,
            recorded_by=actor,
            kind=DeliberationKind.DELIBERATION,
            held_on=held_on,
            topic=topic.title,
            participants=participants.strip() or _("Residents who joined online"),
            source_topic=topic,
        )
        audit(actor=actor, action="community.deliberation.from_topic", obj=deliberation)
    return deliberation


def deliberation_outcome_publish(
    *, actor: User, deliberation: Deliberation, decision: str
) -> Deliberation:
    """Staff publish the outcome; it appears on the community's public page."""
    require(actor, (Perm.COMMUNITY_RECORD,), deliberation.community)
    decision = clean_text(decision, field="decision", max_length=5000)
    with transaction.atomic():
        deliberation.decision = decision
        deliberation.is_outcome_published = True
        deliberation.save(update_fields=["decision", "is_outcome_published"])
        audit(actor=actor, action="community.deliberation.publish", obj=deliberation)
    return deliberation
