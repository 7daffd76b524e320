"""Evaluation rounds: set up, open, score, close, appeal, publish.

Who scores (DOMAIN.md §4): departments by self-assessment, the supervising leader and the
functional departments (each for the indicators assigned to it); counties by indicator
assessment and on-site verification. The evaluation office keys in the leader's and the on-site
scores and may correct any score until publication; every score and every change is audited
with the values before and after. Units score themselves only until the scoring deadline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm, user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation import scoring
from xiaoneng.evaluation.figures import Period, figure_value
from xiaoneng.evaluation.models import (
    DEFAULT_GRADE_THRESHOLDS,
    Appeal,
    Appraisal,
    EvaluationRound,
    FunctionalAssignment,
    Indicator,
    IndicatorSystem,
    LiveFigureValue,
    RoundResult,
    RoundScorerWeight,
    RoundUnit,
    Score,
    ScorerRole,
    ScoringMethod,
)
from xiaoneng.evaluation.services.indicators import node_specs, tree_errors
from xiaoneng.evaluation.workflow import (
    APPEAL_TRANSITIONS,
    ROUND_TRANSITIONS,
    AppealStatus,
    RoundStatus,
    check_transition,
)
from xiaoneng.workdays import add_workdays

HUNDRED = Decimal("100")


def may_manage(user: User, evaluation_round: EvaluationRound) -> bool:
    return user_may(user, Perm.EVALUATION_MANAGE, evaluation_round.owner)


def _check_manage(actor: User, evaluation_round: EvaluationRound) -> None:
    if not may_manage(actor, evaluation_round):
        raise NotPermitted(_("Only the evaluation office may do this."))


def belongs_to(user: User, unit: Organization) -> bool:
    """Is the user on the staff of `unit` (its own organization or below)?"""
    return user.organization is not None and user.organization.path.startswith(unit.path)


def _transition(evaluation_round: EvaluationRound, target: str) -> None:
    check_transition(ROUND_TRANSITIONS, evaluation_round.status, target, _("The round"))
    evaluation_round.status = target


def validate_shares(shares: Mapping[str, Decimal]) -> None:
    """Scorer shares are percentages of known scorer roles summing to 100."""
    for role, share in shares.items():
        if role not in ScorerRole.values:
            raise InvalidInput(_("Unknown scorer “%(role)s”.") % {"role": role}, field="shares")
        if share < 0:
            raise InvalidInput(_("A scorer's share cannot be negative."), field="shares")
    total = sum(shares.values(), Decimal("0"))
    if abs(total - HUNDRED) > scoring.TOLERANCE:
        raise InvalidInput(
            _("Scorer shares sum to %(sum)s %%, not 100 %%.") % {"sum": scoring.money(total)},
            field="shares",
        )


def round_create(
    *,
    actor: User,
    name: str,
    system: IndicatorSystem,
    units: Sequence[Organization],
    score_deadline: date,
    shares: Mapping[str, Decimal],
    appeal_workdays: int = 5,
    grade_thresholds: list[dict] | None = None,
    year: int | None = None,
) -> EvaluationRound:
    if not user_may(actor, Perm.EVALUATION_MANAGE, system.owner):
        raise NotPermitted(_("Only the evaluation office may do this."))
    if not name.strip():
        raise InvalidInput(_("Give the round a name."), field="name")
    if not units:
        raise InvalidInput(_("Choose at least one unit to evaluate."), field="units")
    outside = [u.name for u in units if not user_may(actor, Perm.EVALUATION_MANAGE, u)]
    if outside:
        raise InvalidInput(
            _("These units are outside your government: %(units)s.")
            % {"units": "、".join(outside)},
            field="units",
        )
    if not system.indicators.exists():
        raise InvalidInput(_("The indicator system has no indicators yet."), field="system")
    errors = tree_errors(node_specs(system), system)
    if errors:
        raise InvalidInput(errors[0].reason, field="system")
    shares = {k: Decimal(str(v)) for k, v in shares.items()}
    validate_shares(shares)
    thresholds = grade_thresholds or DEFAULT_GRADE_THRESHOLDS
    problems = scoring.validate_thresholds(thresholds)
    if problems:
        raise InvalidInput(problems[0], field="grade_thresholds")
    if not 0 < appeal_workdays <= 30:
        raise InvalidInput(_("The appeal window is 1 to 30 working days."), field="appeal_workdays")
    with transaction.atomic():
        evaluation_round = EvaluationRound.objects.create(
            name=name.strip(),
            year=year or system.year,
            system=system,
            owner=system.owner,
            score_deadline=score_deadline,
            appeal_workdays=appeal_workdays,
            grade_thresholds=[{"grade": str(t["grade"]), "min": str(t["min"])} for t in thresholds],
        )
        RoundUnit.objects.bulk_create(
            RoundUnit(round=evaluation_round, organization=u) for u in dict.fromkeys(units)
        )
        RoundScorerWeight.objects.bulk_create(
            RoundScorerWeight(round=evaluation_round, role=r, weight=w) for r, w in shares.items()
        )
        audit(
            actor=actor,
            action="evaluation.round.create",
            obj=evaluation_round,
            detail={
                "system": system.pk,
                "units": [u.pk for u in units],
                "shares": {k: str(v) for k, v in shares.items()},
            },
        )
    return evaluation_round


def round_assign(
    *,
    actor: User,
    evaluation_round: EvaluationRound,
    indicator: Indicator,
    department: Organization,
) -> FunctionalAssignment:
    """Let a functional department score `indicator` and every leaf below it."""
    _check_manage(actor, evaluation_round)
    if evaluation_round.status == RoundStatus.PUBLISHED:
        raise Conflict(_("The round is published."), field="status")
    if indicator.system_id != evaluation_round.system_id:
        raise InvalidInput(_("The indicator is not in this round's system."), field="indicator")
    with transaction.atomic():
        assignment, _created = FunctionalAssignment.objects.update_or_create(
            round=evaluation_round, indicator=indicator, defaults={"department": department}
        )
        audit(
            actor=actor,
            action="evaluation.round.assign",
            obj=evaluation_round,
            detail={"indicator": indicator.code, "department": department.pk},
        )
    return assignment


def round_open(*, actor: User, evaluation_round: EvaluationRound) -> EvaluationRound:
    _check_manage(actor, evaluation_round)
    with transaction.atomic():
        _transition(evaluation_round, RoundStatus.SCORING)
        evaluation_round.opened_at = timezone.now()
        evaluation_round.save(update_fields=["status", "opened_at"])
        audit(actor=actor, action="evaluation.round.open", obj=evaluation_round)
    return evaluation_round


def assigned_department(
    evaluation_round: EvaluationRound, indicator: Indicator
) -> Organization | None:
    """The functional department assigned to the leaf or its nearest assigned ancestor."""
    by_indicator = {
        a.indicator_id: a.department
        for a in evaluation_round.assignments.select_related("department")
    }
    node: Indicator | None = indicator
    while node is not None:
        if node.pk in by_indicator:
            return by_indicator[node.pk]
        node = node.parent
    return None


def _check_may_score(
    actor: User,
    evaluation_round: EvaluationRound,
    unit: Organization,
    indicator: Indicator,
    role: str,
    today: date,
) -> Organization:
    """Raise unless `actor` may enter `role`'s score; return the scoring organization."""
    manager = may_manage(actor, evaluation_round)
    if evaluation_round.status == RoundStatus.APPEAL and manager:
        return evaluation_round.owner
    if evaluation_round.status != RoundStatus.SCORING:
        raise Conflict(
            _("Scores can be entered only while the round is open for scoring."), field="status"
        )
    if not manager and today > evaluation_round.score_deadline:
        raise Conflict(
            _("The scoring deadline (%(date)s) has passed.")
            % {"date": evaluation_round.score_deadline},
            field="score_deadline",
        )
    if role == ScorerRole.SELF_ASSESSMENT:
        if manager:
            return unit
        if belongs_to(actor, unit) and user_may(actor, Perm.EVALUATION_SCORE, unit):
            return unit
        raise NotPermitted(_("Only the unit itself enters its self-assessment."))
    if role == ScorerRole.FUNCTIONAL_DEPARTMENT:
        department = assigned_department(evaluation_round, indicator)
        if department is None:
            raise InvalidInput(
                _("No functional department scores this indicator."), field="scorer_role"
            )
        if manager:
            return department
        if belongs_to(actor, department) and user_has_perm(actor, Perm.EVALUATION_SCORE):
            return department
        raise NotPermitted(
            _("Only %(department)s scores this indicator.") % {"department": department.name}
        )
    if manager:
        return evaluation_round.owner
    raise NotPermitted(_("Only the evaluation office enters this scorer's points."))


