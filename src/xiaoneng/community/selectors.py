"""Reads of the community context, always scoped through core.access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.community.models import (
    AccountabilityRecord,
    AdmissionRequest,
    Approval,
    BurdenReport,
    CertificateOutcome,
    CertificateRequest,
    Deliberation,
    DeliberationSupport,
    Disclosure,
    DutyShift,
    Evaluation,
    ForumReply,
    ForumTopic,
    Hearing,
    HearingRegistration,
    Inspection,
    LedgerDemand,
    Meeting,
    RegisterCorrection,
    ResidentMembership,
    ResidentRequest,
    Sign,
    Task,
    TaskListVersion,
    Violation,
    ViolationRule,
    WorkRecordEntry,
)
from xiaoneng.community.services.common import civil_affairs_bureau_of, county_of, street_of
from xiaoneng.community.workflow import AccountabilityStatus, AdmissionStatus, MeetingStatus
from xiaoneng.core.access import organizations_visible, scope_filter, scope_roots, user_may
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Organization, OrganizationKind, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import Survey
from xiaoneng.evaluation.services.surveys import COMMUNITY_APPRAISAL_TEMPLATE

VIEW = Perm.COMMUNITY_VIEW


def _scope_q(user: User, *fields: str) -> Q | None:
    roots = scope_roots(user, VIEW)
    if not roots:
        return None
    condition = Q()
    for root in roots:
        for name in fields:
            condition |= Q(**{f"{name}__path__startswith": root.path})
    return condition


def _either(queryset: QuerySet, user: User, *fields: str) -> QuerySet:
    """Objects whose any of `fields` (organization lookups) lies in the user's view scope."""
    condition = _scope_q(user, *fields)
    if condition is None:
        return queryset.none()
    return queryset.filter(condition).distinct()


def communities_visible(*, user: User) -> QuerySet[Organization]:
    return organizations_visible(user, VIEW).filter(kind=OrganizationKind.COMMUNITY)


def streets_visible(*, user: User) -> QuerySet[Organization]:
    return organizations_visible(user, VIEW).filter(kind=OrganizationKind.STREET_OFFICE)


def community_get(*, user: User, pk: int) -> Organization:
    org = Organization.objects.filter(pk=pk, kind=OrganizationKind.COMMUNITY).first()
    if org is None or not user_may(user, VIEW, org):
        raise NotFound(_("No such community."))
    return org


def organization_for(*, user: User, pk: int | str | None, field: str) -> Organization:
    """An organization chosen in a form or API call (any kind; the service checks rights)."""
    org = None
    if pk is not None and str(pk).strip().isdigit():
        org = Organization.objects.filter(pk=int(str(pk))).first()
    if org is None:
        raise NotFound(_("No such organization."), field=field)
    return org


def task_list_current() -> TaskListVersion | None:
    return TaskListVersion.objects.filter(is_current=True).first()


@dataclass(frozen=True)
class CommunityTask:
    name: str
    legal_basis: str
    source: str  # "list" or "admission"
    until: date | None


def community_task_list(*, community: Organization, on: date) -> list[CommunityTask]:
    """The community's tasks on a day: the current list plus admitted tasks in force (rule 2)."""
    version = task_list_current()
    tasks = [
        CommunityTask(t.name, t.legal_basis, "list", None)
        for t in (Task.objects.filter(list_version=version) if version else [])
    ]
    admitted = AdmissionRequest.objects.filter(
        communities=community, status=AdmissionStatus.APPROVED, starts_on__lte=on, ends_on__gte=on
    )
    tasks += [CommunityTask(a.task_name, a.legal_basis, "admission", a.ends_on) for a in admitted]
    return tasks


def admission_list(*, user: User) -> QuerySet[AdmissionRequest]:
    condition = _scope_q(user, "street", "department", "communities") or Q(pk__in=[])
    # the district civil-affairs bureau sees the requests of its district's streets
    for bureau in scope_roots(user, Perm.COMMUNITY_APPROVE):
        if bureau.kind == OrganizationKind.CIVIL_AFFAIRS and bureau.parent is not None:
            condition |= Q(street__path__startswith=bureau.parent.path)
    return (
        AdmissionRequest.objects.filter(condition)
        .distinct()
        .select_related("department", "street")
        .prefetch_related("communities")
    )


