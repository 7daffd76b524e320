"""Democratic appraisal of units (民主评议政风行风): set up, issue copies per group, key in paper
copies, and score an evaluation round's indicator with it.

Who (core.roles, no new capability): the survey office runs an appraisal (`survey.manage`, as
every survey); linking it to a round is the evaluation office's (`evaluation.manage`).

Rules:
- the groups are the public, enterprises, deputies and efficiency monitors; their weights are
  percentages summing to 100 (selectors.appraisals.weighted_result scales them when a group has
  not answered yet);
- each copy belongs to one group (the copy's respondent kind);
- a linked leaf indicator follows the appraisal while the round is a draft or open for scoring:
  the unit's points are the leaf's weight × result ÷ 100, recomputed whenever answers come in
  (`rescore_from_survey`, receiver of `survey_answered`); they are fixed when scoring closes,
  and nobody scores the leaf by hand (services.rounds.score_enter refuses with 409).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import (
    Appraisal,
    AppraisalGroup,
    AppraisalUnit,
    EvaluationRound,
    Indicator,
    LiveFigureValue,
    ScoringMethod,
    Survey,
    SurveyInvitation,
)
from xiaoneng.evaluation.selectors.appraisals import unit_appraisal
from xiaoneng.evaluation.services.surveys import (
    DEMOCRATIC_APPRAISAL_TEMPLATE,
    survey_answer,
    survey_create,
    survey_set_status,
)
from xiaoneng.evaluation.workflow import RoundStatus, SurveyStatus

HUNDRED = Decimal("100")
MAX_COPIES = 5000
#: the round statuses in which a linked indicator still follows the answers
LIVE_STATUSES = (RoundStatus.DRAFT, RoundStatus.SCORING)
#: methods a linked leaf may have: a bonus or a deduction counts events, not opinions
LINKABLE_METHODS = (ScoringMethod.QUANTITATIVE, ScoringMethod.QUALITATIVE)


def validate_group_weights(weights: Mapping[str, Any]) -> dict[str, Decimal]:
    """Weights are percentages of the four groups, none negative, summing to 100."""
    cleaned: dict[str, Decimal] = {}
    for group, raw in weights.items():
        if group not in AppraisalGroup.values:
            raise InvalidInput(_("Unknown group “%(g)s”.") % {"g": group}, field="weights")
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            raise InvalidInput(_("Group weights must be numbers."), field="weights") from None
        if not value.is_finite() or value < 0:
            raise InvalidInput(_("A group's weight cannot be negative."), field="weights")
        cleaned[group] = value
    total = sum(cleaned.values(), Decimal("0"))
    if total != HUNDRED:
        raise InvalidInput(
            _("The group weights sum to %(sum)s, not 100.") % {"sum": total.normalize()},
            field="weights",
        )
    return cleaned


def _check_manage(actor: User, appraisal: Appraisal) -> None:
    if not user_may(actor, Perm.SURVEY_MANAGE, appraisal.owner):
        raise NotPermitted(_("You may not run surveys here."))


def appraisal_create(
    *,
    actor: User,
    title: str,
    year: int,
    owner: Organization,
    units: Sequence[Organization],
    weights: Mapping[str, Any],
) -> Appraisal:
    """An appraisal of `units` with one open questionnaire per unit."""
    if not user_may(actor, Perm.SURVEY_MANAGE, owner):
        raise NotPermitted(_("You may not run surveys here."))
    if not (title or "").strip():
        raise InvalidInput(_("Give the appraisal a title."), field="title")
    if not 2000 <= year <= 2100:
        raise InvalidInput(_("Enter a year from 2000 to 2100."), field="year")
    if not units:
        raise InvalidInput(_("Choose the units appraised."), field="units")
    outside = [u.name for u in units if not user_may(actor, Perm.SURVEY_MANAGE, u)]
    if outside:
        raise InvalidInput(
            _("These units are outside your government: %(units)s.")
            % {"units": "、".join(outside)},
            field="units",
        )
    cleaned = validate_group_weights(weights)
    with transaction.atomic():
        appraisal = Appraisal.objects.create(
            title=title.strip(),
            year=year,
            owner=owner,
            weights={g: str(w) for g, w in cleaned.items()},
            created_by=actor,
        )
        for unit in dict.fromkeys(units):
            survey = survey_create(
                actor=actor,
                title=f"{appraisal.title} · {unit.name}",
                owner=owner,
                subject_unit=unit,
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                template=DEMOCRATIC_APPRAISAL_TEMPLATE,
            )
            survey_set_status(actor=actor, survey=survey, status=SurveyStatus.OPEN)
            AppraisalUnit.objects.create(appraisal=appraisal, unit=unit, survey=survey)
        audit(
            actor=actor,
            action="appraisal.create",
            obj=appraisal,
            detail={"units": [u.pk for u in units], "weights": appraisal.weights},
        )
    return appraisal


def _row(appraisal: Appraisal, unit: Organization) -> AppraisalUnit:
    row = appraisal.units.select_related("survey", "unit").filter(unit=unit).first()
    if row is None:
        raise InvalidInput(_("This unit is not appraised here."), field="unit")
    return row


def appraisal_issue(
    *, actor: User, appraisal: Appraisal, unit: Organization, group: str, copies: int
) -> list[SurveyInvitation]:
    """Issue `copies` answer links of the unit's questionnaire to one group."""
    _check_manage(actor, appraisal)
    if group not in AppraisalGroup.values:
        raise InvalidInput(_("Choose the group."), field="group")
    if not 1 <= copies <= MAX_COPIES:
        raise InvalidInput(
            _("Issue between 1 and %(max)s copies at a time.") % {"max": MAX_COPIES},
            field="copies",
        )
    row = _row(appraisal, unit)
    if row.survey.status != SurveyStatus.OPEN:
        raise Conflict(_("The survey is closed."), field="status")
    today = timezone.localdate()
    with transaction.atomic():
        created = SurveyInvitation.objects.bulk_create(
            SurveyInvitation(
                survey=row.survey,
                respondent_kind=group,
                issued_on=today,
                token=secrets.token_urlsafe(24),
            )
            for _i in range(copies)
        )
        audit(
            actor=actor,
            action="appraisal.issue",
            obj=appraisal,
            detail={"unit": unit.pk, "group": group, "copies": copies},
        )
    return created


