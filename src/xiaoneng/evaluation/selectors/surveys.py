"""Survey reads: lists, the issued/returned counts and the satisfaction index."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import AnyUser, scope_filter
from xiaoneng.core.errors import NotFound
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import Answer, Dimension, Survey, SurveyInvitation

HUNDRED = Decimal("100")


def _round(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass
class SurveyIndex:
    """Issued, returned, response rate (%), index per dimension and overall (0–100)."""

    issued: int = 0
    returned: int = 0
    response_rate: Decimal | None = None
    by_dimension: dict[str, Decimal | None] = field(default_factory=dict)
    overall: Decimal | None = None


def normalized(
    average: Decimal, minimum: Decimal, maximum: Decimal, *, is_reversed: bool = False
) -> Decimal:
    """An answer on a scale [minimum, maximum] as 0–100 (reversed: higher answers are worse)."""
    if maximum <= minimum:
        return Decimal("0")
    value = (average - minimum) / (maximum - minimum) * HUNDRED
    value = max(Decimal("0"), min(HUNDRED, value))
    return HUNDRED - value if is_reversed else value


def combine_dimensions(
    by_dimension: dict[str, Decimal | None], weights: dict[str, Decimal]
) -> Decimal | None:
    """Weighted mean of the dimension indices that have answers; equal weights by default."""
    present = {d: v for d, v in by_dimension.items() if v is not None}
    if not present:
        return None
    shares = (
        {d: Decimal(str(weights.get(d, 1))) for d in present}
        if weights
        else {d: Decimal("1") for d in present}
    )
    total = sum(shares.values(), Decimal("0"))
    if not total:
        return None
    return _round(sum((present[d] * shares[d] for d in present), Decimal("0")) / total)


def satisfaction_index(*, survey: Survey, respondent_kind: str = "") -> SurveyIndex:
    """Index of one survey: each dimension is the mean of its answers on a 0–100 scale.

    Likert 1–5 maps 1 → 0 and 5 → 100; numeric questions map their range the same way. The
    overall index weighs the dimensions by the survey's `dimension_weights` (equal if unset).
    Response rate = returned ÷ issued (the seed: 896 ÷ 1,044 = 85.82 %). With
    `respondent_kind`, only the copies of that kind count (a democratic appraisal's group).
    """
    invitations = SurveyInvitation.objects.filter(survey=survey)
    answers = Answer.objects.filter(invitation__survey=survey, question__dimension__gt="")
    if respondent_kind:
        invitations = invitations.filter(respondent_kind=respondent_kind)
        answers = answers.filter(invitation__respondent_kind=respondent_kind)
    issued = invitations.count()
    returned = invitations.filter(returned_at__isnull=False).count()
    rows = answers.values(
        "question__dimension",
        "question__minimum",
        "question__maximum",
        "question__is_reversed",
        "question_id",
    ).annotate(average=Avg("value"), count=Count("id"))
    sums: dict[str, tuple[Decimal, int]] = {}
    for row in rows:
        value = normalized(
            Decimal(str(row["average"])),
            row["question__minimum"],
            row["question__maximum"],
            is_reversed=row["question__is_reversed"],
        )
        total, count = sums.get(row["question__dimension"], (Decimal("0"), 0))
        sums[row["question__dimension"]] = (total + value * row["count"], count + row["count"])
    by_dimension: dict[str, Decimal | None] = {
        d: (_round(total / count) if count else None) for d, (total, count) in sums.items()
    }
    weights = {k: Decimal(str(v)) for k, v in (survey.dimension_weights or {}).items()}
    return SurveyIndex(
        issued=issued,
        returned=returned,
        response_rate=_round(Decimal(returned) * HUNDRED / issued) if issued else None,
        by_dimension={d: by_dimension[d] for d in Dimension.values if d in by_dimension},
        overall=combine_dimensions(by_dimension, weights),
    )


def survey_list(*, user: AnyUser) -> QuerySet[Survey]:
    return scope_filter(
        Survey.objects.select_related("owner", "subject_unit"), user, Perm.SURVEY_MANAGE, "owner"
    )


def survey_get_for_user(*, user: AnyUser, pk: int) -> Survey:
    survey = survey_list(user=user).filter(pk=pk).first()
    if survey is None:
        raise NotFound(_("No such survey."), field="survey")
    return survey


def invitation_by_token(*, token: str) -> SurveyInvitation:
    invitation = (
        (SurveyInvitation.objects.select_related("survey").filter(token=token).first())
        if token
        else None
    )
    if invitation is None:
        raise NotFound(_("This survey link is not valid."), field="token")
    return invitation