def admission_get(*, user: User, pk: int) -> AdmissionRequest:
    request = admission_list(user=user).filter(pk=pk).first()
    if request is None:
        raise NotFound(_("No such admission request."))
    return request


def admission_awaiting(*, user: User) -> QuerySet[AdmissionRequest]:
    """Requests this user may decide now: the street's first step or the bureau's second."""
    ids = []
    for request in admission_list(user=user).filter(
        status__in=[AdmissionStatus.SUBMITTED, AdmissionStatus.STREET_APPROVED]
    ):
        target = (
            request.street
            if request.status == AdmissionStatus.SUBMITTED
            else civil_affairs_bureau_of(request.street)
        )
        if target is not None and user_may(user, Perm.COMMUNITY_APPROVE, target):
            ids.append(request.pk)
    return AdmissionRequest.objects.filter(pk__in=ids)


def burden_report_list(*, user: User) -> QuerySet[BurdenReport]:
    return _either(BurdenReport.objects.all(), user, "community", "department").select_related(
        "community", "department"
    )


def meeting_list(*, user: User) -> QuerySet[Meeting]:
    return (
        _either(Meeting.objects.all(), user, "organizer", "communities")
        .select_related("organizer", "street")
        .prefetch_related("communities")
    )


def meeting_get(*, user: User, pk: int) -> Meeting:
    meeting = meeting_list(user=user).filter(pk=pk).first()
    if meeting is None:
        raise NotFound(_("No such meeting."))
    return meeting


def meetings_awaiting_approval(*, user: User) -> QuerySet[Meeting]:
    return meeting_list(user=user).filter(
        status=MeetingStatus.AWAITING_APPROVAL, street=user.organization
    )


def inspection_list(*, user: User) -> QuerySet[Inspection]:
    return _either(Inspection.objects.all(), user, "inspector", "inspected").select_related(
        "inspector", "inspected"
    )


def evaluation_list(*, user: User) -> QuerySet[Evaluation]:
    return (
        scope_filter(Evaluation.objects.all(), user, VIEW, "community")
        .select_related("community", "evaluator")
        .prefetch_related("indicators")
    )


def evaluation_get(*, user: User, pk: int) -> Evaluation:
    evaluation = evaluation_list(user=user).filter(pk=pk).first()
    if evaluation is None:
        raise NotFound(_("No such evaluation."))
    return evaluation


def residents_appraisals(*, community: Organization) -> QuerySet[Survey]:
    """The residents' appraisals of a community's committee (民主评议, rule 8), whoever runs
    them: surveys of the community-appraisal template about this community."""
    return Survey.objects.filter(
        template=COMMUNITY_APPRAISAL_TEMPLATE, subject_unit=community
    ).order_by("-period_end", "-pk")


def residents_appraisals_by_community(*, community_ids: set[int]) -> dict[int, list[Survey]]:
    """`residents_appraisals` of many communities in one query (the evaluations page)."""
    rows: dict[int, list[Survey]] = {}
    surveys = Survey.objects.filter(
        template=COMMUNITY_APPRAISAL_TEMPLATE, subject_unit_id__in=community_ids
    ).order_by("-period_end", "-pk")
    for survey in surveys:
        rows.setdefault(survey.subject_unit_id, []).append(survey)  # type: ignore[arg-type]
    return rows


def certificate_list(
    *, user: User, query: str = "", outcome: str = "", year: int | None = None
) -> QuerySet[CertificateRequest]:
    """The seal register, searchable by number, resident, type or purpose."""
    qs = scope_filter(CertificateRequest.objects.all(), user, VIEW, "community")
    if query:
        qs = qs.filter(
            Q(number__icontains=query)
            | Q(resident_name__icontains=query)
            | Q(purpose__icontains=query)
            | Q(requested_type__icontains=query)
        )
    if outcome in CertificateOutcome.values:
        qs = qs.filter(outcome=outcome)
    if year:
        qs = qs.filter(requested_on__year=year)
    return qs.select_related("community", "handled_by")


