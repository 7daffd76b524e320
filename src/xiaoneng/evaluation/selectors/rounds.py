"""Reads of indicator systems and rounds.

Before publication a unit never sees another unit's scores or results: only the evaluation
office sees everything; a unit's staff see their own unit's sheet, and a functional department
sees the scores it entered itself. After publication, everyone allowed to view evaluation sees
the results and the ranking.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import AnyUser, scope_filter, user_has_perm
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import (
    EvaluationRound,
    IndicatorSystem,
    RoundResult,
    Score,
)
from xiaoneng.evaluation.services.rounds import assigned_department, belongs_to, may_manage
from xiaoneng.evaluation.workflow import RoundStatus


def system_list(*, user: AnyUser) -> QuerySet[IndicatorSystem]:
    return scope_filter(
        IndicatorSystem.objects.select_related("owner"), user, Perm.EVALUATION_VIEW, "owner"
    )


def system_get_for_user(*, user: AnyUser, pk: int) -> IndicatorSystem:
    system = system_list(user=user).filter(pk=pk).first()
    if system is None:
        raise NotFound(_("No such indicator system."), field="system")
    return system


def _ancestor_paths(organization: Organization) -> list[str]:
    parts = [p for p in organization.path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def round_list(*, user: AnyUser) -> QuerySet[EvaluationRound]:
    """Rounds run by an office in the user's scope, or evaluating or scored by the user's unit."""
    base = EvaluationRound.objects.select_related("system", "owner")
    if not isinstance(user, User) or user.organization is None:
        return base.none()
    overseen = scope_filter(base, user, Perm.EVALUATION_VIEW, "owner")
    if not user_has_perm(user, Perm.EVALUATION_SCORE) and not user_has_perm(
        user, Perm.EVALUATION_VIEW
    ):
        return base.none()
    paths = _ancestor_paths(user.organization)
    involved = base.filter(
        Q(units__organization__path__in=paths) | Q(assignments__department__path__in=paths)
    )
    if not user_has_perm(user, Perm.EVALUATION_MANAGE):
        overseen = overseen.filter(status=RoundStatus.PUBLISHED)
    return (overseen | involved).distinct()


def round_get_for_user(*, user: AnyUser, pk: int) -> EvaluationRound:
    evaluation_round = round_list(user=user).filter(pk=pk).first()
    if evaluation_round is None:
        raise NotFound(_("No such evaluation round."), field="round")
    return evaluation_round


def scores_visible(*, user: AnyUser, evaluation_round: EvaluationRound) -> QuerySet[Score]:
    """Scores the user may read in the round (module docstring)."""
    scores = evaluation_round.scores.select_related(
        "indicator", "unit", "entered_by", "scorer_organization"
    )
    if not isinstance(user, User) or user.organization is None:
        return scores.none()
    if may_manage(user, evaluation_round) or evaluation_round.is_published:
        return scores
    paths = _ancestor_paths(user.organization)
    return scores.filter(Q(unit__path__in=paths) | Q(scorer_organization__path__in=paths))


def results_visible(*, user: AnyUser, evaluation_round: EvaluationRound) -> QuerySet[RoundResult]:
    results = evaluation_round.results.select_related("unit")
    if not isinstance(user, User) or user.organization is None:
        return results.none()
    if may_manage(user, evaluation_round) or evaluation_round.is_published:
        return results
    if evaluation_round.status == RoundStatus.APPEAL:
        return results.filter(unit__path__in=_ancestor_paths(user.organization))
    return results.none()


def units_user_scores(
    *, user: User, evaluation_round: EvaluationRound
) -> list[tuple[Organization, str]]:
    """(unit, scorer role) pairs the user enters scores for, for the score entry page."""
    pairs = []
    manager = may_manage(user, evaluation_round)
    for round_unit in evaluation_round.units.select_related("organization"):
        unit = round_unit.organization
        if manager or belongs_to(user, unit):
            pairs.append((unit, "self_assessment"))
    return pairs


def leaves_for_department(*, evaluation_round: EvaluationRound, department: Organization):  # type: ignore[no-untyped-def]
    """Leaves of the round's tree that `department` scores as functional department."""
    leaves = evaluation_round.system.indicators.exclude(method="").select_related("parent")
    return [
        leaf
        for leaf in leaves
        if (d := assigned_department(evaluation_round, leaf)) is not None
        and department.path.startswith(d.path)
    ]
