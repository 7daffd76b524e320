"""The API of rule filings, self-inspection, democratic appraisal and results applied: every
forbidden path refused, bad input answered 400 naming the field, the HR export read back."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.evaluation.factories import SMALL_TREE
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import Question, ScorerRole, UnitKind
from xiaoneng.evaluation.services.indicators import system_create, system_save_tree
from xiaoneng.evaluation.services.rounds import (
    round_close_scoring,
    round_create,
    round_open,
    round_publish,
)

D = Decimal
TODAY = date(2026, 11, 2)
pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def client_for(user, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


@pytest.fixture
def people(org_tree, make_user):
    t = org_tree
    return {
        "head": make_user(Role.DEPARTMENT_HEAD, organization=t.department, real_name="王局长"),
        "other_head": make_user(Role.DEPARTMENT_HEAD, organization=t.other_department),
        "supervisor": make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office),
        "leader": make_user(Role.LEADER, organization=t.city),
        "officer": make_user(Role.EVALUATION_OFFICER, organization=t.efficiency_office),
    }


def test_rule_filing_through_the_api_and_its_forbidden_paths(org_tree, people):
    t = org_tree
    head, other = client_for(people["head"]), client_for(people["other_head"])
    supervisor, leader = client_for(people["supervisor"]), client_for(people["leader"])
    body = {"unit": t.department.pk, "rule": "first_responder", "text": "首问负责制（试行）"}
    assert other.post("/api/v1/rule-filings/", body, format="json").status_code == 403
    assert leader.post("/api/v1/rule-filings/", body, format="json").status_code == 403
    created = head.post("/api/v1/rule-filings/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert head.post("/api/v1/rule-filings/", body, format="json").status_code == 409
    review = f"/api/v1/rule-filings/{pk}/review/"
    # a unit reviewing its own filing; a reader writing
    assert head.post(review, {"is_accepted": True}, format="json").status_code == 403
    assert leader.post(review, {"is_accepted": True}, format="json").status_code == 403
    # another unit does not even see it
    assert other.post(review, {"is_accepted": True}, format="json").status_code == 404
    returned = supervisor.post(review, {"is_accepted": False}, format="json")
    assert returned.status_code == 400
    assert returned.json()["errors"][0]["field"] == "reason"
    returned = supervisor.post(
        review, {"is_accepted": False, "reason": "缺少责任人"}, format="json"
    )
    assert returned.json()["status"] == "returned"
    second = head.post("/api/v1/rule-filings/", body, format="json").json()
    assert second["version"] == 2
    detail = head.get(f"/api/v1/rule-filings/{second['id']}/").json()
    assert [h["version"] for h in detail["history"]] == [2, 1]
    missing = supervisor.get("/api/v1/rule-filings/missing/").json()
    assert t.department.pk in [row["unit"] for row in missing]
    listed = supervisor.get("/api/v1/rule-filings/", {"status": "returned"}).json()
    assert listed["count"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rule": "first_responder", "text": "x"}, "unit"),
        ({"unit": 0, "rule": "nine", "text": "x"}, "rule"),
        ({"rule": "first_responder", "text": " "}, "text"),
        ({"rule": "first_responder", "text": "x", "filed_on": "2026-13-01"}, "filed_on"),
    ],
)
def test_bad_filing_input_is_400_naming_the_field_in_chinese(org_tree, people, body, field):
    if body.get("unit", None) == 0 or "unit" not in body and field != "unit":
        body = {**body, "unit": org_tree.department.pk}
    answer = client_for(people["head"], "zh-hans").post(
        "/api/v1/rule-filings/", body, format="json"
    )
    assert answer.status_code == 400
    error = answer.json()["errors"][0]
    assert error["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["reason"]), error


@pytest.mark.parametrize(
    "query", [{"status": "lost"}, {"rule": "x"}, {"unit": "abc"}, {"page_size": "0"}]
)
def test_bad_filters_are_refused(people, query):
    assert client_for(people["supervisor"]).get("/api/v1/rule-filings/", query).status_code == 400


def test_self_inspection_through_the_api(org_tree, people):
    t = org_tree
    head, other = client_for(people["head"]), client_for(people["other_head"])
    supervisor = client_for(people["supervisor"])
    body = {"unit": t.department.pk, "year": 2026, "summary": "对照八项制度自查"}
    assert other.post("/api/v1/self-inspections/", body, format="json").status_code == 403
    report = head.post("/api/v1/self-inspections/", body, format="json").json()
    problems = f"/api/v1/self-inspections/{report['id']}/problems/"
    bad = head.post(
        problems,
        {"description": "x", "measure": "y", "found_on": "2026-09-30", "deadline_workdays": 0},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "deadline_workdays"
    problem = head.post(
        problems,
        {
            "description": "告知单不统一",
            "measure": "统一",
            "found_on": "2026-09-30",
            "deadline_workdays": 5,
        },
        format="json",
    ).json()
    assert problem["due_on"] == "2026-10-13"
    done = f"/api/v1/self-inspections/problems/{problem['id']}/done/"
    assert (
        other.post(done, {"done_on": "2026-10-12", "result": "x"}, format="json").status_code == 404
    )
    assert (
        head.post(done, {"done_on": "2026-10-12", "result": "已统一"}, format="json").status_code
        == 200
    )
    submit = f"/api/v1/self-inspections/{report['id']}/submit/"
    assert head.post(submit).status_code == 200
    review = f"/api/v1/self-inspections/{report['id']}/review/"
    assert head.post(review, {"is_accepted": True}, format="json").status_code == 403
    assert (
        supervisor.post(review, {"is_accepted": True}, format="json").json()["status"] == "accepted"
    )
    assert supervisor.get("/api/v1/self-inspections/", {"year": 2026}).json()["count"] == 1


@pytest.fixture
def published(org_tree, people, django_capture_on_commit_callbacks):
    """A published round whose leaf 1.2 follows an appraisal; the department appraised."""
    t, officer = org_tree, people["officer"]
    system = system_create(
        actor=officer, name="市直部门", year=2026, unit_kind=UnitKind.CITY_DEPARTMENT, owner=t.city
    )
    system_save_tree(actor=officer, system=system, nodes=SMALL_TREE)
    evaluation_round = round_create(
        actor=officer,
        name="2026年度绩效评估",
        system=system,
        units=[t.department, t.other_department],
        score_deadline=date(2026, 12, 20),
        shares={ScorerRole.SELF_ASSESSMENT: D(50), ScorerRole.SUPERVISING_LEADER: D(50)},
    )
    round_open(actor=officer, evaluation_round=evaluation_round)
    api = client_for(officer)
    created = api.post(
        "/api/v1/evaluation/appraisals/",
        {
            "title": "2026年度民主评议政风行风",
            "year": 2026,
            "owner": t.city.pk,
            "units": [t.department.pk, t.other_department.pk],
            "weights": {"public": 40, "enterprise": 30, "deputy": 20, "monitor": 10},
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    appraisal = created.json()
    link = api.post(
        f"/api/v1/evaluation/appraisals/{appraisal['id']}/link/",
        {"round": evaluation_round.pk, "indicator": "1.2"},
        format="json",
    )
    assert link.status_code == 200, link.json()
    survey = appraisal["results"][0]["survey"]
    answers = {str(q.pk): "5" for q in Question.objects.filter(section__survey_id=survey)}
    with django_capture_on_commit_callbacks(execute=True):
        paper = api.post(
            f"/api/v1/evaluation/appraisals/{appraisal['id']}/paper/",
            {"unit": t.department.pk, "group": "public", "answers": answers},
            format="json",
        )
    assert paper.status_code == 201, paper.json()
    return {"round": evaluation_round, "appraisal": appraisal, "api": api}


def test_appraisal_api_weights_groups_and_hand_scores_refused(org_tree, people, published):
    t, api = org_tree, published["api"]
    bad = api.post(
        "/api/v1/evaluation/appraisals/",
        {
            "title": "x",
            "year": 2026,
            "owner": t.city.pk,
            "units": [t.department.pk],
            "weights": {"public": 50, "enterprise": 30},
        },
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "weights"
    detail = api.get(f"/api/v1/evaluation/appraisals/{published['appraisal']['id']}/").json()
    by_unit = {row["unit"]: row for row in detail["results"]}
    assert by_unit[t.department.pk]["result"] == 100.0
    assert by_unit[t.department.pk]["by_group"]["public"] == 100.0
    hand = api.post(
        f"/api/v1/evaluation/rounds/{published['round'].pk}/scores/",
        {
            "unit": t.department.pk,
            "indicator": "1.2",
            "scorer_role": "supervising_leader",
            "grade": "A",
        },
        format="json",
    )
    assert hand.status_code == 409, hand.json()
    assert hand.json()["errors"][0]["field"] == "indicator"
    head = client_for(people["head"])
    issue = f"/api/v1/evaluation/appraisals/{published['appraisal']['id']}/issue/"
    assert head.post(
        issue, {"unit": t.department.pk, "group": "public", "copies": 1}, format="json"
    ).status_code in (403, 404)


def test_results_applied_recorded_listed_and_exported_to_hr(org_tree, people, published):
    t, api = org_tree, published["api"]
    evaluation_round = published["round"]
    body = {
        "round": evaluation_round.pk,
        "unit": t.department.pk,
        "leader": people["head"].pk,
        "recommendation": "commendation",
        "reason": "评估优秀，民主评议满意度高",
    }
    early = api.post("/api/v1/evaluation/result-applications/", body, format="json")
    assert early.status_code == 409  # not published yet
    round_close_scoring(actor=people["officer"], evaluation_round=evaluation_round)
    round_publish(actor=people["officer"], evaluation_round=evaluation_round)
    assert (
        client_for(people["leader"])
        .post("/api/v1/evaluation/result-applications/", body, format="json")
        .status_code
        == 403
    )
    wrong_leader = {**body, "leader": people["other_head"].pk}
    answer = api.post("/api/v1/evaluation/result-applications/", wrong_leader, format="json")
    assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == "leader"
    created = api.post("/api/v1/evaluation/result-applications/", body, format="json")
    assert created.status_code == 201, created.json()
    api.post(
        "/api/v1/evaluation/result-applications/",
        {
            "appraisal": published["appraisal"]["id"],
            "unit": t.department.pk,
            "recommendation": "reward",
            "reason": "民主评议第一名",
        },
        format="json",
    )
    listed = api.get("/api/v1/evaluation/result-applications/", {"leader": people["head"].pk})
    assert listed.json()["count"] == 1
    assert listed.json()["results"][0]["leader_name"] == "王局长"
    export = api.get("/api/v1/evaluation/result-applications/export/", {"unit": t.department.pk})
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("单位", "领导", "来源")
    assert len(rows) == 3
    by_recommendation = {row[7]: row for row in rows[1:]}
    commended = by_recommendation["Commendation (通报表扬)"]
    assert commended[0] == t.department.name and commended[1] == "王局长"
    assert commended[5]  # the round's grade
    rewarded = by_recommendation["Performance reward (业绩奖励)"]
    assert float(rewarded[6]) == 100.0  # the appraisal's result
    assert AuditRecord.objects.filter(action="result_application.export").exists()
    assert AuditRecord.objects.filter(action="result_application.record").count() == 2