def appraisal_answer_paper(
    *,
    actor: User,
    appraisal: Appraisal,
    unit: Organization,
    group: str,
    values: Mapping[int, object],
) -> SurveyInvitation:
    """Key in one paper copy of a group: it is issued and answered at once."""
    with transaction.atomic():  # a refused copy is not counted as issued either
        invitation = appraisal_issue(
            actor=actor, appraisal=appraisal, unit=unit, group=group, copies=1
        )[0]
        return survey_answer(invitation=invitation, values=values, channel="paper", actor=actor)


def _points(indicator: Indicator, result: Decimal | None) -> Decimal | None:
    if result is None:
        return None
    return (indicator.weight * result / HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _store(appraisal: Appraisal, rows: Sequence[AppraisalUnit]) -> None:
    """Write the linked indicator's value and points for each appraised unit of the round."""
    evaluation_round, indicator = appraisal.round, appraisal.indicator
    if evaluation_round is None or indicator is None:
        return
    in_round = set(evaluation_round.units.values_list("organization_id", flat=True))
    for row in rows:
        if row.unit_id not in in_round:
            continue
        result = unit_appraisal(appraisal, row).result
        LiveFigureValue.objects.update_or_create(
            round=evaluation_round,
            unit_id=row.unit_id,
            indicator=indicator,
            defaults={"value": result, "points": _points(indicator, result)},
        )


def appraisal_link(
    *, actor: User, appraisal: Appraisal, evaluation_round: EvaluationRound, indicator: Indicator
) -> Appraisal:
    """Score one leaf of a round with the appraisal; the leaf follows it from now on."""
    if not user_may(actor, Perm.EVALUATION_MANAGE, evaluation_round.owner):
        raise NotPermitted(_("Only the evaluation office may do this."))
    if evaluation_round.status not in LIVE_STATUSES:
        raise Conflict(_("Only a round in draft or open for scoring can be linked."), field="round")
    if appraisal.year != evaluation_round.year:
        raise InvalidInput(_("The appraisal is not of the round's year."), field="round")
    if indicator.system_id != evaluation_round.system_id or not indicator.is_leaf:
        raise InvalidInput(_("Choose a leaf indicator of this round."), field="indicator")
    if indicator.method not in LINKABLE_METHODS:
        raise InvalidInput(
            _("A bonus, deduction or live-figure indicator cannot follow an appraisal."),
            field="indicator",
        )
    if evaluation_round.scores.filter(indicator=indicator).exists():
        raise Conflict(
            _("This indicator already has scores entered by hand in the round."),
            field="indicator",
        )
    if appraisal.round_id is not None:
        raise Conflict(_("This appraisal already scores an indicator."), field="appraisal")
    try:
        with transaction.atomic():
            appraisal.round = evaluation_round
            appraisal.indicator = indicator
            appraisal.save(update_fields=["round", "indicator"])
            _store(appraisal, list(appraisal.units.select_related("survey", "unit")))
            audit(
                actor=actor,
                action="appraisal.link",
                obj=appraisal,
                detail={"round": evaluation_round.pk, "indicator": indicator.code},
            )
    except IntegrityError:
        raise Conflict(
            _("Another appraisal already scores this indicator."), field="indicator"
        ) from None
    return appraisal


def rescore_from_survey(*, survey: Survey, **_kwargs: Any) -> None:
    """Receiver of `survey_answered`: the round indicator scored by this unit's appraisal takes
    its new result (only while the round is a draft or open for scoring)."""
    row = (
        AppraisalUnit.objects.select_related(
            "appraisal__round", "appraisal__indicator", "survey", "unit"
        )
        .filter(survey=survey, appraisal__round__status__in=LIVE_STATUSES)
        .first()
    )
    if row is not None:
        _store(row.appraisal, [row])
