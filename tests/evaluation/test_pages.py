"""Workbench and portal pages render for the roles that use them, and forms show reasons."""

from datetime import date

import pytest
import time_machine
from rest_framework.test import APIClient

from tests.evaluation.factories import SMALL_TREE, PostHoldingFactory, leaf
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import (
    EvaluationRound,
    FindingKind,
    Question,
    ScorerRole,
    TaskSource,
    UnitKind,
)
from xiaoneng.evaluation.services.indicators import system_create, system_save_tree
from xiaoneng.evaluation.services.inspections import finding_record, visit_record
from xiaoneng.evaluation.services.rotation import rotation_plan_create
from xiaoneng.evaluation.services.rounds import (
    round_assign,
    round_create,
    round_open,
    score_enter,
)
from xiaoneng.evaluation.services.surveys import survey_create, survey_issue, survey_set_status
from xiaoneng.evaluation.services.tasks import notice_issue, task_create


@pytest.fixture
def world(org_tree, make_user):
    t = org_tree
    officer = make_user(Role.EVALUATION_OFFICER, organization=t.efficiency_office)
    supervisor = make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office)
    hr = make_user(Role.HR_OFFICER, organization=t.efficiency_office)
    head = make_user(Role.DEPARTMENT_HEAD, organization=t.department)
    functional = make_user(Role.DEPARTMENT_HEAD, organization=t.service_centre)
    system = system_create(
        actor=officer, name="市直部门", year=2026, unit_kind=UnitKind.CITY_DEPARTMENT, owner=t.city
    )
    system_save_tree(actor=officer, system=system, nodes=SMALL_TREE)
    r = round_create(
        actor=officer,
        name="2026年度评估",
        system=system,
        units=[t.department, t.other_department],
        score_deadline=date(2026, 12, 20),
        shares={ScorerRole.SELF_ASSESSMENT: 40, ScorerRole.FUNCTIONAL_DEPARTMENT: 60},
    )
    round_assign(
        actor=officer, evaluation_round=r, indicator=leaf(system, "1"), department=t.service_centre
    )
    survey = survey_create(
        actor=officer,
        title="满意度",
        owner=t.city,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        template="province_satisfaction",
    )
    survey_set_status(actor=officer, survey=survey, status="open")
    token = survey_issue(actor=officer, survey=survey, anonymous_links=1)[0].token
    task = task_create(
        actor=supervisor,
        title="企业开办提速",
        source=TaskSource.KEY_DECISION,
        goal="1日办结",
        deadline=date(2026, 1, 31),
        owner=t.city,
        lead_unit=t.department,
    )
    notice = notice_issue(
        actor=supervisor, unit=t.department, problem="离岗", deadline=date(2099, 1, 1), owner=t.city
    )
    visit = visit_record(
        actor=supervisor,
        owner=t.city,
        visited_on=date(2026, 1, 5),
        mode="open",
        units=[t.department],
        inspectors=[supervisor],
    )
    finding_record(
        actor=supervisor, visit=visit, unit=t.department, kind=FindingKind.LATE, person=head
    )
    PostHoldingFactory(person=head, unit=t.department, started_on=date(2015, 1, 1))
    return locals()


def pages(w):
    return [
        ("officer", "/workbench/evaluation/"),
        ("officer", "/workbench/evaluation/systems/"),
        ("officer", f"/workbench/evaluation/systems/{w['system'].pk}/"),
        ("officer", f"/workbench/evaluation/systems/{w['system'].pk}/?export=xlsx"),
        ("officer", f"/workbench/evaluation/rounds/{w['r'].pk}/"),
        ("officer", f"/workbench/evaluation/rounds/{w['r'].pk}/results/"),
        ("officer", f"/workbench/evaluation/rounds/{w['r'].pk}/results/?export=xlsx"),
        ("head", "/workbench/evaluation/"),
        ("head", f"/workbench/evaluation/rounds/{w['r'].pk}/"),
        ("officer", "/workbench/evaluation/surveys/"),
        ("officer", f"/workbench/evaluation/surveys/{w['survey'].pk}/"),
        ("officer", f"/workbench/evaluation/surveys/{w['survey'].pk}/?export=links"),
        ("officer", "/workbench/evaluation/surveys/compare/"),
        ("hr", "/workbench/evaluation/rotation/"),
        ("hr", "/workbench/evaluation/rotation/?on=2026-13-01&rank=x"),
        ("hr", "/workbench/evaluation/rotation/?export=xlsx"),
        ("supervisor", "/workbench/evaluation/tasks/"),
        ("supervisor", "/workbench/evaluation/tasks/?overdue=1"),
        ("supervisor", "/workbench/evaluation/tasks/?export=xlsx"),
        ("supervisor", f"/workbench/evaluation/tasks/{w['task'].pk}/"),
        ("head", f"/workbench/evaluation/tasks/{w['task'].pk}/"),
        ("supervisor", f"/workbench/evaluation/notices/{w['notice'].pk}/"),
        ("supervisor", f"/workbench/evaluation/documents/{w['notice'].document_id}/word/"),
        ("supervisor", "/workbench/evaluation/visits/?year=2026"),
        ("supervisor", "/workbench/evaluation/visits/?year=2026&export=xlsx"),
        ("supervisor", f"/workbench/evaluation/visits/{w['visit'].pk}/"),
    ]


