"""Surveys: issued vs returned, answers once, paper answers, the satisfaction index."""

from datetime import date
from decimal import Decimal

import pytest

from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import AnswerChannel, Dimension, Question, RespondentKind
from xiaoneng.evaluation.selectors.surveys import (
    combine_dimensions,
    normalized,
    satisfaction_index,
)
from xiaoneng.evaluation.services.surveys import (
    question_add,
    survey_answer,
    survey_answer_paper,
    survey_create,
    survey_issue,
    survey_set_status,
)
from xiaoneng.evaluation.workflow import SurveyStatus

D = Decimal


@pytest.mark.parametrize(
    ("average", "low", "high", "is_reversed", "expected"),
    [
        ("1", "1", "5", False, "0"),
        ("5", "1", "5", False, "100"),
        ("4", "1", "5", False, "75"),
        ("4", "1", "5", True, "25"),
        ("10", "0", "50", True, "80"),
        ("60", "0", "50", False, "100"),
    ],
)
def test_normalized_scale(average, low, high, is_reversed, expected):
    assert normalized(D(average), D(low), D(high), is_reversed=is_reversed) == D(expected)


@pytest.mark.parametrize(
    ("by_dimension", "weights", "expected"),
    [
        ({"a": D(80), "b": D(60)}, {}, D("70.00")),
        ({"a": D(80), "b": D(60)}, {"a": D(3), "b": D(1)}, D("75.00")),
        ({"a": D(80), "b": None}, {"a": D(1), "b": D(9)}, D("80.00")),
        ({"a": None}, {}, None),
    ],
)
def test_overall_index_weighs_dimensions(by_dimension, weights, expected):
    assert combine_dimensions(by_dimension, weights) == expected


@pytest.fixture
def survey(org_tree, make_user):
    officer = make_user(Role.EVALUATION_OFFICER, organization=org_tree.efficiency_office)
    s = survey_create(
        actor=officer,
        title="2026年企业满意度调查",
        owner=org_tree.city,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        subject_unit=org_tree.department,
        template="province_satisfaction",
        dimension_weights={Dimension.EFFICIENCY: 2},
    )
    survey_set_status(actor=officer, survey=s, status=SurveyStatus.OPEN)
    return officer, s


def _answers(s, value):
    return {q.pk: value for q in Question.objects.filter(section__survey=s)}


def test_issued_returned_and_index(survey):
    officer, s = survey
    copies = survey_issue(
        actor=officer,
        survey=s,
        respondents=[(RespondentKind.ENTERPRISE, "江州机械有限公司")],
        anonymous_links=3,
    )
    assert len(copies) == 4 and all(len(c.token) >= 32 for c in copies)
    survey_answer(invitation=copies[0], values=_answers(s, 5))
    survey_answer(invitation=copies[1], values=_answers(s, 4))
    survey_answer_paper(actor=officer, survey=s, values=_answers(s, 3))
    index = satisfaction_index(survey=s)
    assert (index.issued, index.returned, index.response_rate) == (5, 3, D("60.00"))
    # every dimension: answers 5, 4, 3 → 100, 75, 50 → 75
    assert index.by_dimension[Dimension.INTEGRITY] == D("75.00")
    assert index.overall == D("75.00")


def test_a_copy_is_answered_once_and_answers_are_checked(survey):
    officer, s = survey
    copy = survey_issue(actor=officer, survey=s, anonymous_links=1)[0]
    bad = _answers(s, 5)
    first = next(iter(bad))
    bad[first] = 6
    with pytest.raises(InvalidInput) as error:
        survey_answer(invitation=copy, values=bad)
    assert error.value.field == f"q{first}"
    survey_answer(invitation=copy, values=_answers(s, 5))
    with pytest.raises(Conflict):
        survey_answer(invitation=copy, values=_answers(s, 5))


def test_rejected_paper_copy_is_not_counted_as_issued(survey):
    officer, s = survey
    with pytest.raises(InvalidInput):
        survey_answer_paper(actor=officer, survey=s, values={})
    assert satisfaction_index(survey=s).issued == 0


def test_fee_burden_template_and_numeric_questions(org_tree, make_user):
    officer = make_user(Role.EVALUATION_OFFICER, organization=org_tree.efficiency_office)
    s = survey_create(
        actor=officer,
        title="涉企收费负担调查",
        owner=org_tree.city,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        template="fee_burden",
    )
    with pytest.raises(InvalidInput):
        question_add(
            actor=officer,
            survey=s,
            section_title="x",
            text="q",
            kind="numeric",
            minimum=D(5),
            maximum=D(5),
        )
    survey_set_status(actor=officer, survey=s, status=SurveyStatus.OPEN)
    with pytest.raises(Conflict):
        question_add(actor=officer, survey=s, section_title="x", text="q")
    copy = survey_issue(actor=officer, survey=s, anonymous_links=1)[0]
    values = _answers(s, 1)
    survey_answer(invitation=copy, values=values, channel=AnswerChannel.ONLINE)
    index = satisfaction_index(survey=s)
    assert index.by_dimension[Dimension.FEE_BURDEN] is not None