def score_enter(
    *,
    actor: User,
    evaluation_round: EvaluationRound,
    unit: Organization,
    indicator: Indicator,
    scorer_role: str,
    actual: Decimal | None = None,
    grade: str = "",
    events: int | None = None,
    evidence: str = "",
    today: date | None = None,
) -> Score:
    """Enter or change one scorer's score of one leaf for one unit, with its evidence."""
    today = today or timezone.localdate()
    if scorer_role not in ScorerRole.values:
        raise InvalidInput(_("Choose the scorer."), field="scorer_role")
    if not evaluation_round.units.filter(organization=unit).exists():
        raise InvalidInput(_("This unit is not evaluated in the round."), field="unit")
    if indicator.system_id != evaluation_round.system_id or not indicator.is_leaf:
        raise InvalidInput(_("Choose a leaf indicator of this round."), field="indicator")
    if indicator.method == ScoringMethod.LIVE_FIGURE:
        raise InvalidInput(_("This indicator is scored from live figures."), field="indicator")
    if indicator.code in appraisal_scored_codes(evaluation_round):
        raise Conflict(
            _("This indicator is scored by the democratic appraisal (民主评议)."),
            field="indicator",
        )
    share = evaluation_round.scorer_weights.filter(role=scorer_role).first()
    if share is None or not share.weight:
        raise InvalidInput(_("This scorer has no share in the round."), field="scorer_role")
    scorer_organization = _check_may_score(
        actor, evaluation_round, unit, indicator, scorer_role, today
    )
    spec = scoring.NodeSpec(
        code=indicator.code,
        name=indicator.name,
        weight=indicator.weight,
        method=indicator.method,
        target=indicator.target,
        cap_ratio=indicator.cap_ratio,
        per_event=indicator.per_event,
        grade_points=indicator.grade_points or {},
    )
    try:
        points = scoring.leaf_points(spec, actual=actual, grade=grade, events=events)
    except scoring.ScoreInputError as error:
        raise InvalidInput(error.reason, field=error.field) from error
    with transaction.atomic():
        score = (
            Score.objects.select_for_update()
            .filter(round=evaluation_round, unit=unit, indicator=indicator, scorer_role=scorer_role)
            .first()
        )
        before = None
        if score is None:
            score = Score(
                round=evaluation_round, unit=unit, indicator=indicator, scorer_role=scorer_role
            )
        else:
            before = {
                "actual": score.actual,
                "grade": score.grade,
                "events": score.events,
                "points": score.points,
                "evidence": score.evidence,
                "entered_by": score.entered_by_id,
            }
        score.scorer_organization = scorer_organization
        score.entered_by = actor
        score.actual = actual
        score.grade = (grade or "").strip().upper()
        score.events = events
        score.points = points
        score.evidence = evidence
        score.save()
        audit(
            actor=actor,
            action="evaluation.score.change" if before else "evaluation.score.enter",
            obj=score,
            detail={
                "round": evaluation_round.pk,
                "unit": unit.pk,
                "indicator": indicator.code,
                "scorer_role": scorer_role,
                "before": before,
                "after": {
                    "actual": actual,
                    "grade": score.grade,
                    "events": events,
                    "points": points,
                    "evidence": evidence,
                },
            },
        )
        if evaluation_round.status == RoundStatus.APPEAL:  # a correction after an appeal
            _store_results(evaluation_round)
    return score


