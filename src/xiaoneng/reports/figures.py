"""The figures of the situation report (情况汇报), for a period, from the contexts' own selectors.

Nothing is counted here: each figure is the value the owning context's selector gives for the
period — the same selectors behind the supervision dashboard and the cockpit
(supervision.figures.period_figures and compression, complaints.selectors.stats.complaint_figures,
complaints.selectors.rating_list_for_user, evaluation.selectors.tasks (supervision tasks,
inspection visits and findings), evaluation.selectors.rotation, evaluation.selectors.surveys,
community.selectors (violations, compliance_figures), disclosure.publicity.selectors (articles the
media published and the work bulletins issued), enterprises.selectors.enterprise_figures
(monitored enterprises' problems), projects.selectors.project_figures (joint review meetings on
projects), enterprises.campaigns.selectors.campaign_figures (special campaigns),
evaluation.selectors.filings.units_missing_on (units missing an accepted rule as of `as_of`) and
enterprises.monitors.selectors.monitor_figures (efficiency monitors and media reports).

With a unit, every figure that belongs to a unit is narrowed to that unit and the units under it
(`_under`): cases and items by the implementing agency, complaints by the unit complained about,
ratings by the department rated, articles by the unit reported on, bulletins by the issuing
unit, supervision tasks by the lead or a responsible unit,
violations by the offender, street or community, visits by a unit visited, staff found by their
unit, rotations by the unit left, surveys by the unit surveyed, enterprise problems and visits by the
responsible unit, projects by the lead unit, campaigns by the lead unit or a team's leading unit,
filing units by themselves, observations by the office or the unit they were forwarded to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.db import models
from django.db.models import Count, Q, QuerySet

from xiaoneng.community.selectors import compliance_figures, violation_list
from xiaoneng.complaints.selectors import complaint_list_for_user, rating_list_for_user
from xiaoneng.complaints.selectors.stats import complaint_figures, rate
from xiaoneng.core.models import Organization, Rank, User
from xiaoneng.disclosure.publicity.selectors import bulletin_count, media_item_count
from xiaoneng.enterprises.campaigns.selectors import campaign_figures, campaign_list
from xiaoneng.enterprises.monitors.selectors import monitor_figures
from xiaoneng.enterprises.selectors import enterprise_figures
from xiaoneng.evaluation.models import Handling, RespondentKind, SurveyInvitation
from xiaoneng.evaluation.selectors.filings import filing_units, units_missing_on
from xiaoneng.evaluation.selectors.rotation import rotation_list
from xiaoneng.evaluation.selectors.surveys import survey_list
from xiaoneng.evaluation.selectors.tasks import findings_list, task_list, tasks_overdue, visit_list
from xiaoneng.projects.selectors import project_figures
from xiaoneng.supervision.figures import compression, period_figures


@dataclass(frozen=True)
class SituationFigures:
    start: date
    end: date
    as_of: date
    unit: str
    items: int
    compression_rate: Decimal | None
    items_cut_by_two_thirds: int
    cases_closed: int
    case_on_time_rate: Decimal | None
    case_early_rate: Decimal | None
    cases_open_overdue: int
    average_workdays_used: Decimal | None
    refusal_filings: int
    breaches: int
    warnings_issued: int
    warnings_by_unit: list[tuple[str, int]] = field(default_factory=list)
    complaints_received: int = 0
    complaints_due: int = 0
    complaints_closed: int = 0
    complaint_closure_rate: Decimal | None = None
    ratings_received: int = 0
    rating_satisfaction_rate: Decimal | None = None
    tasks_created: int = 0
    tasks_overdue: int = 0
    community_violations: int = 0
    community_accountability_open: int = 0
    community_accountability_closed: int = 0
    community_ledgers_unapproved: int = 0
    community_paper_ledgers_removed: int = 0
    community_requests: int = 0
    community_requests_answer_rate: Decimal | None = None
    inspection_visits: int = 0
    inspection_staff_found: int = 0
    inspection_warnings: int = 0
    rotations: int = 0
    rotations_section_level: int = 0
    rotations_ordinary: int = 0
    rotation_units: int = 0
    surveys: int = 0
    survey_enterprises: int = 0
    questionnaires_issued: int = 0
    questionnaires_returned: int = 0
    media_items: int = 0
    bulletins_issued: int = 0
    enterprise_problems: int = 0
    enterprise_problems_replied: int = 0
    enterprise_problems_replied_on_time: int = 0
    enterprise_problems_overdue: int = 0
    enterprise_problems_on_time_rate: Decimal | None = None
    enterprise_satisfaction_rate: Decimal | None = None
    enterprise_visits: int = 0
    enterprise_symposia: int = 0
    project_meetings: int = 0
    projects_helped: int = 0
    project_problems_solved: int = 0
    project_disputes_resolved: int = 0
    campaign_enterprises_investigated: int = 0
    campaign_findings: int = 0
    campaign_findings_rectified: int = 0
    campaign_amount_refunded: Decimal = Decimal("0.00")
    rule_filing_units: int = 0
    rule_filing_units_missing: int = 0
    monitors_serving: int = 0
    monitor_observations: int = 0
    observations_from_media: int = 0
    observations_forwarded: int = 0
    observations_replied_on_time: int = 0

    def as_context(self) -> dict[str, object]:
        """Template variables: numbers as the report prints them ("—" when undefined)."""
        values: dict[str, object] = {}
        for name, value in self.__dict__.items():
            if isinstance(value, date):
                values[name] = f"{value.year}年{value.month}月{value.day}日"
            elif value is None:
                values[name] = "—"
            else:
                values[name] = value
        values["warnings_by_unit"] = [
            {"unit": unit, "count": count} for unit, count in self.warnings_by_unit
        ]
        return values


M = TypeVar("M", bound=models.Model)


def _under(queryset: QuerySet[M], organization: Organization | None, *fields: str) -> QuerySet[M]:
    """Rows whose unit in any of `fields` is the organization or under it (all without one)."""
    if organization is None:
        return queryset
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__path__startswith": organization.path})
    model = queryset.model
    # a subquery, so that many-to-many joins neither repeat nor drop rows
    return queryset.filter(pk__in=model._default_manager.filter(condition).values("pk"))


def situation_figures(
    *, user: User, start: date, end: date, as_of: date, organization: Organization | None = None
) -> SituationFigures:
    """The report's figures for [start, end], open cases and overdue tasks as of `as_of`."""
    cases = period_figures(user=user, start=start, end=end, organization=organization)
    items = compression(user=user, organization=organization)
    unit = organization
    complaints_qs = _under(complaint_list_for_user(user=user), unit, "unit")
    ratings_qs = _under(rating_list_for_user(user=user), unit, "department")
    tasks_qs = _under(task_list(user=user), unit, "lead_unit", "responsible_units")
    overdue_qs = _under(tasks_overdue(user=user, on=as_of), unit, "lead_unit", "responsible_units")
    violations_qs = _under(violation_list(user=user), unit, "offender", "street", "community")
    visits_qs = _under(visit_list(user=user), unit, "units").filter(
        visited_on__gte=start, visited_on__lte=end
    )
    findings_qs = _under(findings_list(user=user), unit, "unit").filter(
        visit__visited_on__gte=start, visit__visited_on__lte=end
    )
    rotations_qs = _under(rotation_list(user=user), unit, "from_unit").filter(
        rotated_on__gte=start, rotated_on__lte=end
    )
    rotation_ranks = dict(
        rotations_qs.order_by().values_list("rank").annotate(n=Count("id")).values_list("rank", "n")
    )
    surveys_qs = _under(survey_list(user=user), unit, "subject_unit")
    invitations = SurveyInvitation.objects.filter(
        survey__in=surveys_qs, issued_on__gte=start, issued_on__lte=end
    )
    complaints = complaint_figures(
        queryset=complaints_qs, date_from=start, date_to=end, as_of=as_of
    )
    compliance = compliance_figures(user=user, start=start, end=end, unit=unit)
    enterprises = enterprise_figures(user=user, start=start, end=end, unit=unit, as_of=as_of)
    projects = project_figures(user=user, start=start, end=end, unit=unit)
    campaigns = campaign_figures(
        campaigns=_under(campaign_list(user=user), unit, "lead_unit", "teams__leading_unit"),
        start=start,
        end=end,
        as_of=as_of,
    )
    filers = filing_units(user=user)
    if unit is not None:
        filers = filers.filter(path__startswith=unit.path)
    monitors = monitor_figures(user=user, start=start, end=end, as_of=as_of, unit=unit)
    ratings = ratings_qs.filter(
        is_excluded=False, rated_at__date__gte=start, rated_at__date__lte=end
    ).aggregate(n=Count("pk"), satisfied=Count("pk", filter=Q(overall__lte=3)))
    return SituationFigures(
        start=start,
        end=end,
        as_of=as_of,
        unit=organization.name if organization is not None else "",
        items=items.items,
        compression_rate=items.ratio,
        items_cut_by_two_thirds=items.cut_by_two_thirds,
        cases_closed=cases.closed,
        case_on_time_rate=cases.on_time_rate,
        case_early_rate=cases.early_rate,
        cases_open_overdue=cases.open_overdue,
        average_workdays_used=cases.average_workdays_used,
        refusal_filings=cases.refusal_filings,
        breaches=sum(n for _unit, n in cases.breaches_by_unit),
        warnings_issued=sum(n for _unit, n in cases.warnings_by_unit),
        warnings_by_unit=cases.warnings_by_unit,
        complaints_received=complaints.received,
        complaints_due=complaints.due,
        complaints_closed=complaints.closed,
        complaint_closure_rate=complaints.closure_rate,
        ratings_received=ratings["n"],
        rating_satisfaction_rate=rate(ratings["satisfied"], ratings["n"]),
        tasks_created=tasks_qs.filter(
            created_at__date__gte=start, created_at__date__lte=end
        ).count(),
        tasks_overdue=overdue_qs.count(),
        community_violations=violations_qs.filter(
            occurred_on__gte=start, occurred_on__lte=end
        ).count(),
        community_accountability_open=compliance.accountability_open,
        community_accountability_closed=compliance.accountability_closed,
        community_ledgers_unapproved=compliance.ledgers_unapproved,
        community_paper_ledgers_removed=compliance.paper_ledgers_removed,
        community_requests=compliance.residents_requests,
        community_requests_answer_rate=compliance.requests_answer_rate,
        inspection_visits=visits_qs.count(),
        inspection_staff_found=findings_qs.count(),
        inspection_warnings=findings_qs.filter(handling=Handling.EFFICIENCY_WARNING).count(),
        rotations=sum(rotation_ranks.values()),
        rotations_section_level=rotation_ranks.get(Rank.SECTION, 0),
        rotations_ordinary=rotation_ranks.get(Rank.ORDINARY, 0),
        rotation_units=rotations_qs.values("from_unit").distinct().count(),
        surveys=surveys_qs.filter(period_start__lte=end, period_end__gte=start).count(),
        survey_enterprises=invitations.filter(respondent_kind=RespondentKind.ENTERPRISE)
        .exclude(respondent_name="")
        .values("respondent_name")
        .distinct()
        .count(),
        questionnaires_issued=invitations.count(),
        questionnaires_returned=invitations.filter(returned_at__isnull=False).count(),
        media_items=media_item_count(start=start, end=end, unit=unit),
        bulletins_issued=bulletin_count(start=start, end=end, unit=unit),
        enterprise_problems=enterprises.problems,
        enterprise_problems_replied=enterprises.replied,
        enterprise_problems_replied_on_time=enterprises.replied_on_time,
        enterprise_problems_overdue=enterprises.overdue_open,
        enterprise_problems_on_time_rate=enterprises.on_time_rate,
        enterprise_satisfaction_rate=enterprises.satisfaction_percent,
        enterprise_visits=enterprises.visits,
        enterprise_symposia=enterprises.symposia,
        project_meetings=projects.meetings,
        projects_helped=projects.projects_helped,
        project_problems_solved=projects.problems_solved,
        project_disputes_resolved=projects.disputes_resolved,
        campaign_enterprises_investigated=campaigns.enterprises_investigated,
        campaign_findings=campaigns.findings,
        campaign_findings_rectified=campaigns.rectified,
        campaign_amount_refunded=campaigns.amount_refunded,
        rule_filing_units=filers.count(),
        rule_filing_units_missing=units_missing_on(user=user, days=[as_of], unit=unit)[as_of],
        monitors_serving=monitors.monitors_serving,
        monitor_observations=monitors.observations,
        observations_from_media=monitors.from_media,
        observations_forwarded=monitors.forwarded,
        observations_replied_on_time=monitors.replied_on_time,
    )
