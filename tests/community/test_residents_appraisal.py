"""Residents' appraisal of the committee (民主评议, rule 8) scores the residents' opinion, the main
part (≥ 50 %) of the community's one combined evaluation a year (rule 6): the survey's
satisfaction index becomes the opinion indicators' score and follows the answers as they come
in; hand scores of a linked indicator, surveys of another kind, community or year, and people
without the right are refused, on the service and on the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xiaoneng.community.services import inspections as inspection_services
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import Question, RespondentKind
from xiaoneng.evaluation.selectors.surveys import satisfaction_index
from xiaoneng.evaluation.services.surveys import (
    survey_answer,
    survey_create,
    survey_issue,
    survey_set_status,
)
from xiaoneng.evaluation.workflow import SurveyStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(org_tree, make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.EVALUATION_OFFICER, organization=org_tree.efficiency_office)


def _appraisal(officer, org_tree, community, *, year=2026, template="community_appraisal"):  # type: ignore[no-untyped-def]
    survey = survey_create(
        actor=officer,
        title=f"{community.name}民主评议",
        owner=org_tree.efficiency_office,
        subject_unit=community,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        template=template,
    )
    survey_set_status(actor=officer, survey=survey, status=SurveyStatus.OPEN)
    return survey


def _answer_all(officer, survey, value):  # type: ignore[no-untyped-def]
    invitation = survey_issue(
        actor=officer, survey=survey, respondents=[(RespondentKind.RESIDENT, "居民")]
    )[0]
    questions = Question.objects.filter(section__survey=survey)
    survey_answer(invitation=invitation, values={q.pk: value for q in questions})


@pytest.fixture
def evaluation(cm):  # type: ignore[no-untyped-def]
    return inspection_services.evaluation_create(
        actor=cm.street_staff,
        community=cm.community,
        year=2026,
        indicators=[
            {"name": "居民民主评议", "kind": "resident_opinion", "weight": "60"},
            {"name": "为民服务实效", "kind": "service", "weight": "40"},
        ],
    )


def test_the_template_asks_residents_about_service_openness_and_self_government(
    officer, org_tree, cm
):  # type: ignore[no-untyped-def]
    survey = _appraisal(officer, org_tree, cm.community)
    questions = list(Question.objects.filter(section__survey=survey))
    assert len(questions) == 6 and all(q.dimension for q in questions)
    assert {"attitude", "efficiency", "integrity", "policy_transparency"} == {
        q.dimension for q in questions
    }


def test_the_appraisal_scores_the_residents_opinion_and_follows_the_answers(
    officer, org_tree, cm, evaluation, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    survey = _appraisal(officer, org_tree, cm.community)
    with django_capture_on_commit_callbacks(execute=True):
        _answer_all(officer, survey, 5)  # very satisfied: 100
    inspection_services.evaluation_opinion_survey_link(
        actor=cm.street_staff, evaluation=evaluation, survey=survey
    )
    opinion = evaluation.indicators.get(kind="resident_opinion")
    assert opinion.survey == survey and opinion.score == Decimal("100")
    service = evaluation.indicators.get(kind="service")
    inspection_services.evaluation_score(
        actor=cm.street_staff, evaluation=evaluation, scores={service.pk: "50"}
    )
    evaluation.refresh_from_db()
    assert evaluation.total_score == Decimal("80")  # 60 % × 100 + 40 % × 50

    with django_capture_on_commit_callbacks(execute=True):
        _answer_all(officer, survey, 3)  # basically satisfied: 50; the mean is now 75
    opinion.refresh_from_db()
    assert opinion.score == satisfaction_index(survey=survey).overall == Decimal("75")
    assert evaluation.total_score == Decimal("65")  # 60 % × 75 + 40 % × 50


def test_a_linked_indicator_is_not_scored_by_hand(officer, org_tree, cm, evaluation):  # type: ignore[no-untyped-def]
    survey = _appraisal(officer, org_tree, cm.community)
    inspection_services.evaluation_opinion_survey_link(
        actor=cm.street_staff, evaluation=evaluation, survey=survey
    )
    opinion = evaluation.indicators.get(kind="resident_opinion")
    with pytest.raises(Conflict) as caught:
        inspection_services.evaluation_score(
            actor=cm.street_staff, evaluation=evaluation, scores={opinion.pk: "99"}
        )
    assert caught.value.field == f"scores.{opinion.pk}"
    opinion.refresh_from_db()
    assert opinion.score is None  # nobody answered yet


@pytest.mark.parametrize(
    "case, reason",
    [
        ("another template", "请选择居民民主评议问卷"),
        ("another community", "其他社区"),
        ("another year", "年度"),
    ],
)
def test_a_survey_that_does_not_appraise_this_committee_this_year_is_refused(
    officer, org_tree, cm, evaluation, case, reason
):  # type: ignore[no-untyped-def]
    survey = _appraisal(
        officer,
        org_tree,
        cm.other_community if case == "another community" else cm.community,
        year=2025 if case == "another year" else 2026,
        template="province_satisfaction" if case == "another template" else "community_appraisal",
    )
    with pytest.raises(InvalidInput) as caught:
        inspection_services.evaluation_opinion_survey_link(
            actor=cm.street_staff, evaluation=evaluation, survey=survey
        )
    assert caught.value.field == "survey" and reason in str(caught.value.message)
    assert not evaluation.indicators.filter(survey__isnull=False).exists()


def test_community_staff_may_not_link_the_appraisal(officer, org_tree, cm, evaluation):  # type: ignore[no-untyped-def]
    survey = _appraisal(officer, org_tree, cm.community)
    with pytest.raises(NotPermitted):
        inspection_services.evaluation_opinion_survey_link(
            actor=cm.community_staff, evaluation=evaluation, survey=survey
        )


def test_api_links_the_appraisal_and_refuses_the_forbidden_paths(
    officer, org_tree, cm, evaluation, client
):  # type: ignore[no-untyped-def]
    survey = _appraisal(officer, org_tree, cm.community)
    other = _appraisal(officer, org_tree, cm.other_community)
    url = f"/api/v1/community/evaluations/{evaluation.pk}/opinion-survey/"
    assert (
        client.post(url, {"survey": survey.pk}, content_type="application/json").status_code == 401
    )
    client.force_login(cm.community_staff)
    refused = client.post(url, {"survey": survey.pk}, content_type="application/json")
    assert refused.status_code == 403
    client.force_login(cm.street_staff)
    for body in ({"survey": other.pk}, {"survey": 999999}, {"survey": "x"}, {}):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code in (400, 404) and "survey" in str(response.json()), body
    ok = client.post(url, {"survey": survey.pk}, content_type="application/json")
    assert ok.status_code == 200
    rows = {i["kind"]: i for i in ok.json()["indicators"]}
    assert rows["resident_opinion"]["survey"] == survey.pk and rows["service"]["survey"] is None


def test_evaluations_page_offers_the_appraisal_and_links_it(
    officer, org_tree, cm, evaluation, client
):  # type: ignore[no-untyped-def]
    survey = _appraisal(officer, org_tree, cm.community)
    _appraisal(officer, org_tree, cm.community, year=2025)  # another year: not offered
    client.force_login(cm.street_staff)
    page = client.get("/workbench/community/evaluations/").content.decode()
    assert survey.title in page and page.count("opinion-survey/") == 1
    url = f"/workbench/community/evaluations/{evaluation.pk}/opinion-survey/"
    assert client.post(url, {"survey": survey.pk}).status_code == 302
    assert evaluation.indicators.get(kind="resident_opinion").survey == survey
    after = client.get("/workbench/community/evaluations/").content.decode()
    assert "opinion-survey/" not in after


def test_evaluations_page_refuses_the_link_without_the_right(
    officer, org_tree, cm, evaluation, client
):  # type: ignore[no-untyped-def]
    survey = _appraisal(officer, org_tree, cm.community)
    url = f"/workbench/community/evaluations/{evaluation.pk}/opinion-survey/"
    client.force_login(cm.community_staff)
    assert client.post(url, {"survey": survey.pk}).status_code == 403
    assert "opinion-survey/" not in client.get("/workbench/community/evaluations/").content.decode()
    client.force_login(cm.street_staff)
    client.post(url, {"survey": "junk"})
    assert not evaluation.indicators.filter(survey__isnull=False).exists()