def certificate_get(*, user: User, pk: int) -> CertificateRequest:
    certificate = certificate_list(user=user).filter(pk=pk).first()
    if certificate is None:
        raise NotFound(_("No such certificate."))
    return certificate


def certificate_check(*, number: str, code: str) -> CertificateRequest | None:
    """Public check: the issued certificate with this number and verification code, if any."""
    number, code = (number or "").strip().upper(), (code or "").strip().upper()
    if not number or not code:
        return None
    return (
        CertificateRequest.objects.filter(
            number=number, verification_code=code, outcome=CertificateOutcome.ISSUED
        )
        .select_related("community")
        .first()
    )


def sign_list(*, user: User) -> QuerySet[Sign]:
    return scope_filter(Sign.objects.all(), user, VIEW, "community").select_related("community")


def sign_get(*, user: User, pk: int) -> Sign:
    sign = sign_list(user=user).filter(pk=pk).first()
    if sign is None:
        raise NotFound(_("No such sign."))
    return sign


def record_list(
    *, user: User, year: int | None = None, community: Organization | None = None
) -> QuerySet[WorkRecordEntry]:
    """The work record book; by year it is the electronic archive."""
    qs = scope_filter(WorkRecordEntry.objects.all(), user, VIEW, "community")
    if year:
        qs = qs.filter(entry_on__year=year)
    if community is not None:
        qs = qs.filter(community=community)
    return qs.select_related("community", "author").prefetch_related("photos")


def archive_years(*, user: User) -> list[int]:
    dates = record_list(user=user).dates("entry_on", "year", order="DESC")
    return [d.year for d in dates]


def register_list(*, user: User, model: type[models.Model]) -> QuerySet:
    return scope_filter(model._default_manager.all(), user, VIEW, "community").select_related(
        "community"
    )


def violation_list(*, user: User) -> QuerySet[Violation]:
    return _either(Violation.objects.all(), user, "community", "street", "offender").select_related(
        "offender", "community", "street", "accountability"
    )


def violation_get(*, user: User, pk: int) -> Violation:
    violation = violation_list(user=user).filter(pk=pk).first()
    if violation is None:
        raise NotFound(_("No such violation."))
    return violation


def accountability_list(*, user: User) -> QuerySet[AccountabilityRecord]:
    ids = violation_list(user=user).values("pk")
    return AccountabilityRecord.objects.filter(violation__in=ids).select_related(
        "violation__offender", "violation__community"
    )


def accountability_get(*, user: User, pk: int) -> AccountabilityRecord:
    record = accountability_list(user=user).filter(pk=pk).first()
    if record is None:
        raise NotFound(_("No such accountability record."))
    return record


def summonable_communities(*, user: User) -> QuerySet[Organization]:
    """Communities the user's unit may summon or deal with: its street's (street office or
    department) or its district's (district units)."""
    from_unit = user.organization
    if from_unit is None:
        return Organization.objects.none()
    root = street_of(from_unit) or county_of(from_unit)
    if root is None:
        return communities_visible(user=user)
    return Organization.objects.filter(
        kind=OrganizationKind.COMMUNITY, path__startswith=root.path
    ).order_by("path")


def acting_units(*, user: User) -> QuerySet[Organization]:
    """Units the user records or approves for (their own unit and below)."""
    qs = Organization.objects.none()
    for perm in (Perm.COMMUNITY_RECORD, Perm.COMMUNITY_APPROVE):
        qs |= organizations_visible(user, perm)
    return qs.distinct().order_by("path")


def departments_near(*, user: User) -> QuerySet[Organization]:
    """Units that push tasks or inspect: the district's units and street offices, and the
    agencies of the city government above the district."""
    unit = user.organization
    county = county_of(unit) if unit is not None else None
    qs = Organization.objects.exclude(kind=OrganizationKind.COMMUNITY)
    if county is not None:
        condition = Q(path__startswith=county.path)
        if county.parent_id is not None:
            condition |= Q(parent_id=county.parent_id) & ~Q(kind=OrganizationKind.GOVERNMENT)
        qs = qs.filter(condition)
    return qs.order_by("path")


