"""The evaluation API: a round end to end, errors as JSON with a field, never a 500."""

from datetime import date

import pytest
import time_machine
from rest_framework.test import APIClient

from tests.evaluation.factories import PostHoldingFactory
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import Question


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


TREE = [
    {"code": "1", "name": "业务工作", "weight": "60"},
    {
        "code": "1.1",
        "parent_code": "1",
        "name": "办件按时",
        "weight": "60",
        "method": "quantitative",
        "target": "95",
    },
    {"code": "2", "name": "行政能力", "weight": "40", "method": "qualitative"},
]


@time_machine.travel(date(2026, 12, 1), tick=False)
def test_round_end_to_end_through_the_api(org_tree, make_user):
    t = org_tree
    officer = client_for(make_user(Role.EVALUATION_OFFICER, organization=t.efficiency_office))
    head_a = client_for(make_user(Role.DEPARTMENT_HEAD, organization=t.department))
    head_b = client_for(make_user(Role.DEPARTMENT_HEAD, organization=t.other_department))
    system = officer.post(
        "/api/v1/evaluation/systems/",
        {"name": "市直部门", "year": 2026, "unit_kind": "city_department", "owner": t.city.pk},
        format="json",
    ).json()
    bad = officer.put(
        f"/api/v1/evaluation/systems/{system['id']}/tree/",
        [{**TREE[0]}, {**TREE[1], "weight": "50"}, TREE[2]],
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "weight"
    assert "“1 业务工作”" in bad.json()["errors"][0]["reason"]
    assert (
        officer.put(
            f"/api/v1/evaluation/systems/{system['id']}/tree/", TREE, format="json"
        ).status_code
        == 200
    )
    response = officer.post(
        "/api/v1/evaluation/rounds/",
        {
            "name": "2026年度",
            "system": system["id"],
            "units": [t.department.pk, t.other_department.pk],
            "score_deadline": "2026-12-20",
            "shares": {"self_assessment": "40", "supervising_leader": "60"},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    rid = response.json()["id"]
    assert officer.post(f"/api/v1/evaluation/rounds/{rid}/open/").json()["status"] == "scoring"
    for client, unit, actual, grade in (
        (head_a, t.department, "95", "A"),
        (head_b, t.other_department, "76", "B"),
    ):
        for body in ({"indicator": "1.1", "actual": actual}, {"indicator": "2", "grade": grade}):
            r = client.post(
                f"/api/v1/evaluation/rounds/{rid}/scores/",
                {"unit": unit.pk, "scorer_role": "self_assessment", **body},
                format="json",
            )
            assert r.status_code == 201, r.json()
    # a unit may not read the other unit's scores before publication
    assert {s["unit"] for s in head_a.get(f"/api/v1/evaluation/rounds/{rid}/scores/").json()} == {
        t.department.pk
    }
    officer.post(f"/api/v1/evaluation/rounds/{rid}/close/")
    assert len(head_a.get(f"/api/v1/evaluation/rounds/{rid}/results/").json()) == 1
    officer.post(f"/api/v1/evaluation/rounds/{rid}/publish/")
    results = head_a.get(f"/api/v1/evaluation/rounds/{rid}/results/").json()
    # only self-assessment scored (leader share missing → self scaled to 100 %)
    assert [(r["unit"], r["rank"], r["total"]) for r in results] == [
        (t.department.pk, 1, 100),
        (t.other_department.pk, 2, 80),
    ]
    # totals and points are JSON numbers (docs/api.md), not strings
    assert all(isinstance(r["total"], float) for r in results)
    assert all(isinstance(v, float) for r in results for v in r["detail"].values())


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/evaluation/rotation/due/?on=2026-13-01", "on"),
        ("/api/v1/evaluation/rotation/due/?unit=x", "unit"),
        ("/api/v1/evaluation/rotation/counts/?year=abc", "year"),
        ("/api/v1/evaluation/rotation/due/?unit=999999", "unit"),
    ],
)
def test_bad_query_gives_a_reason_naming_the_field(org_tree, make_user, url, field):
    hr = client_for(make_user(Role.HR_OFFICER, organization=org_tree.efficiency_office))
    response = hr.get(url)
    assert response.status_code in (400, 404)
    assert response.json()["errors"][0]["field"] == field


def test_rotation_due_through_the_api(org_tree, make_user):
    hr = client_for(make_user(Role.HR_OFFICER, organization=org_tree.efficiency_office))
    person = make_user(organization=org_tree.department)
    PostHoldingFactory(person=person, unit=org_tree.department, started_on=date(2021, 3, 1))
    assert hr.get("/api/v1/evaluation/rotation/due/?on=2026-02-28").json() == []
    assert [
        r["person"] for r in hr.get("/api/v1/evaluation/rotation/due/?on=2026-03-01").json()
    ] == [person.pk]


def test_anonymous_answer_by_token(org_tree, make_user):
    officer = client_for(
        make_user(Role.EVALUATION_OFFICER, organization=org_tree.efficiency_office)
    )
    survey = officer.post(
        "/api/v1/evaluation/surveys/",
        {
            "title": "满意度",
            "owner": org_tree.city.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "template": "province_satisfaction",
        },
        format="json",
    ).json()
    officer.post(
        f"/api/v1/evaluation/surveys/{survey['id']}/status/", {"status": "open"}, format="json"
    )
    token = officer.post(
        f"/api/v1/evaluation/surveys/{survey['id']}/issue/", {"anonymous_links": 1}, format="json"
    ).json()[0]["token"]
    answers = {str(q.pk): "4" for q in Question.objects.filter(section__survey_id=survey["id"])}
    public = APIClient()
    assert (
        public.post(
            f"/api/v1/evaluation/survey-answers/{token}/", {"answers": answers}, format="json"
        ).status_code
        == 201
    )
    again = public.post(
        f"/api/v1/evaluation/survey-answers/{token}/", {"answers": answers}, format="json"
    )
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "token"
    assert (
        public.post(
            "/api/v1/evaluation/survey-answers/nope/", {"answers": {}}, format="json"
        ).status_code
        == 404
    )
    detail = officer.get(f"/api/v1/evaluation/surveys/{survey['id']}/").json()
    assert detail["index"]["returned"] == 1 and detail["index"]["overall"] == 75
    assert isinstance(detail["index"]["overall"], float)
    assert isinstance(detail["index"]["response_rate"], float)


def test_unit_staff_cannot_create_rounds(org_tree, make_user):
    head = client_for(make_user(Role.DEPARTMENT_HEAD, organization=org_tree.department))
    response = head.post(
        "/api/v1/evaluation/systems/",
        {"name": "x", "year": 2026, "unit_kind": "city_department", "owner": org_tree.city.pk},
        format="json",
    )
    assert response.status_code == 403