@time_machine.travel(date(2026, 12, 1), tick=False)
def test_pages_render(client, world):
    for who, url in pages(world):
        client.force_login(world[who])
        response = client.get(url)
        assert response.status_code == 200, (who, url, response.content[:300])


@time_machine.travel(date(2026, 12, 1), tick=False)
def test_pages_refuse_roles_without_the_capability(client, world):
    client.force_login(world["hr"])
    assert client.get("/workbench/evaluation/surveys/").status_code == 403
    client.force_login(world["head"])
    assert client.get("/workbench/evaluation/rotation/").status_code == 403


def test_portal_survey_by_token(client, world):
    url = f"/evaluation/survey/{world['token']}/"
    assert client.get(url).status_code == 200
    assert client.get("/evaluation/survey/nope/").status_code == 404
    assert client.get("/evaluation/survey/").status_code == 200
    response = client.post(url, {})
    assert response.status_code == 200 and "has-error" in response.content.decode()
    answers = {f"q{q.pk}": "5" for q in Question.objects.filter(section__survey=world["survey"])}
    assert client.post(url, answers).status_code == 302
    assert "has been answered" in client.get(url).content.decode()


@time_machine.travel(date(2026, 12, 1), tick=False)
def test_round_journey_through_the_pages(client, world, org_tree):
    """Office opens → unit self-assesses → functional department scores → publish → ranking."""
    w, t = world, org_tree
    r = w["r"]
    client.force_login(w["officer"])
    assert client.post(f"/workbench/evaluation/rounds/{r.pk}/open/").status_code == 302
    client.force_login(w["head"])
    sheet = (
        f"/workbench/evaluation/rounds/{r.pk}/score/?unit={t.department.pk}&role=self_assessment"
    )
    page = client.get(sheet)
    assert page.status_code == 200
    values = {
        f"value_{leaf(w['system'], c).pk}": v
        for c, v in {"1.1": "95", "1.2": "A", "2.1": "0", "2.2": "B", "2.3": "1"}.items()
    }
    bad = client.post(sheet, {**values, f"value_{leaf(w['system'], '1.1').pk}": "abc"})
    assert bad.status_code == 200 and "Enter a number." in bad.content.decode()
    assert client.post(sheet, values).status_code == 302
    # the head may not open the other unit's sheet
    other = sheet.replace(str(t.department.pk), str(t.other_department.pk))
    assert client.get(other).status_code == 404
    client.force_login(w["functional"])
    fsheet = (
        f"/workbench/evaluation/rounds/{r.pk}/score/?unit={t.department.pk}"
        "&role=functional_department"
    )
    assert (
        client.post(
            fsheet,
            {
                f"value_{leaf(w['system'], '1.1').pk}": "95",
                f"value_{leaf(w['system'], '1.2').pk}": "A",
            },
        ).status_code
        == 302
    )
    client.force_login(w["officer"])
    client.post(f"/workbench/evaluation/rounds/{r.pk}/close/")
    client.post(f"/workbench/evaluation/rounds/{r.pk}/publish/")
    client.force_login(w["head"])
    ranking = client.get(f"/workbench/evaluation/rounds/{r.pk}/results/").content.decode()
    assert "江州市市场监督管理局" in ranking and "江州市民政局" in ranking
    # department: 1.1 40 + 1.2 20 + 2.1 25 + 2.2 12 + 2.3 1 = 98.00, rank 1
    assert "98.00" in ranking