def appraisal_scored_codes(evaluation_round: EvaluationRound) -> set[str]:
    """Leaves of the round that follow a democratic appraisal (services.appraisals): their
    points are stored as the round's live values and never entered by hand."""
    return set(
        Appraisal.objects.filter(round=evaluation_round, indicator__isnull=False).values_list(
            "indicator__code", flat=True
        )
    )


@dataclass
class UnitResult:
    unit: Organization
    total: Decimal
    node_points: dict[str, Decimal]
    is_complete: bool
    rank: int = 0
    grade: str = ""


def _live_points(
    evaluation_round: EvaluationRound, units: Iterable[Organization], leaves: Iterable[Indicator]
) -> dict[tuple[int, str], tuple[Decimal | None, Decimal | None]]:
    """(unit, leaf code) → (figure, points) read now from the live-figure providers."""
    period = Period(date(evaluation_round.year, 1, 1), date(evaluation_round.year, 12, 31))
    values: dict[tuple[int, str], tuple[Decimal | None, Decimal | None]] = {}
    for leaf in leaves:
        spec = scoring.NodeSpec(
            code=leaf.code,
            name=leaf.name,
            weight=leaf.weight,
            method=leaf.method,
            target=leaf.target,
            cap_ratio=leaf.cap_ratio,
            per_event=leaf.per_event,
        )
        for unit in units:
            value = figure_value(leaf.figure_code, unit, period)
            if value is None:
                values[(unit.pk, leaf.code)] = (None, None)
                continue
            figure = Decimal(str(round(value, 4)))
            values[(unit.pk, leaf.code)] = (figure, scoring.leaf_points(spec, actual=figure))
    return values


