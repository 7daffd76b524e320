"""Inspections and the yearly combined evaluation (rule 6, 控制评比检查).

部门工作检查只针对街道办事处，街道对社区工作的检查每月不超过3次；对社区的考核由区统一纳入综合性
考评，每年一次性实施，必须以社区居民的评价意见为主，不得以台账、奖牌、挂牌为评估指标.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xiaoneng.community.models import (
    Evaluation,
    EvaluationIndicator,
    IndicatorKind,
    Inspection,
    ViolationRule,
)
from xiaoneng.community.rules import FORBIDDEN_INDICATOR_WORDS, quotas
from xiaoneng.community.services.common import clean_text, require, street_of
from xiaoneng.community.services.compliance import violation_record
from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, OrganizationKind, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import Survey
from xiaoneng.evaluation.selectors.surveys import satisfaction_index
from xiaoneng.evaluation.services.surveys import COMMUNITY_APPRAISAL_TEMPLATE

STREET_KINDS = (OrganizationKind.STREET_OFFICE, OrganizationKind.STREET_DEPARTMENT)


def inspection_breach(
    *, inspector: Organization, inspected: Organization, earlier_this_month: int
) -> str | None:
    """Which rule-6 limit an inspection breaks, if any (pure: no database).

    - a department (anything but the community's own street office and its departments)
      inspecting a community → DEPARTMENT_INSPECTS_COMMUNITY;
    - the street inspecting a community when it already did `street_inspections_per_month`
      times this month → INSPECTION_OVER_QUOTA.
    """
    if inspected.kind != OrganizationKind.COMMUNITY:
        return None
    if inspector.kind not in STREET_KINDS:
        return ViolationRule.DEPARTMENT_INSPECTS_COMMUNITY
    if earlier_this_month >= quotas().street_inspections_per_month:
        return ViolationRule.INSPECTION_OVER_QUOTA
    return None


def inspection_record(
    *,
    actor: User,
    inspector: Organization,
    inspected: Organization,
    inspected_on: date,
    subject: str,
    findings: str = "",
) -> Inspection:
    """Record an inspection, by the inspecting unit or by the community inspected.

    Breaches of rule 6 are recorded as violations against the inspecting unit.
    """
    if not (
        user_may(actor, Perm.COMMUNITY_RECORD, inspected)
        or user_may(actor, Perm.COMMUNITY_RECORD, inspector)
        or user_may(actor, Perm.COMMUNITY_APPROVE, inspector)
    ):
        raise NotPermitted(_("You may not record inspections of this unit."))
    if inspected.kind not in (OrganizationKind.COMMUNITY, OrganizationKind.STREET_OFFICE):
        raise InvalidInput(
            _("Only communities and street offices are recorded here."), field="inspected"
        )
    if inspector.pk == inspected.pk or inspector.kind == OrganizationKind.COMMUNITY:
        raise InvalidInput(_("Choose the unit that inspected."), field="inspector")
    if (
        inspector.kind in STREET_KINDS
        and inspected.kind == OrganizationKind.COMMUNITY
        and street_of(inspector) != street_of(inspected)
    ):
        raise InvalidInput(
            _("This street office does not oversee the community."), field="inspector"
        )
    subject = clean_text(subject, field="subject", max_length=200)
    with transaction.atomic():
        first = inspected_on.replace(day=1)
        last = inspected_on.replace(
            day=calendar.monthrange(inspected_on.year, inspected_on.month)[1]
        )
        earlier = Inspection.objects.filter(
            inspected=inspected, inspector__kind__in=STREET_KINDS, inspected_on__range=(first, last)
        ).count()
        breach = inspection_breach(
            inspector=inspector, inspected=inspected, earlier_this_month=earlier
        )
        inspection = Inspection.objects.create(
            inspector=inspector,
            inspected=inspected,
            inspected_on=inspected_on,
            subject=subject,
            findings=findings.strip(),
            is_violation=breach is not None,
            recorded_by=actor,
        )
        audit(
            actor=actor,
            action="community.inspection.record",
            obj=inspection,
            detail={"breach": breach or ""},
        )
        if breach == ViolationRule.DEPARTMENT_INSPECTS_COMMUNITY:
            description = _(
                "%(inspector)s inspected %(community)s directly; departments "
                "inspect street offices only."
            ) % {"inspector": inspector, "community": inspected}
        elif breach == ViolationRule.INSPECTION_OVER_QUOTA:
            description = _(
                "Street inspection no. %(n)s of %(community)s in %(month)s "
                "(limit %(limit)s a month)."
            ) % {
                "n": earlier + 1,
                "community": inspected,
                "month": f"{inspected_on:%Y-%m}",
                "limit": quotas().street_inspections_per_month,
            }
        if breach:
            violation_record(
                rule=breach,
                offender=inspector,
                community=inspected,
                occurred_on=inspected_on,
                description=f"{subject}: {description}",
                source=inspection,
            )
    return inspection


def indicator_is_forbidden(name: str) -> bool:
    """Ledgers, plaques and signs are never indicators (rule 6)."""
    lowered = name.lower()
    for word in FORBIDDEN_INDICATOR_WORDS:
        if word.isascii():
            if re.search(rf"\b{re.escape(word)}s?\b", lowered):
                return True
        elif word in name:
            return True
    return False


def evaluation_create(
    *, actor: User, community: Organization, year: int, indicators: list[dict[str, Any]]
) -> Evaluation:
    """The one combined evaluation of a community in a year (rule 6).

    Weights are percentages summing to 100; residents' opinion carries at least
    `resident_opinion_min_weight` % of them; indicator names about ledgers, plaques or signs
    are refused.
    """
    if community.kind != OrganizationKind.COMMUNITY:
        raise InvalidInput(_("Choose a community."), field="community")
    require(actor, (Perm.COMMUNITY_APPROVE, Perm.COMMUNITY_SUPERVISE), community)
    if not 2000 <= int(year) <= 2100:
        raise InvalidInput(_("Enter a year."), field="year")
    if not indicators:
        raise InvalidInput(_("Add the indicators."), field="indicators")
    rows: list[EvaluationIndicator] = []
    total = opinion = Decimal(0)
    for index, item in enumerate(indicators):
        prefix = f"indicators[{index}]"
        name = clean_text(item.get("name"), field=f"{prefix}.name", max_length=200)
        if indicator_is_forbidden(name):
            raise InvalidInput(
                _("Ledgers, plaques and signs may not be used as indicators (rule 6)."),
                field=f"{prefix}.name",
            )
        kind = item.get("kind")
        if kind not in IndicatorKind.values:
            raise InvalidInput(_("Choose the kind of indicator."), field=f"{prefix}.kind")
        try:
            weight = Decimal(str(item.get("weight")))
        except (InvalidOperation, ValueError):
            raise InvalidInput(_("Enter a weight in percent."), field=f"{prefix}.weight") from None
        if not weight.is_finite() or weight <= 0 or weight > 100:
            raise InvalidInput(_("Enter a weight in percent."), field=f"{prefix}.weight")
        total += weight
        if kind == IndicatorKind.RESIDENT_OPINION:
            opinion += weight
        rows.append(EvaluationIndicator(name=name, kind=kind, weight=weight))
    if total != 100:
        raise InvalidInput(
            _("The weights add up to %(total)s %%, not 100 %%.") % {"total": total},
            field="indicators",
        )
    minimum = quotas().resident_opinion_min_weight
    if opinion < minimum:
        raise InvalidInput(
            _(
                "Residents' opinion must be the main part: at least %(min)s %% of "
                "the weight (now %(now)s %%)."
            )
            % {"min": minimum, "now": opinion},
            field="indicators",
        )
    evaluator = actor.organization or street_of(community) or community
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                community=community, year=year, evaluator=evaluator, created_by=actor
            )
            for row in rows:
                row.evaluation = evaluation
            EvaluationIndicator.objects.bulk_create(rows)
            audit(actor=actor, action="community.evaluation.create", obj=evaluation)
    except IntegrityError:
        raise Conflict(
            _(
                "%(community)s already has its evaluation for %(year)s: one combined "
                "evaluation a year."
            )
            % {"community": community, "year": year},
            field="year",
        ) from None
    return evaluation


def evaluation_score(*, actor: User, evaluation: Evaluation, scores: dict[int, Any]) -> Evaluation:
    """Enter scores 0–100 per indicator id."""
    require(actor, (Perm.COMMUNITY_APPROVE, Perm.COMMUNITY_SUPERVISE), evaluation.community)
    indicators = {i.pk: i for i in evaluation.indicators.all()}
    for key, value in scores.items():
        indicator = indicators.get(int(key))
        if indicator is None:
            raise InvalidInput(_("Unknown indicator."), field=f"scores.{key}")
        try:
            score = Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise InvalidInput(_("Enter a score from 0 to 100."), field=f"scores.{key}") from None
        if not score.is_finite() or not 0 <= score <= 100:
            raise InvalidInput(_("Enter a score from 0 to 100."), field=f"scores.{key}")
        if indicator.survey_id is not None:
            raise Conflict(
                _("This indicator is scored by the residents' appraisal (rule 8)."),
                field=f"scores.{key}",
            )
        indicator.score = score
    with transaction.atomic():
        EvaluationIndicator.objects.bulk_update(indicators.values(), ["score"])
        audit(actor=actor, action="community.evaluation.score", obj=evaluation)
    return evaluation


def _opinion_score(survey: Survey) -> Decimal | None:
    return satisfaction_index(survey=survey).overall


def evaluation_opinion_survey_link(
    *, actor: User, evaluation: Evaluation, survey: Survey
) -> Evaluation:
    """Rule 6 with rule 8: the residents' opinion, the main part of the combined evaluation, is
    scored by the residents' appraisal of the committee (民主评议): a survey of the
    community-appraisal template about this community, covering the evaluation's year.

    Every residents'-opinion indicator takes the survey's satisfaction index (0–100) and follows
    it while answers come in (`rescore_from_survey`); it is no longer scored by hand."""
    require(actor, (Perm.COMMUNITY_APPROVE, Perm.COMMUNITY_SUPERVISE), evaluation.community)
    if survey.template != COMMUNITY_APPRAISAL_TEMPLATE:
        raise InvalidInput(_("Choose a residents' appraisal survey."), field="survey")
    if survey.subject_unit_id != evaluation.community_id:
        raise InvalidInput(_("This survey appraises another community."), field="survey")
    if not survey.period_start.year <= evaluation.year <= survey.period_end.year:
        raise InvalidInput(_("This survey is not of the evaluation's year."), field="survey")
    indicators = evaluation.indicators.filter(kind=IndicatorKind.RESIDENT_OPINION)
    if not indicators.exists():
        raise InvalidInput(
            _("This evaluation has no residents' opinion indicator."), field="survey"
        )
    with transaction.atomic():
        indicators.update(survey=survey, score=_opinion_score(survey))
        audit(
            actor=actor,
            action="community.evaluation.opinion_survey",
            obj=evaluation,
            detail={"survey": survey.pk},
        )
    # a fresh read: the caller's evaluation may hold its indicators from before the update
    return Evaluation.objects.select_related("community").get(pk=evaluation.pk)


def rescore_from_survey(*, survey: Survey, **_kwargs: Any) -> None:
    """Receiver of evaluation's `survey_answered`: the indicators scored by this survey take its
    index again (answers only add up, so the latest index is the score)."""
    linked = EvaluationIndicator.objects.filter(survey=survey)
    if linked.exists():
        linked.update(score=_opinion_score(survey))