# Residents, the public page and the compliance figures ---------------------------------------


def public_community_get(*, pk: int) -> Organization:
    """A community for its public page (any active community; nothing private is shown)."""
    org = Organization.objects.filter(
        pk=pk, kind=OrganizationKind.COMMUNITY, is_active=True
    ).first()
    if org is None:
        raise NotFound(_("No such community."))
    return org


def public_communities() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=OrganizationKind.COMMUNITY, is_active=True).order_by(
        "path"
    )


@dataclass
class PublicPage:
    """居务公开: what a community shows the public (outcomes, affairs, duty rota, tasks)."""

    community: Organization
    disclosures: list[Disclosure]
    outcomes: list[Deliberation]
    open_deliberations: list[Deliberation]
    hearings: list[Hearing]
    topics: list[ForumTopic]
    duty: list[DutyShift]
    tasks: list[CommunityTask]


def community_public_page(*, community: Organization, on: date) -> PublicPage:
    deliberations = Deliberation.objects.filter(community=community)
    return PublicPage(
        community=community,
        disclosures=list(Disclosure.objects.filter(community=community, published_on__lte=on)[:50]),
        outcomes=list(deliberations.filter(is_outcome_published=True)[:20]),
        open_deliberations=list(
            deliberations.filter(is_outcome_published=False, held_on__gte=on)[:20]
        ),
        hearings=list(Hearing.objects.filter(community=community, held_on__gte=on)[:20]),
        topics=list(forum_public(community=community)[:30]),
        duty=list(
            DutyShift.objects.filter(community=community, duty_on__gte=on).order_by(
                "duty_on", "id"
            )[:14]
        ),
        tasks=community_task_list(community=community, on=on),
    )


def forum_public(*, community: Organization) -> QuerySet[ForumTopic]:
    """Topics residents see: not hidden, newest first."""
    return ForumTopic.objects.filter(community=community, is_hidden=False)


def forum_topic_public_get(*, community: Organization, pk: int) -> ForumTopic:
    topic = forum_public(community=community).filter(pk=pk).first()
    if topic is None:
        raise NotFound(_("No such topic."))
    return topic


def forum_topics_listed(*, community: Organization) -> QuerySet[ForumTopic]:
    """The forum's visible topics with the number of their visible replies (`reply_count`)."""
    return forum_public(community=community).annotate(
        reply_count=models.Count("replies", filter=Q(replies__is_hidden=False))
    )


def forum_topic_of(*, community: Organization, pk: int) -> ForumTopic:
    """A topic of the community's forum, hidden ones included (their page says so)."""
    topic = ForumTopic.objects.filter(community=community, pk=pk).first()
    if topic is None:
        raise NotFound(_("No such topic."))
    return topic


def forum_replies_public(*, topic: ForumTopic) -> QuerySet[ForumReply]:
    return topic.replies.filter(is_hidden=False)


def deliberation_public_get(*, community: Organization, pk: int) -> Deliberation:
    deliberation = Deliberation.objects.filter(community=community, pk=pk).first()
    if deliberation is None:
        raise NotFound(_("No such deliberation."))
    return deliberation


def hearing_public_get(*, community: Organization, pk: int) -> Hearing:
    hearing = Hearing.objects.filter(community=community, pk=pk).first()
    if hearing is None:
        raise NotFound(_("No such hearing."))
    return hearing


@dataclass(frozen=True)
class Participation:
    """What a portal account has joined in one community (to show "you support this")."""

    membership: ResidentMembership | None
    supported: frozenset[int]
    registered: frozenset[int]


def participation_of(*, account: User, community: Organization) -> Participation:
    membership = (
        ResidentMembership.objects.filter(account=account, community=community).first()
        if account.is_authenticated
        else None
    )
    if membership is None:
        return Participation(None, frozenset(), frozenset())
    return Participation(
        membership,
        frozenset(
            DeliberationSupport.objects.filter(membership=membership).values_list(
                "deliberation_id", flat=True
            )
        ),
        frozenset(
            HearingRegistration.objects.filter(membership=membership).values_list(
                "hearing_id", flat=True
            )
        ),
    )