def _refresh_live(
    evaluation_round: EvaluationRound, units: Iterable[Organization], leaves: Iterable[Indicator]
) -> None:
    """Fix the live figures of the round (done when scoring closes)."""
    leaves = list(leaves)
    by_code = {leaf.code: leaf for leaf in leaves}
    units_by_pk = {unit.pk: unit for unit in units}
    for (unit_pk, code), (value, points) in _live_points(
        evaluation_round, units_by_pk.values(), leaves
    ).items():
        LiveFigureValue.objects.update_or_create(
            round=evaluation_round,
            unit=units_by_pk[unit_pk],
            indicator=by_code[code],
            defaults={"value": value, "points": points},
        )


def round_compute(
    evaluation_round: EvaluationRound, *, fetch_live: bool = False
) -> list[UnitResult]:
    """Totals, completeness, ranks and grades of every unit from the stored scores.

    Live figures come from those fixed at close, or — with `fetch_live` (the office's preview
    while scoring is open) — straight from the providers.
    """
    system = evaluation_round.system
    nodes = node_specs(system)
    indicators = {i.code: i for i in system.indicators.select_related("parent")}
    leaves = [i for i in indicators.values() if i.is_leaf]
    shares = {w.role: w.weight for w in evaluation_round.scorer_weights.all()}
    assigned = {a.indicator.code for a in evaluation_round.assignments.select_related("indicator")}

    def has_department(leaf: Indicator) -> bool:
        node: Indicator | None = leaf
        while node is not None:
            if node.code in assigned:
                return True
            node = node.parent
        return False

    leaf_shares = {
        leaf.code: {
            r: s
            for r, s in shares.items()
            if r != ScorerRole.FUNCTIONAL_DEPARTMENT or has_department(leaf)
        }
        for leaf in leaves
    }
    points: dict[tuple[int, str], dict[str, Decimal]] = {}
    for score in evaluation_round.scores.select_related("indicator"):
        points.setdefault((score.unit_id, score.indicator.code), {})[score.scorer_role] = (
            score.points
        )
    appraised = appraisal_scored_codes(evaluation_round)
    live = {
        (v.unit_id, v.indicator.code): v.points
        for v in evaluation_round.live_values.select_related("indicator")
    }
    if fetch_live:
        live_leaves = [leaf for leaf in leaves if leaf.method == ScoringMethod.LIVE_FIGURE]
        units = [u.organization for u in evaluation_round.units.select_related("organization")]
        live.update(
            {
                key: points
                for key, (_value, points) in _live_points(
                    evaluation_round, units, live_leaves
                ).items()
            }
        )
    results = []
    for round_unit in evaluation_round.units.select_related("organization"):
        unit = round_unit.organization
        leaf_scores: dict[str, Decimal | None] = {}
        complete = True
        for leaf in leaves:
            if leaf.method == ScoringMethod.LIVE_FIGURE or leaf.code in appraised:
                value = live.get((unit.pk, leaf.code))
                leaf_scores[leaf.code] = value
                complete = complete and value is not None
                continue
            value, leaf_complete = scoring.combine_scorers(
                points.get((unit.pk, leaf.code), {}), leaf_shares[leaf.code]
            )
            leaf_scores[leaf.code] = value
            complete = complete and leaf_complete
        node_points, total = scoring.aggregate(nodes, leaf_scores)
        results.append(UnitResult(unit, total, node_points, complete))
    ranks = scoring.rank({r.unit.pk: r.total for r in results})
    for r in results:
        r.rank = ranks[r.unit.pk]
        r.grade = scoring.grade_for(r.total, evaluation_round.grade_thresholds)
    return sorted(results, key=lambda r: (r.rank, r.unit.name))


def _store_results(evaluation_round: EvaluationRound) -> list[UnitResult]:
    results = round_compute(evaluation_round)
    evaluation_round.results.all().delete()
    RoundResult.objects.bulk_create(
        RoundResult(
            round=evaluation_round,
            unit=r.unit,
            total=r.total,
            rank=r.rank,
            grade=r.grade,
            is_complete=r.is_complete,
            detail={k: str(v) for k, v in r.node_points.items()},
        )
        for r in results
    )
    return results


