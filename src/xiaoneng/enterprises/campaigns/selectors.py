"""Reads of special campaigns, their findings and the figures for the page, the API, the report
and the cockpit (`campaign_figures`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import scope_filter, user_has_perm
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises.models import (
    Campaign,
    CampaignEnterprise,
    CampaignMeeting,
    CampaignTeam,
    Finding,
    FindingKind,
)
from xiaoneng.enterprises.workflow import FindingStatus
from xiaoneng.evaluation.models import SurveyInvitation

CENTS = Decimal("0.01")


def campaign_list(*, user: User) -> QuerySet[Campaign]:
    """Campaigns the user may read: supervision.view over the lead unit."""
    return scope_filter(
        Campaign.objects.select_related("lead_unit", "survey"),
        user,
        Perm.SUPERVISION_VIEW,
        "lead_unit",
    )


def campaign_get_for_user(*, user: User, pk: int) -> Campaign:
    campaign = campaign_list(user=user).filter(pk=pk).first()
    if campaign is None:
        raise NotFound(_("No such campaign."))
    return campaign


def finding_list(*, user: User) -> QuerySet[Finding]:
    """Findings the user may see: those of the campaigns they read (supervision.view), and a
    unit's own for its repliers (complaint.reply)."""
    queryset = Finding.objects.select_related("campaign", "enterprise", "unit")
    condition = Q(pk__in=[])
    if user_has_perm(user, Perm.SUPERVISION_VIEW):
        condition |= Q(campaign__in=campaign_list(user=user))
    if user_has_perm(user, Perm.COMPLAINT_REPLY):
        condition |= Q(
            pk__in=scope_filter(Finding.objects.all(), user, Perm.COMPLAINT_REPLY, "unit")
        )
    return queryset.filter(condition)


def finding_get_for_user(*, user: User, number: str) -> Finding:
    finding = finding_list(user=user).filter(number=number).first()
    if finding is None:
        raise NotFound(_("No such finding."))
    return finding


@dataclass(frozen=True)
class CampaignFigures:
    teams: int
    enterprises_investigated: int
    questionnaires_issued: int
    questionnaires_returned: int
    symposia: int  # symposia and special clean-up meetings (the seed counts them together)
    findings: int
    unreasonable_charges: int
    amount_charged: Decimal
    amount_refunded: Decimal
    rectified: int
    rectified_on_time: int
    overdue_open: int


FindingRow = tuple[date, str, date, str, date | None, Decimal, Decimal]


@dataclass(frozen=True)
class _Rows:
    teams: int
    investigated: list[date]
    copies: list[tuple[date, bool]]  # issued on, returned
    meetings: list[date]
    findings: list[FindingRow]  # found, kind, due, status, rectified, charged, refunded


def _read(chosen: QuerySet[Campaign], start: date | None, end: date | None) -> _Rows:
    def dated(queryset: QuerySet, field: str) -> QuerySet:  # type: ignore[type-arg]
        if start is not None:
            queryset = queryset.filter(**{f"{field}__gte": start})
        if end is not None:
            queryset = queryset.filter(**{f"{field}__lte": end})
        return queryset.order_by()

    copies = dated(
        SurveyInvitation.objects.filter(survey__in=chosen.exclude(survey=None).values("survey")),
        "issued_on",
    )
    return _Rows(
        teams=CampaignTeam.objects.filter(campaign__in=chosen).count(),
        investigated=list(
            dated(
                CampaignEnterprise.objects.filter(campaign__in=chosen), "investigated_on"
            ).values_list("investigated_on", flat=True)
        ),
        copies=[
            (issued, returned is not None)
            for issued, returned in copies.values_list("issued_on", "returned_at")
        ],
        meetings=list(
            dated(CampaignMeeting.objects.filter(campaign__in=chosen), "held_on").values_list(
                "held_on", flat=True
            )
        ),
        findings=list(
            dated(Finding.objects.filter(campaign__in=chosen), "found_on").values_list(
                "found_on",
                "kind",
                "due_on",
                "status",
                "rectified_on",
                "amount_charged",
                "amount_refunded",
            )
        ),
    )


def _figures_of(rows: _Rows, start: date | None, end: date | None, as_of: date) -> CampaignFigures:
    def within(day: date | None) -> bool:
        return day is not None and (start is None or day >= start) and (end is None or day <= end)

    findings = [r for r in rows.findings if within(r[0])]
    copies = [returned for issued, returned in rows.copies if within(issued)]
    rectified = [r for r in findings if r[3] == FindingStatus.RECTIFIED]
    return CampaignFigures(
        teams=rows.teams,
        enterprises_investigated=sum(1 for day in rows.investigated if within(day)),
        questionnaires_issued=len(copies),
        questionnaires_returned=sum(1 for returned in copies if returned),
        symposia=sum(1 for day in rows.meetings if within(day)),
        findings=len(findings),
        unreasonable_charges=sum(1 for r in findings if r[1] == FindingKind.UNREASONABLE_CHARGE),
        amount_charged=sum((r[5] for r in findings), Decimal(0)).quantize(CENTS),
        amount_refunded=sum((r[6] for r in findings), Decimal(0)).quantize(CENTS),
        rectified=len(rectified),
        rectified_on_time=sum(1 for r in rectified if r[4] is not None and r[4] <= r[2]),
        overdue_open=sum(1 for r in findings if r[3] == FindingStatus.FOUND and as_of > r[2]),
    )


def campaign_figures(
    *,
    campaigns: QuerySet[Campaign] | None = None,
    start: date | None = None,
    end: date | None = None,
    as_of: date,
) -> CampaignFigures:
    """Figures of `campaigns` (default: all), counted from their rows — teams, enterprises
    investigated, meetings, findings and the copies of each campaign's linked survey — dated
    from `start` to `end` when given; `overdue_open` counts findings not rectified by their due
    day as of `as_of`; amounts are the findings' sums in yuan to the fen. The seed's fee
    clean-up: 25 teams, 360 enterprises, 1,044 questionnaires issued and 896 returned, 43
    symposia and special meetings."""
    chosen = campaigns if campaigns is not None else Campaign.objects.all()
    return _figures_of(_read(chosen, start, end), start, end, as_of)


def campaign_figures_for(
    *, campaigns: QuerySet[Campaign], spans: list[tuple[date, date]]
) -> list[CampaignFigures]:
    """`campaign_figures(campaigns=campaigns, start=s, end=e, as_of=e)` for every span, from one
    read of each kind of row (the cockpit's periods)."""
    if not spans:
        return []
    rows = _read(campaigns, min(s for s, _e in spans), max(e for _s, e in spans))
    return [_figures_of(rows, s, e, e) for s, e in spans]