@time_machine.travel(date(2026, 12, 1), tick=False)
def test_plans_milestones_and_questions_from_the_pages(client, world, org_tree):
    w, t = world, org_tree
    hr = w["hr"]
    plan = rotation_plan_create(
        actor=hr,
        title="2026年轮岗计划",
        year=2026,
        owner=t.city,
        entries=[
            {
                "person": w["head"],
                "to_unit": t.other_department,
                "to_post": "综合科科长",
                "planned_on": date(2026, 11, 30),
            }
        ],
    )
    client.force_login(hr)
    assert "2026年轮岗计划" in client.get("/workbench/evaluation/rotation/").content.decode()
    entry = plan.entries.get()
    response = client.post(f"/workbench/evaluation/rotation/plan-entries/{entry.pk}/execute/")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.rotation.to_post == "综合科科长"

    client.force_login(w["supervisor"])
    task = task_create(
        actor=w["supervisor"],
        title="t",
        source=TaskSource.HOT_ISSUE,
        goal="g",
        deadline=date(2026, 12, 31),
        owner=t.city,
        lead_unit=t.department,
        milestones=[("方案", date(2026, 12, 10))],
    )
    milestone = task.milestones.get()
    client.post(
        f"/workbench/evaluation/tasks/{task.pk}/",
        {"action": "milestone", "milestone": milestone.pk},
    )
    milestone.refresh_from_db()
    assert milestone.done_on == date(2026, 12, 1)

    client.force_login(w["officer"])
    draft = survey_create(
        actor=w["officer"],
        title="空白",
        owner=t.city,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    url = f"/workbench/evaluation/surveys/{draft.pk}/"
    bad = client.post(
        url,
        {
            "action": "question",
            "section_title": "一",
            "text": "收费次数",
            "kind": "numeric",
            "minimum": "5",
            "maximum": "5",
        },
    )
    assert (
        bad.status_code == 200 and "The maximum must be above the minimum." in bad.content.decode()
    )
    assert (
        client.post(
            url,
            {
                "action": "question",
                "section_title": "一",
                "text": "服务态度",
                "kind": "likert",
                "dimension": "attitude",
            },
        ).status_code
        == 302
    )
    assert Question.objects.filter(section__survey=draft).count() == 1


def test_rotation_plan_api(org_tree, make_user):
    hr = make_user(Role.HR_OFFICER, organization=org_tree.efficiency_office)
    person = make_user(organization=org_tree.department, post="科员")
    client = APIClient()
    client.force_authenticate(hr)
    response = client.post(
        "/api/v1/evaluation/rotation/plans/",
        {
            "title": "计划",
            "year": 2026,
            "owner": org_tree.city.pk,
            "entries": [
                {
                    "person": person.pk,
                    "to_unit": org_tree.other_department.pk,
                    "to_post": "科员",
                    "planned_on": "2026-03-01",
                }
            ],
        },
        format="json",
    )
    assert response.status_code == 201
    plans = client.get("/api/v1/evaluation/rotation/plans/").json()
    entry = plans[0]["entries"][0]
    executed = client.post(f"/api/v1/evaluation/rotation/plan-entries/{entry['id']}/execute/")
    assert executed.status_code == 201, executed.json()
    assert client.get("/api/v1/evaluation/rotation/plans/").json()[0]["entries"][0]["rotated"]


def test_round_created_from_the_page_with_grade_thresholds(client, world, org_tree):
    client.force_login(world["officer"])
    data = {
        "name": "2027年度",
        "system": world["system"].pk,
        "units": [org_tree.department.pk],
        "score_deadline": "2027-12-20",
        "appeal_workdays": "5",
        "share_self_assessment": "100",
        "share_supervising_leader": "0",
        "share_functional_department": "0",
        "share_on_site_verification": "0",
        "grade_thresholds": "优秀=90;良好=80",
    }
    bad = client.post("/workbench/evaluation/", data)
    assert bad.status_code == 200
    assert "The lowest grade must start at 0" in bad.content.decode()
    good = client.post("/workbench/evaluation/", {**data, "grade_thresholds": "优秀=90;合格=0"})
    assert good.status_code == 302
    created = EvaluationRound.objects.get(name="2027年度")
    assert created.grade_thresholds == [
        {"grade": "优秀", "min": "90"},
        {"grade": "合格", "min": "0"},
    ]


@time_machine.travel(date(2026, 12, 1), tick=False)
def test_office_previews_results_while_scoring(client, world, org_tree):
    w = world
    round_open(actor=w["officer"], evaluation_round=w["r"])
    score_enter(
        actor=w["head"],
        evaluation_round=w["r"],
        unit=org_tree.department,
        indicator=leaf(w["system"], "2.2"),
        scorer_role=ScorerRole.SELF_ASSESSMENT,
        grade="A",
    )
    client.force_login(w["officer"])
    page = client.get(f"/workbench/evaluation/rounds/{w['r'].pk}/results/").content.decode()
    assert "Preview while scoring is open" in page and "15.00" in page
    client.force_login(w["head"])
    page = client.get(f"/workbench/evaluation/rounds/{w['r'].pk}/results/").content.decode()
    assert "Preview" not in page and "15.00" not in page
