"""Reads of democratic appraisals and their weighted results per unit."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import AnyUser, scope_filter
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Organization
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import Appraisal, AppraisalGroup, AppraisalUnit
from xiaoneng.evaluation.selectors.surveys import satisfaction_index

HUNDRED = Decimal("100")


def appraisal_list(*, user: AnyUser, year: int | None = None) -> QuerySet[Appraisal]:
    base = Appraisal.objects.select_related("owner", "round", "indicator")
    queryset = (
        scope_filter(base, user, Perm.EVALUATION_VIEW, "owner")
        | scope_filter(base, user, Perm.SURVEY_MANAGE, "owner")
    ).distinct()
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset.order_by("-year", "-id")


def appraisal_get_for_user(*, user: AnyUser, pk: int) -> Appraisal:
    appraisal = appraisal_list(user=user).filter(pk=pk).first()
    if appraisal is None:
        raise NotFound(_("No such appraisal."), field="appraisal")
    return appraisal


@dataclass
class UnitAppraisal:
    """One unit's appraisal: copies issued and returned, index per group, weighted result."""

    unit: Organization
    survey_id: int
    issued: int = 0
    returned: int = 0
    by_group: dict[str, Decimal | None] = field(default_factory=dict)
    returned_by_group: dict[str, int] = field(default_factory=dict)
    result: Decimal | None = None


def weighted_result(
    by_group: dict[str, Decimal | None], weights: dict[str, Decimal]
) -> Decimal | None:
    """The weighted mean of the groups' indexes (0–100).

    A group that has not answered yet (or has weight 0) is left out and the others' weights are
    scaled up to 100, so a unit is not marked down for a group that was not reached; with no
    group answered there is no result (None), never 0."""
    present = {g: v for g, v in by_group.items() if v is not None and weights.get(g)}
    if not present:
        return None
    total = sum((weights[g] for g in present), Decimal("0"))
    value = sum((present[g] * weights[g] for g in present), Decimal("0")) / total
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def group_weights(appraisal: Appraisal) -> dict[str, Decimal]:
    return {g: Decimal(str(w)) for g, w in (appraisal.weights or {}).items()}


def unit_appraisal(appraisal: Appraisal, row: AppraisalUnit) -> UnitAppraisal:
    weights = group_weights(appraisal)
    overall = satisfaction_index(survey=row.survey)
    result = UnitAppraisal(
        unit=row.unit, survey_id=row.survey_id, issued=overall.issued, returned=overall.returned
    )
    for group in AppraisalGroup.values:
        index = satisfaction_index(survey=row.survey, respondent_kind=group)
        result.by_group[group] = index.overall
        result.returned_by_group[group] = index.returned
    result.result = weighted_result(result.by_group, weights)
    return result


def appraisal_results(*, appraisal: Appraisal) -> list[UnitAppraisal]:
    """Every unit's result, best first (units without a result last)."""
    rows = [
        unit_appraisal(appraisal, row)
        for row in appraisal.units.select_related("unit", "survey").order_by("unit__path")
    ]
    return sorted(rows, key=lambda r: (r.result is None, -(r.result or 0), r.unit.path))
