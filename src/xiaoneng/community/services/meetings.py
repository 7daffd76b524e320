"""Meetings community staff are called to (rule 5, 压缩各类参会).

区级组织的会议每年不得超过2次，街道组织的会议每月不得超过4次；街道每周只召开一次由社区主要
负责人参加的工作例会；街道各职能部门召开由社区工作人员参加的会议，必须经街道主要领导批准.

Quotas count per summoned community: a community's staff may be called to at most
`district_meetings_per_year` district-level meetings in a calendar year and
`street_meetings_per_month` street meetings (the street office's and its departments') in a
calendar month; the weekly routine meeting of community heads is counted apart, once per ISO
week. Registering past a quota raises `QuotaWarning` unless the organizer confirms; a meeting
registered over quota becomes a violation once it is held.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.community.models import Meeting, OrganizerLevel, ViolationRule
from xiaoneng.community.rules import quotas
from xiaoneng.community.services.common import (
    clean_text,
    county_of,
    require,
    require_community,
    street_of,
)
from xiaoneng.community.services.compliance import violation_record
from xiaoneng.community.workflow import (
    COUNTED_MEETING_STATUSES,
    MEETING_TRANSITIONS,
    MeetingStatus,
    check_transition,
)
from xiaoneng.core.access import role_covers, user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Level, Organization, OrganizationKind, User
from xiaoneng.core.roles import Perm, Role


class QuotaWarning(Conflict):
    """The meeting would exceed a quota of rule 5; repeat with `confirm_over_quota=True`."""

    code = "quota_warning"

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons), field="confirm_over_quota")
        self.reasons = reasons


def organizer_level_of(organizer: Organization) -> str:
    """District (a county government or one of its departments), street office, or a street
    department; nothing else summons community staff under rule 5."""
    if organizer.kind == OrganizationKind.STREET_OFFICE:
        return OrganizerLevel.STREET_OFFICE
    if organizer.kind == OrganizationKind.STREET_DEPARTMENT:
        return OrganizerLevel.STREET_DEPARTMENT
    if organizer.level == Level.COUNTY and organizer.kind != OrganizationKind.COMMUNITY:
        return OrganizerLevel.DISTRICT
    raise InvalidInput(
        _("The organizer must be a district unit, a street office or a street department."),
        field="organizer",
    )


def _month(day: date) -> tuple[date, date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _week(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def quota_excess(
    *,
    level: str,
    held_on: date,
    communities: list[Organization],
    street: Organization | None,
    is_routine: bool,
    exclude_pk: int | None = None,
) -> list[str]:
    """Reasons why one more meeting would exceed a quota (empty when it fits)."""
    limits = quotas()
    counted = Meeting.objects.filter(status__in=COUNTED_MEETING_STATUSES)
    if exclude_pk:
        counted = counted.exclude(pk=exclude_pk)
    reasons: list[str] = []
    if is_routine:
        start, end = _week(held_on)
        existing = counted.filter(
            street=street, is_routine=True, held_on__range=(start, end)
        ).count()
        if existing >= limits.routine_meetings_per_week:
            reasons.append(
                _(
                    "%(street)s already holds %(n)s routine meeting(s) of community "
                    "heads in the week of %(day)s (limit %(limit)s)."
                )
                % {
                    "street": street,
                    "n": existing,
                    "day": start,
                    "limit": limits.routine_meetings_per_week,
                }
            )
        return reasons
    if level == OrganizerLevel.DISTRICT:
        start, end = date(held_on.year, 1, 1), date(held_on.year, 12, 31)
        levels, limit = [OrganizerLevel.DISTRICT], limits.district_meetings_per_year
        message = _(
            "%(community)s has already been called to %(n)s district-level meetings "
            "in %(period)s (limit %(limit)s a year)."
        )
        period = str(held_on.year)
    else:
        start, end = _month(held_on)
        levels = [OrganizerLevel.STREET_OFFICE, OrganizerLevel.STREET_DEPARTMENT]
        limit = limits.street_meetings_per_month
        message = _(
            "%(community)s has already been called to %(n)s street meetings in "
            "%(period)s (limit %(limit)s a month)."
        )
        period = f"{held_on:%Y-%m}"
    in_period = counted.filter(
        organizer_level__in=levels, is_routine=False, held_on__range=(start, end)
    )
    for community in communities:
        existing = in_period.filter(communities=community).count()
        if existing >= limit:
            reasons.append(
                message % {"community": community, "n": existing, "period": period, "limit": limit}
            )
    return reasons


def _check_communities(
    organizer: Organization, level: str, communities: list[Organization]
) -> Organization | None:
    if not communities:
        raise InvalidInput(_("Choose the communities summoned."), field="communities")
    if level == OrganizerLevel.DISTRICT:
        county = county_of(organizer)
        for community in communities:
            require_community(community, field="communities")
            if county is None or not community.path.startswith(county.path):
                raise InvalidInput(
                    _("%(community)s is not in this district.") % {"community": community},
                    field="communities",
                )
        return None
    street = street_of(organizer)
    for community in communities:
        require_community(community, field="communities")
        if street is None or community.parent_id != street.pk:
            raise InvalidInput(
                _("%(community)s is not in this street.") % {"community": community},
                field="communities",
            )
    return street


def meeting_register(
    *,
    actor: User,
    organizer: Organization,
    held_on: date,
    topic: str,
    communities: list[Organization],
    is_routine: bool = False,
    confirm_over_quota: bool = False,
) -> Meeting:
    """Register a meeting that summons community staff.

    A street department's meeting is saved awaiting the street head's approval; other
    meetings are registered at once. Over a quota, `QuotaWarning` is raised and nothing is
    saved unless `confirm_over_quota` is true; the meeting is then marked over quota.
    """
    require(actor, (Perm.COMMUNITY_RECORD, Perm.COMMUNITY_APPROVE), organizer)
    level = organizer_level_of(organizer)
    topic = clean_text(topic, field="topic", max_length=200)
    if held_on is None:
        raise InvalidInput(_("Enter the date."), field="held_on")
    if is_routine and level != OrganizerLevel.STREET_OFFICE:
        raise InvalidInput(
            _("Only the street office holds the weekly routine meeting."), field="is_routine"
        )
    street = _check_communities(organizer, level, communities)
    with transaction.atomic():
        reasons = quota_excess(
            level=level,
            held_on=held_on,
            communities=communities,
            street=street,
            is_routine=is_routine,
        )
        if reasons and not confirm_over_quota:
            raise QuotaWarning(reasons)
        status = (
            MeetingStatus.AWAITING_APPROVAL
            if level == OrganizerLevel.STREET_DEPARTMENT
            else MeetingStatus.REGISTERED
        )
        meeting = Meeting.objects.create(
            organizer=organizer,
            organizer_level=level,
            street=street,
            held_on=held_on,
            topic=topic,
            is_routine=is_routine,
            status=status,
            is_over_quota=bool(reasons),
            over_quota_reason=" ".join(reasons),
            registered_by=actor,
        )
        meeting.communities.set(communities)
        audit(
            actor=actor,
            action="community.meeting.register",
            obj=meeting,
            detail={"level": level, "over_quota": bool(reasons)},
        )
    return meeting


def meeting_approve(
    *,
    actor: User,
    meeting: Meeting,
    approve: bool,
    reason: str = "",
    confirm_over_quota: bool = False,
    today: date | None = None,
) -> Meeting:
    """The street head approves (or not) a street department's meeting (rule 5: 必须经街道
    主要领导批准). The quota is checked again at approval."""
    street = meeting.street
    if (
        street is None
        or not role_covers(actor, Role.DEPARTMENT_HEAD, street)
        or actor.organization_id != street.pk
    ):
        raise NotPermitted(_("Only the head of the street office approves department meetings."))
    target = MeetingStatus.REGISTERED if approve else MeetingStatus.REJECTED
    check_transition(MEETING_TRANSITIONS, meeting.status, target)
    if not approve:
        reason = clean_text(reason, field="reason")
    with transaction.atomic():
        if approve:
            reasons = quota_excess(
                level=meeting.organizer_level,
                held_on=meeting.held_on,
                communities=list(meeting.communities.all()),
                street=street,
                is_routine=meeting.is_routine,
                exclude_pk=meeting.pk,
            )
            if reasons and not confirm_over_quota:
                raise QuotaWarning(reasons)
            meeting.is_over_quota = bool(reasons)
            meeting.over_quota_reason = " ".join(reasons)
        meeting.status = target
        meeting.approved_by = actor
        meeting.approved_on = today or timezone.localdate()
        meeting.rejection_reason = reason.strip()
        meeting.save()
        audit(
            actor=actor,
            action="community.meeting.approve",
            obj=meeting,
            detail={"approved": approve},
        )
    return meeting


def meeting_hold(*, actor: User, meeting: Meeting, today: date | None = None) -> Meeting:
    """Record that the meeting took place (not before its date). Held over quota → one
    violation per summoned community, against the organizer (rule 5, rule 10)."""
    if not (
        any(
            user_may(actor, perm, meeting.organizer)
            for perm in (Perm.COMMUNITY_RECORD, Perm.COMMUNITY_APPROVE)
        )
        or any(user_may(actor, Perm.COMMUNITY_RECORD, c) for c in meeting.communities.all())
    ):
        raise NotPermitted(_("You may not record this meeting."))
    check_transition(MEETING_TRANSITIONS, meeting.status, MeetingStatus.HELD)
    if meeting.held_on > (today or timezone.localdate()):
        raise Conflict(
            _("A meeting cannot be recorded as held before its date (%(day)s).")
            % {"day": meeting.held_on},
            field="held_on",
        )
    with transaction.atomic():
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
        audit(actor=actor, action="community.meeting.hold", obj=meeting)
        if meeting.is_over_quota:
            for community in meeting.communities.all():
                violation_record(
                    rule=ViolationRule.MEETING_OVER_QUOTA,
                    offender=meeting.organizer,
                    community=community,
                    occurred_on=meeting.held_on,
                    description=f"{meeting.topic}: {meeting.over_quota_reason}",
                    source=meeting,
                )
    return meeting


def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    require(actor, (Perm.COMMUNITY_RECORD, Perm.COMMUNITY_APPROVE), meeting.organizer)
    check_transition(MEETING_TRANSITIONS, meeting.status, MeetingStatus.CANCELLED)
    with transaction.atomic():
        meeting.status = MeetingStatus.CANCELLED
        meeting.save(update_fields=["status"])
        audit(actor=actor, action="community.meeting.cancel", obj=meeting)
    return meeting
