"""The figures of the situation report (情况汇报), for a period, from the contexts' own selectors.

Nothing is counted here: each figure is the value the owning context's selector gives for the
period — the same selectors behind the supervision dashboard and the cockpit
(supervision.figures.period_figures and compression, complaints.selectors.stats.complaint_figures,
complaints.selectors.rating_list_for_user, evaluation.selectors.tasks, community.selectors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from xiaoneng.community.selectors import violation_list
from xiaoneng.complaints.selectors import complaint_list_for_user, rating_list_for_user
from xiaoneng.complaints.selectors.stats import complaint_figures, rate
from xiaoneng.core.models import Organization, User
from xiaoneng.evaluation.selectors.tasks import task_list, tasks_overdue
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


def situation_figures(
    *, user: User, start: date, end: date, as_of: date, organization: Organization | None = None
) -> SituationFigures:
    """The report's figures for [start, end], open cases and overdue tasks as of `as_of`."""
    cases = period_figures(user=user, start=start, end=end, organization=organization)
    items = compression(user=user, organization=organization)
    complaints_qs = complaint_list_for_user(user=user)
    ratings_qs = rating_list_for_user(user=user)
    tasks_qs = task_list(user=user)
    violations_qs = violation_list(user=user)
    if organization is not None:
        complaints_qs = complaints_qs.filter(unit__path__startswith=organization.path)
    complaints = complaint_figures(
        queryset=complaints_qs, date_from=start, date_to=end, as_of=as_of
    )
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
        tasks_overdue=tasks_overdue(user=user, on=as_of).count(),
        community_violations=violations_qs.filter(
            occurred_on__gte=start, occurred_on__lte=end
        ).count(),
    )
