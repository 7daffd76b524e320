"""Surveys: build a questionnaire, distribute it, take answers online or keyed in from paper.

Each issued copy is one invitation with a secret token; a named respondent (enterprise,
resident) or an anonymous link. A copy counts as returned when its answers are in, and answers
are taken once. The satisfaction index is computed in selectors.surveys.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import (
    Answer,
    AnswerChannel,
    Dimension,
    Question,
    QuestionKind,
    RespondentKind,
    Survey,
    SurveyInvitation,
    SurveySection,
)
from xiaoneng.evaluation.signals import survey_answered
from xiaoneng.evaluation.workflow import SURVEY_TRANSITIONS, SurveyStatus, check_transition

# Templates: (section title, [(question, dimension, kind, min, max, reversed)]).
PROVINCE_SATISFACTION = [
    (
        "政策环境",
        [
            ("本地涉企政策保持稳定、不朝令夕改", Dimension.POLICY_STABILITY),
            ("政策调整前听取企业意见并留出过渡期", Dimension.POLICY_STABILITY),
            ("政策文件及时公开、容易查到", Dimension.POLICY_TRANSPARENCY),
            ("办事依据、流程和收费标准公开透明", Dimension.POLICY_TRANSPARENCY),
        ],
    ),
    (
        "机关作风",
        [
            ("办事效率高、按承诺时限办结", Dimension.EFFICIENCY),
            ("一次性告知到位、不让群众多跑", Dimension.EFFICIENCY),
            ("工作人员服务态度热情、耐心", Dimension.ATTITUDE),
            ("咨询电话有人接、问题有回应", Dimension.ATTITUDE),
            ("工作人员廉洁自律、不吃拿卡要", Dimension.INTEGRITY),
            ("未遇到变相收费或指定服务", Dimension.INTEGRITY),
        ],
    ),
]
FEE_BURDEN = [
    (
        "行政事业性收费",
        [
            (
                "过去一年缴纳行政事业性收费的次数",
                Dimension.FEE_BURDEN,
                QuestionKind.NUMERIC,
                0,
                50,
                True,
            ),
            ("收费项目和标准是否公示清楚", Dimension.POLICY_TRANSPARENCY),
            (
                "是否存在未公示的收费或搭车收费（1 从未 – 5 经常）",
                Dimension.FEE_BURDEN,
                QuestionKind.LIKERT,
                1,
                5,
                True,
            ),
        ],
    ),
    (
        "中介服务与摊派",
        [
            (
                "是否被要求到指定中介机构办理服务（1 从未 – 5 经常）",
                Dimension.FEE_BURDEN,
                QuestionKind.LIKERT,
                1,
                5,
                True,
            ),
            (
                "是否被要求赞助、订阅报刊或参加收费培训（1 从未 – 5 经常）",
                Dimension.FEE_BURDEN,
                QuestionKind.LIKERT,
                1,
                5,
                True,
            ),
            ("涉企收费负担总体感受（1 很重 – 5 很轻）", Dimension.FEE_BURDEN),
        ],
    ),
]
# Residents' appraisal of their committee (民主评议, rule 8): its index is the residents' opinion
# share of the community's combined evaluation (rule 6, community.services.inspections).
COMMUNITY_APPRAISAL = [
    (
        "服务与作风",
        [
            ("居委会工作人员服务态度热情、耐心", Dimension.ATTITUDE),
            ("为居民办事及时、不推诿", Dimension.EFFICIENCY),
            ("廉洁自律、办事公道", Dimension.INTEGRITY),
        ],
    ),
    (
        "居务公开与自治",
        [
            ("居务公开及时、清楚（财务、服务、决定）", Dimension.POLICY_TRANSPARENCY),
            ("居民议事、听证等自治活动听取了居民意见", Dimension.POLICY_TRANSPARENCY),
            ("居民反映的诉求得到答复和解决", Dimension.EFFICIENCY),
        ],
    ),
]
COMMUNITY_APPRAISAL_TEMPLATE = "community_appraisal"
# Democratic appraisal of a unit's conduct (民主评议政风行风, services.appraisals): the public,
# enterprises, deputies and efficiency monitors answer it, each group with its weight.
DEMOCRATIC_APPRAISAL = [
    (
        "政风",
        [
            ("依法行政、按规定程序办事", Dimension.POLICY_TRANSPARENCY),
            ("政务公开、办事依据和结果公开透明", Dimension.POLICY_TRANSPARENCY),
            ("廉洁自律、不吃拿卡要", Dimension.INTEGRITY),
        ],
    ),
    (
        "行风",
        [
            ("办事效率高、按时限办结", Dimension.EFFICIENCY),
            ("首问负责、一次性告知落实到位", Dimension.EFFICIENCY),
            ("服务态度热情、耐心", Dimension.ATTITUDE),
        ],
    ),
]
DEMOCRATIC_APPRAISAL_TEMPLATE = "democratic_appraisal"
TEMPLATES: dict[str, list] = {
    "province_satisfaction": PROVINCE_SATISFACTION,
    "fee_burden": FEE_BURDEN,
    COMMUNITY_APPRAISAL_TEMPLATE: COMMUNITY_APPRAISAL,
    DEMOCRATIC_APPRAISAL_TEMPLATE: DEMOCRATIC_APPRAISAL,
}


def _check(actor: User, owner: Organization) -> None:
    if not user_may(actor, Perm.SURVEY_MANAGE, owner):
        raise NotPermitted(_("You may not run surveys here."))


def survey_create(
    *,
    actor: User,
    title: str,
    owner: Organization,
    period_start: date,
    period_end: date,
    subject_unit: Organization | None = None,
    template: str = "",
    dimension_weights: Mapping[str, Decimal] | None = None,
) -> Survey:
    """A questionnaire, empty or filled from a template (province satisfaction, fee burden)."""
    _check(actor, owner)
    if not title.strip():
        raise InvalidInput(_("Give the survey a title."), field="title")
    if period_end < period_start:
        raise InvalidInput(_("The period ends before it starts."), field="period_end")
    if template and template not in TEMPLATES:
        raise InvalidInput(_("Unknown template."), field="template")
    weights = {}
    for dimension, weight in (dimension_weights or {}).items():
        if dimension not in Dimension.values:
            raise InvalidInput(
                _("Unknown dimension “%(d)s”.") % {"d": dimension}, field="dimension_weights"
            )
        try:
            value = Decimal(str(weight))
        except InvalidOperation as error:
            raise InvalidInput(
                _("Dimension weights must be numbers."), field="dimension_weights"
            ) from error
        if value < 0:
            raise InvalidInput(
                _("Dimension weights cannot be negative."), field="dimension_weights"
            )
        weights[dimension] = str(value)
    with transaction.atomic():
        survey = Survey.objects.create(
            title=title.strip(),
            owner=owner,
            subject_unit=subject_unit,
            period_start=period_start,
            period_end=period_end,
            template=template,
            dimension_weights=weights,
        )
        for s_order, (section_title, questions) in enumerate(TEMPLATES.get(template, []), 1):
            section = SurveySection.objects.create(
                survey=survey, title=section_title, order=s_order
            )
            for q_order, spec in enumerate(questions, 1):
                text, dimension, *rest = spec
                kind, minimum, maximum, is_reversed = (
                    rest if rest else (QuestionKind.LIKERT, 1, 5, False)
                )
                Question.objects.create(
                    section=section,
                    text=text,
                    dimension=dimension,
                    kind=kind,
                    minimum=minimum,
                    maximum=maximum,
                    is_reversed=is_reversed,
                    order=q_order,
                )
        audit(actor=actor, action="survey.create", obj=survey, detail={"template": template})
    return survey


def question_add(
    *,
    actor: User,
    survey: Survey,
    section_title: str,
    text: str,
    dimension: str = "",
    kind: str = QuestionKind.LIKERT,
    minimum: Decimal = Decimal("1"),
    maximum: Decimal = Decimal("5"),
    is_reversed: bool = False,
) -> Question:
    _check(actor, survey.owner)
    if survey.status != SurveyStatus.DRAFT:
        raise Conflict(
            _("Questions can be changed only while the survey is a draft."), field="status"
        )
    if not text.strip():
        raise InvalidInput(_("Write the question."), field="text")
    if dimension and dimension not in Dimension.values:
        raise InvalidInput(_("Unknown dimension."), field="dimension")
    if kind not in QuestionKind.values:
        raise InvalidInput(_("Unknown kind of question."), field="kind")
    if kind == QuestionKind.LIKERT:
        minimum, maximum = Decimal("1"), Decimal("5")
    if maximum <= minimum:
        raise InvalidInput(_("The maximum must be above the minimum."), field="maximum")
    with transaction.atomic():
        section, _created = SurveySection.objects.get_or_create(
            survey=survey,
            title=section_title.strip() or _("Questions"),
            defaults={"order": survey.sections.count() + 1},
        )
        question = Question.objects.create(
            section=section,
            text=text.strip(),
            dimension=dimension,
            kind=kind,
            minimum=minimum,
            maximum=maximum,
            is_reversed=is_reversed,
            order=section.questions.count() + 1,
        )
        audit(actor=actor, action="survey.question.add", obj=question)
    return question


def survey_set_status(*, actor: User, survey: Survey, status: str) -> Survey:
    _check(actor, survey.owner)
    check_transition(SURVEY_TRANSITIONS, survey.status, status, _("The survey"))
    if status == SurveyStatus.OPEN and not Question.objects.filter(section__survey=survey).exists():
        raise InvalidInput(_("Add questions before opening the survey."), field="status")
    with transaction.atomic():
        survey.status = status
        survey.save(update_fields=["status"])
        audit(actor=actor, action=f"survey.{status}", obj=survey)
    return survey


def survey_issue(
    *,
    actor: User,
    survey: Survey,
    respondents: Sequence[tuple[str, str]] = (),
    anonymous_links: int = 0,
    issued_on: date | None = None,
) -> list[SurveyInvitation]:
    """Issue copies: one per named respondent (kind, name) plus `anonymous_links` links."""
    _check(actor, survey.owner)
    if survey.status == SurveyStatus.CLOSED:
        raise Conflict(_("The survey is closed."), field="status")
    if anonymous_links < 0 or anonymous_links > 5000:
        raise InvalidInput(
            _("Issue between 0 and 5,000 anonymous links at a time."), field="anonymous_links"
        )
    for kind, name in respondents:
        if kind not in (RespondentKind.ENTERPRISE, RespondentKind.RESIDENT) or not name.strip():
            raise InvalidInput(
                _("Each named respondent needs a kind and a name."), field="respondents"
            )
    if not respondents and not anonymous_links:
        raise InvalidInput(_("Name respondents or ask for anonymous links."), field="respondents")
    issued_on = issued_on or timezone.localdate()
    copies = [
        SurveyInvitation(
            survey=survey,
            respondent_kind=kind,
            respondent_name=name.strip(),
            issued_on=issued_on,
            token=secrets.token_urlsafe(24),
        )
        for kind, name in respondents
    ]
    copies += [
        SurveyInvitation(
            survey=survey,
            respondent_kind=RespondentKind.ANONYMOUS,
            issued_on=issued_on,
            token=secrets.token_urlsafe(24),
        )
        for _i in range(anonymous_links)
    ]
    with transaction.atomic():
        created = SurveyInvitation.objects.bulk_create(copies)
        audit(
            actor=actor,
            action="survey.issue",
            obj=survey,
            detail={"named": len(respondents), "anonymous": anonymous_links},
        )
    return created


def _clean_answers(survey: Survey, values: Mapping[int, object]) -> dict[Question, Decimal]:
    questions = list(Question.objects.filter(section__survey=survey))
    cleaned: dict[Question, Decimal] = {}
    errors: list[tuple[str | None, str]] = []
    for question in questions:
        raw = values.get(question.pk)
        if raw in (None, ""):
            if question.is_required:
                errors.append((f"q{question.pk}", _("Answer “%(q)s”.") % {"q": question.text}))
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            errors.append((f"q{question.pk}", _("“%(q)s”: enter a number.") % {"q": question.text}))
            continue
        if not question.minimum <= value <= question.maximum or (
            question.kind == QuestionKind.LIKERT and value != value.to_integral_value()
        ):
            errors.append(
                (
                    f"q{question.pk}",
                    _("“%(q)s”: answer between %(min)s and %(max)s.")
                    % {"q": question.text, "min": question.minimum, "max": question.maximum},
                )
            )
            continue
        cleaned[question] = value
    if errors:
        raise InvalidInput(errors[0][1], field=errors[0][0], errors=errors)
    return cleaned


def survey_answer(
    *,
    invitation: SurveyInvitation,
    values: Mapping[int, object],
    channel: str = AnswerChannel.ONLINE,
    actor: User | None = None,
) -> SurveyInvitation:
    """Record the answers of one copy (online by its token, or keyed in from paper)."""
    survey = invitation.survey
    if channel == AnswerChannel.PAPER:
        if actor is None:
            raise NotPermitted(_("Paper answers are keyed in by the survey office."))
        _check(actor, survey.owner)
    if survey.status != SurveyStatus.OPEN:
        raise Conflict(_("This survey is not open for answers."), field="status")
    cleaned = _clean_answers(survey, values)
    with transaction.atomic():
        locked = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.returned_at is not None:
            raise Conflict(_("This questionnaire has already been answered."), field="token")
        Answer.objects.bulk_create(
            Answer(invitation=locked, question=q, value=v) for q, v in cleaned.items()
        )
        locked.returned_at = timezone.now()
        locked.channel = channel
        locked.save(update_fields=["returned_at", "channel"])
        audit(
            actor=actor,
            action="survey.answer",
            obj=locked,
            actor_name="" if actor else "respondent",
            detail={"survey": survey.pk, "channel": channel, "answers": len(cleaned)},
        )
        transaction.on_commit(lambda: survey_answered.send(sender=Survey, survey=survey))
    return locked


def survey_answer_paper(
    *, actor: User, survey: Survey, values: Mapping[int, object], respondent_name: str = ""
) -> SurveyInvitation:
    """Key in a paper copy that was handed out without a link: issue it and answer it."""
    named = respondent_name.strip()
    with transaction.atomic():  # a rejected paper copy is not counted as issued either
        invitation = survey_issue(
            actor=actor,
            survey=survey,
            respondents=[(RespondentKind.ENTERPRISE, named)] if named else (),
            anonymous_links=0 if named else 1,
        )[0]
        return survey_answer(
            invitation=invitation, values=values, channel=AnswerChannel.PAPER, actor=actor
        )