def round_close_scoring(
    *, actor: User, evaluation_round: EvaluationRound, today: date | None = None
) -> list[UnitResult]:
    """Close scoring: fix the live figures, compute results, open the appeal window.

    The appeal window runs `appeal_workdays` working days from the day scoring closes.
    """
    _check_manage(actor, evaluation_round)
    today = today or timezone.localdate()
    with transaction.atomic():
        _transition(evaluation_round, RoundStatus.APPEAL)
        units = [u.organization for u in evaluation_round.units.select_related("organization")]
        live_leaves = list(
            evaluation_round.system.indicators.filter(method=ScoringMethod.LIVE_FIGURE)
        )
        _refresh_live(evaluation_round, units, live_leaves)
        evaluation_round.closed_at = timezone.now()
        evaluation_round.appeal_deadline = add_workdays(today, evaluation_round.appeal_workdays)
        evaluation_round.save(update_fields=["status", "closed_at", "appeal_deadline"])
        results = _store_results(evaluation_round)
        audit(
            actor=actor,
            action="evaluation.round.close",
            obj=evaluation_round,
            detail={
                "appeal_deadline": evaluation_round.appeal_deadline,
                "incomplete": [r.unit.pk for r in results if not r.is_complete],
            },
        )
    return results


def round_reopen(*, actor: User, evaluation_round: EvaluationRound) -> EvaluationRound:
    _check_manage(actor, evaluation_round)
    with transaction.atomic():
        _transition(evaluation_round, RoundStatus.SCORING)
        evaluation_round.save(update_fields=["status"])
        audit(actor=actor, action="evaluation.round.reopen", obj=evaluation_round)
    return evaluation_round


def round_publish(*, actor: User, evaluation_round: EvaluationRound) -> list[UnitResult]:
    """Publish results and rankings; refused while an appeal is undecided."""
    _check_manage(actor, evaluation_round)
    if evaluation_round.appeals.filter(status=AppealStatus.PENDING).exists():
        raise Conflict(_("Decide every appeal before publishing."), field="appeals")
    with transaction.atomic():
        _transition(evaluation_round, RoundStatus.PUBLISHED)
        evaluation_round.published_at = timezone.now()
        evaluation_round.save(update_fields=["status", "published_at"])
        results = _store_results(evaluation_round)
        audit(
            actor=actor,
            action="evaluation.round.publish",
            obj=evaluation_round,
            detail={"results": {r.unit.pk: [str(r.total), r.rank, r.grade] for r in results}},
        )
    return results


def appeal_file(
    *,
    actor: User,
    evaluation_round: EvaluationRound,
    unit: Organization,
    reason: str,
    indicator: Indicator | None = None,
    today: date | None = None,
) -> Appeal:
    """A unit appeals its preliminary result within the appeal window."""
    today = today or timezone.localdate()
    if evaluation_round.status != RoundStatus.APPEAL:
        raise Conflict(_("Appeals are possible only during the appeal window."), field="status")
    if evaluation_round.appeal_deadline and today > evaluation_round.appeal_deadline:
        raise Conflict(
            _("The appeal window closed on %(date)s.") % {"date": evaluation_round.appeal_deadline},
            field="appeal_deadline",
        )
    if not (belongs_to(actor, unit) and user_may(actor, Perm.EVALUATION_SCORE, unit)):
        raise NotPermitted(_("Only the unit itself may appeal its result."))
    if not evaluation_round.units.filter(organization=unit).exists():
        raise InvalidInput(_("This unit is not evaluated in the round."), field="unit")
    if not reason.strip():
        raise InvalidInput(_("Give the reason for the appeal."), field="reason")
    with transaction.atomic():
        appeal = Appeal.objects.create(
            round=evaluation_round,
            unit=unit,
            indicator=indicator,
            reason=reason.strip(),
            filed_by=actor,
        )
        audit(
            actor=actor,
            action="evaluation.appeal.file",
            obj=appeal,
            detail={"round": evaluation_round.pk, "unit": unit.pk},
        )
    return appeal


def appeal_decide(*, actor: User, appeal: Appeal, is_upheld: bool, response: str) -> Appeal:
    """Decide an appeal; an upheld appeal is followed by the office correcting the score."""
    _check_manage(actor, appeal.round)
    if not response.strip():
        raise InvalidInput(_("Give the response to the unit."), field="response")
    target = AppealStatus.UPHELD if is_upheld else AppealStatus.REJECTED
    check_transition(APPEAL_TRANSITIONS, appeal.status, target, _("The appeal"))
    with transaction.atomic():
        appeal.status = target
        appeal.response = response.strip()
        appeal.decided_by = actor
        appeal.decided_at = timezone.now()
        appeal.save()
        audit(actor=actor, action="evaluation.appeal.decide", obj=appeal, detail={"status": target})
    return appeal