def memberships_of(*, account: User) -> QuerySet[ResidentMembership]:
    return ResidentMembership.objects.filter(account=account).select_related("community")


def membership_list(*, user: User) -> QuerySet[ResidentMembership]:
    """Applications to be verified, for the community staff who may record there."""
    return scope_filter(
        ResidentMembership.objects.select_related("community", "account"),
        user,
        Perm.COMMUNITY_RECORD,
        "community",
    )


def membership_get(*, user: User, pk: int) -> ResidentMembership:
    membership = membership_list(user=user).filter(pk=pk).first()
    if membership is None:
        raise NotFound(_("No such application."))
    return membership


def register_entry_get(*, user: User, model: type[models.Model], pk: int) -> models.Model:
    entry = register_list(user=user, model=model).filter(pk=pk).first()
    if entry is None:
        raise NotFound(_("No such entry."))
    return entry


def correction_history(*, register: str, entry_id: int) -> QuerySet[RegisterCorrection]:
    return RegisterCorrection.objects.filter(register=register, entry_id=entry_id).select_related(
        "corrected_by"
    )


@dataclass
class ComplianceFigures:
    """Rule 10: the ten rules' compliance in a period, for the report and the cockpit."""

    start: date
    end: date
    violations: int
    violations_by_rule: dict[str, int]
    accountability_open: int
    accountability_closed: int
    ledgers_demanded: int
    ledgers_unapproved: int
    paper_ledgers_removed: int
    residents_requests: int
    residents_requests_answered: int
    requests_answer_rate: Decimal | None


def compliance_figures(
    *, user: User, start: date, end: date, unit: Organization | None = None
) -> ComplianceFigures:
    """Figures over [start, end] (dates of the violations, demands and requests) of what `user`
    may see, narrowed to the violations and communities under `unit` (its subtree) if given —
    the one read behind the compliance API, the situation report and the cockpit."""
    violations = violation_list(user=user).filter(occurred_on__range=(start, end))
    ledgers = register_list(user=user, model=LedgerDemand).filter(demanded_on__range=(start, end))
    requests = register_list(user=user, model=ResidentRequest).filter(raised_on__range=(start, end))
    if unit is not None:
        prefix = unit.path
        violations = violations.filter(
            pk__in=Violation.objects.filter(
                Q(community__path__startswith=prefix)
                | Q(street__path__startswith=prefix)
                | Q(offender__path__startswith=prefix)
            ).values("pk")
        )
        ledgers = ledgers.filter(community__path__startswith=prefix)
        requests = requests.filter(community__path__startswith=prefix)
    # grouped over the plain rows (the scoped queryset is DISTINCT, which would group by id)
    by_rule = {
        row["rule"]: row["n"]
        for row in Violation.objects.filter(pk__in=violations.values("pk"))
        .order_by()
        .values("rule")
        .annotate(n=models.Count("id"))
    }
    records = AccountabilityRecord.objects.filter(violation__in=violations.values("pk"))
    total_requests = requests.count()
    answered = requests.exclude(answered_on=None).count()
    return ComplianceFigures(
        start=start,
        end=end,
        violations=sum(by_rule.values()),
        violations_by_rule={rule: by_rule.get(rule, 0) for rule in ViolationRule.values},
        accountability_open=records.exclude(status=AccountabilityStatus.CLOSED).count(),
        accountability_closed=records.filter(status=AccountabilityStatus.CLOSED).count(),
        ledgers_demanded=ledgers.count(),
        ledgers_unapproved=ledgers.filter(approval=Approval.NOT_ASKED).count(),
        paper_ledgers_removed=ledgers.filter(is_paper_removed=True).count(),
        residents_requests=total_requests,
        residents_requests_answered=answered,
        requests_answer_rate=(
            # one decimal, half up, like every rate of the report and the cockpit
            (Decimal(answered * 100) / total_requests).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
            if total_requests
            else None
        ),
    )
