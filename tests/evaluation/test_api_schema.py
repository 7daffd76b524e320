"""The evaluation API's OpenAPI contract (issue 13, item 8; docs/api.md).

Every evaluation operation documents its request body, its 2xx body and the error answers of
docs/api.md; generating the schema warns about nothing in this context; and what the views
really answer validates against what the schema says (numbers as numbers, lists as lists).
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import jsonschema
import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.evaluation.factories import PostHoldingFactory
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import Question

PREFIX = "/api/v1/evaluation/"
WRITES = {"post", "put", "patch"}
BINARY = {
    f"{PREFIX}systems/{{id}}/export/": "application/vnd.openxmlformats-officedocument."
    "spreadsheetml.sheet",
    f"{PREFIX}documents/{{id}}/word/": "application/vnd.openxmlformats-officedocument."
    "wordprocessingml.document",
    f"{PREFIX}result-applications/export/": "application/vnd.openxmlformats-officedocument."
    "spreadsheetml.sheet",
}

BODILESS = {f"{PREFIX}rounds/{{id}}/{{action}}/"}  # open, close, reopen, publish: no input


@pytest.fixture(scope="module")
def generated() -> tuple[dict[str, Any], list[str]]:
    """The schema as `xiaoneng spectacular` writes it, and the generator's warnings and errors."""
    GENERATOR_STATS.reset()
    GENERATOR_STATS.enable_trace_lineno()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    messages = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()
    return json.loads(json.dumps(schema, cls=DjangoJSONEncoder)), messages


@pytest.fixture(scope="module")
def schema(generated) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return generated[0]


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        if path.startswith(PREFIX)
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_generating_the_schema_warns_about_nothing_in_evaluation(generated):
    _schema, messages = generated
    assert [m for m in messages if "evaluation" in m.lower()] == []


def test_evaluation_enums_have_names_of_their_own(schema):
    """Field names alone collide ("status" of rounds, surveys, tasks, notices): the enum
    components used by evaluation carry a chosen name, not a hash suffix."""
    used = json.dumps([op for _p, _m, op in operations(schema)])
    seen: set[str] = set()
    todo = set(re.findall(r"#/components/schemas/(\w+)", used))
    while todo:
        name = todo.pop()
        seen.add(name)
        body = json.dumps(schema["components"]["schemas"][name])
        todo |= set(re.findall(r"#/components/schemas/(\w+)", body)) - seen
    enums = {n for n in seen if "enum" in schema["components"]["schemas"][n]}
    assert {"EvaluationRoundStatusEnum", "EvaluationSurveyStatusEnum"} <= enums
    assert [n for n in enums if re.search(r"[0-9a-f]{3}Enum$", n)] == []


def test_every_evaluation_operation_is_documented(schema):
    found = operations(schema)
    assert len(found) >= 45
    ids = [op["operationId"] for _p, _m, op in found]
    assert len(ids) == len(set(ids)), "operation ids are unique"
    for path, method, op in found:
        where = f"{method.upper()} {path}"
        responses = op["responses"]
        successes = [code for code in responses if code.startswith("2")]
        assert len(successes) == 1, where
        success = responses[successes[0]]
        if successes[0] != "204":
            media = BINARY.get(path, "application/json")
            assert media in success["content"], where
            assert success["content"][media]["schema"], where
        if method in WRITES and path not in BODILESS:
            assert op["requestBody"]["content"], where
        if method in WRITES:
            assert "400" in responses, where
        if "{" in path:
            assert "404" in responses, where
        for code in ("400", "401", "403", "404", "409"):
            if code in responses and not (path.endswith("/import/") and code == "400"):
                body = responses[code]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, where
        public = op.get("security") == [{}] or {} in op.get("security", [])
        assert public or "401" in responses, where


def test_lists_and_queries_are_documented_as_they_are_answered(schema):
    paths = schema["paths"]
    rounds = paths[f"{PREFIX}rounds/"]["get"]["responses"]["200"]
    assert rounds["content"]["application/json"]["schema"]["type"] == "array"
    due = {p["name"] for p in paths[f"{PREFIX}rotation/due/"]["get"]["parameters"]}
    assert {"on", "unit", "rank"} <= due
    tasks = {p["name"] for p in paths[f"{PREFIX}tasks/"]["get"]["parameters"]}
    assert "overdue" in tasks
    action = paths[f"{PREFIX}rounds/{{id}}/{{action}}/"]["post"]["parameters"]
    assert set(next(p for p in action if p["name"] == "action")["schema"]["enum"]) == {
        "open",
        "close",
        "reopen",
        "publish",
    }


# --- real answers against the schema -------------------------------------------------------


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 → JSON Schema: `nullable: true` becomes "or null"."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    converted = {k: _json_schema(v) for k, v in node.items() if k != "nullable"}
    for bound in ("Maximum", "Minimum"):  # 3.0's boolean exclusive bounds
        if converted.get(f"exclusive{bound}") is True:
            converted[f"exclusive{bound}"] = converted.pop(bound.lower())
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


class Contract:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.components = _json_schema(schema["components"])
        self.checked: set[tuple[str, str]] = set()

    def check(self, response: Any, path: str, method: str) -> Any:
        """The answer's status is documented and its body validates against the schema."""
        operation = self.schema["paths"][PREFIX + path][method]
        status = str(response.status_code)
        assert status in operation["responses"], (path, method, status, response.content[:300])
        self.checked.add((path, method))
        if status == "204":
            return None
        body = response.json()
        documented = operation["responses"][status]["content"]["application/json"]["schema"]
        jsonschema.validate(body, {**_json_schema(documented), "components": self.components})
        return body


@pytest.fixture
def contract(schema) -> Contract:  # type: ignore[no-untyped-def]
    return Contract(schema)


def client_for(user):  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


TREE = [
    {"code": "1", "name": "业务工作", "weight": 60},
    {
        "code": "1.1",
        "parent_code": "1",
        "name": "办件按时",
        "weight": 60,
        "method": "quantitative",
        "target": 95,
    },
    {
        "code": "2",
        "name": "行政能力",
        "weight": 40,
        "method": "qualitative",
        "grade_points": {"A": 1, "B": "0.8"},
    },
]


@time_machine.travel(date(2026, 12, 1), tick=False)
def test_round_answers_match_the_schema(org_tree, make_user, contract):
    t = org_tree
    officer = client_for(make_user(Role.EVALUATION_OFFICER, organization=t.efficiency_office))
    head = client_for(make_user(Role.DEPARTMENT_HEAD, organization=t.department))
    system = contract.check(
        officer.post(
            f"{PREFIX}systems/",
            {"name": "市直部门", "year": 2026, "unit_kind": "city_department", "owner": t.city.pk},
            format="json",
        ),
        "systems/",
        "post",
    )
    assert isinstance(system["total_weight"], float)
    sid = system["id"]
    contract.check(
        officer.put(f"{PREFIX}systems/{sid}/tree/", TREE, format="json"),
        "systems/{id}/tree/",
        "put",
    )
    refused = contract.check(
        officer.put(f"{PREFIX}systems/{sid}/tree/", [{"code": "1"}], format="json"),
        "systems/{id}/tree/",
        "put",
    )
    assert refused["errors"][0]["field"] == "0.name"
    detail = contract.check(officer.get(f"{PREFIX}systems/{sid}/"), "systems/{id}/", "get")
    assert detail["indicators"][2]["grade_points"] == {"A": 1, "B": 0.8}
    contract.check(officer.get(f"{PREFIX}systems/"), "systems/", "get")
    evaluation_round = contract.check(
        officer.post(
            f"{PREFIX}rounds/",
            {
                "name": "2026年度",
                "system": sid,
                "units": [t.department.pk, t.other_department.pk],
                "score_deadline": "2026-12-20",
                "shares": {"self_assessment": 40, "supervising_leader": "60"},
            },
            format="json",
        ),
        "rounds/",
        "post",
    )
    assert evaluation_round["shares"] == {"self_assessment": 40, "supervising_leader": 60}
    assert evaluation_round["grade_thresholds"][0] == {"grade": "excellent", "min": 90}
    rid = evaluation_round["id"]
    contract.check(officer.post(f"{PREFIX}rounds/{rid}/open/"), "rounds/{id}/{action}/", "post")
    contract.check(
        officer.post(f"{PREFIX}rounds/{rid}/open/"), "rounds/{id}/{action}/", "post"
    )  # 409: already scoring
    contract.check(
        officer.post(
            f"{PREFIX}rounds/{rid}/assignments/",
            {"indicator": "2", "department": t.other_department.pk},
            format="json",
        ),
        "rounds/{id}/assignments/",
        "post",
    )
    for body in ({"indicator": "1.1", "actual": 90.5}, {"indicator": "2", "grade": "A"}):
        score = contract.check(
            head.post(
                f"{PREFIX}rounds/{rid}/scores/",
                {"unit": t.department.pk, "scorer_role": "self_assessment", **body},
                format="json",
            ),
            "rounds/{id}/scores/",
            "post",
        )
        assert isinstance(score["points"], float)
    contract.check(head.get(f"{PREFIX}rounds/{rid}/scores/"), "rounds/{id}/scores/", "get")
    contract.check(officer.post(f"{PREFIX}rounds/{rid}/close/"), "rounds/{id}/{action}/", "post")
    results = contract.check(
        head.get(f"{PREFIX}rounds/{rid}/results/"), "rounds/{id}/results/", "get"
    )
    assert isinstance(results[0]["total"], float)
    appeal = contract.check(
        head.post(
            f"{PREFIX}rounds/{rid}/appeals/",
            {"unit": t.department.pk, "reason": "自评漏项", "indicator": "2"},
            format="json",
        ),
        "rounds/{id}/appeals/",
        "post",
    )
    contract.check(
        officer.post(
            f"{PREFIX}appeals/{appeal['id']}/decide/",
            {"is_upheld": False, "response": "维持"},
            format="json",
        ),
        "appeals/{id}/decide/",
        "post",
    )
    contract.check(officer.get(f"{PREFIX}rounds/{rid}/"), "rounds/{id}/", "get")
    contract.check(officer.get(f"{PREFIX}rounds/"), "rounds/", "get")
    contract.check(officer.get(f"{PREFIX}rounds/999999/"), "rounds/{id}/", "get")
    contract.check(APIClient().get(f"{PREFIX}rounds/"), "rounds/", "get")


def test_survey_answers_match_the_schema(org_tree, make_user, contract):
    officer = client_for(
        make_user(Role.EVALUATION_OFFICER, organization=org_tree.efficiency_office)
    )
    survey = contract.check(
        officer.post(
            f"{PREFIX}surveys/",
            {
                "title": "满意度",
                "owner": org_tree.city.pk,
                "period_start": "2026-01-01",
                "period_end": "2026-12-31",
                "template": "province_satisfaction",
                "dimension_weights": {"efficiency": 2, "attitude": "1"},
            },
            format="json",
        ),
        "surveys/",
        "post",
    )
    assert survey["dimension_weights"] == {"efficiency": 2, "attitude": 1}
    sid = survey["id"]
    contract.check(
        officer.post(f"{PREFIX}surveys/{sid}/status/", {"status": "open"}, format="json"),
        "surveys/{id}/status/",
        "post",
    )
    copies = contract.check(
        officer.post(
            f"{PREFIX}surveys/{sid}/issue/",
            {"respondents": [{"kind": "enterprise", "name": "某公司"}], "anonymous_links": 1},
            format="json",
        ),
        "surveys/{id}/issue/",
        "post",
    )
    refused = contract.check(
        officer.post(
            f"{PREFIX}surveys/{sid}/issue/",
            {"respondents": [{"kind": "某类", "name": "x"}]},
            format="json",
        ),
        "surveys/{id}/issue/",
        "post",
    )
    assert re.fullmatch(r"respondents(\.0|\[0\])\.kind", refused["errors"][0]["field"])
    answers = {str(q.pk): "4" for q in Question.objects.filter(section__survey_id=sid)}
    contract.check(
        APIClient().post(
            f"{PREFIX}survey-answers/{copies[0]['token']}/", {"answers": answers}, format="json"
        ),
        "survey-answers/{token}/",
        "post",
    )
    contract.check(
        officer.post(f"{PREFIX}surveys/{sid}/paper/", {"answers": answers}, format="json"),
        "surveys/{id}/paper/",
        "post",
    )
    detail = contract.check(officer.get(f"{PREFIX}surveys/{sid}/"), "surveys/{id}/", "get")
    assert isinstance(detail["index"]["overall"], float)
    assert isinstance(detail["index"]["response_rate"], float)
    contract.check(officer.get(f"{PREFIX}surveys/"), "surveys/", "get")


def test_rotation_and_task_answers_match_the_schema(org_tree, make_user, contract):
    t = org_tree
    hr = client_for(make_user(Role.HR_OFFICER, organization=t.efficiency_office))
    supervisor = client_for(make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office))
    person = make_user(organization=t.department)
    PostHoldingFactory(person=person, unit=t.department, started_on=date(2019, 3, 1))
    due = contract.check(hr.get(f"{PREFIX}rotation/due/"), "rotation/due/", "get")
    assert [r["person"] for r in due] == [person.pk]
    refused = contract.check(hr.get(f"{PREFIX}rotation/due/?rank=科级"), "rotation/due/", "get")
    assert refused["errors"][0]["field"] == "rank" and "section" in refused["errors"][0]["reason"]
    contract.check(hr.get(f"{PREFIX}rotation/counts/?year=2026"), "rotation/counts/", "get")
    contract.check(hr.get(f"{PREFIX}rotation/rotations/"), "rotation/rotations/", "get")
    contract.check(
        hr.post(
            f"{PREFIX}rotation/plans/",
            {
                "title": "2026年轮岗",
                "year": 2026,
                "owner": t.city.pk,
                "entries": [
                    {
                        "person": person.pk,
                        "to_unit": t.other_department.pk,
                        "to_post": "科员",
                        "planned_on": "2026-06-01",
                    }
                ],
            },
            format="json",
        ),
        "rotation/plans/",
        "post",
    )
    plans = contract.check(hr.get(f"{PREFIX}rotation/plans/"), "rotation/plans/", "get")
    contract.check(
        hr.post(f"{PREFIX}rotation/plan-entries/{plans[0]['entries'][0]['id']}/execute/"),
        "rotation/plan-entries/{id}/execute/",
        "post",
    )
    task = contract.check(
        supervisor.post(
            f"{PREFIX}tasks/",
            {
                "title": "优化营商环境",
                "source": "key_decision",
                "goal": "压缩办理时限",
                "deadline": "2026-12-31",
                "owner": t.city.pk,
                "lead_unit": t.department.pk,
                "milestones": [{"title": "方案", "due_on": "2026-06-30"}],
            },
            format="json",
        ),
        "tasks/",
        "post",
    )
    contract.check(supervisor.get(f"{PREFIX}tasks/?overdue=1"), "tasks/", "get")
    contract.check(supervisor.get(f"{PREFIX}tasks/?overdue=yes"), "tasks/", "get")
    contract.check(
        supervisor.post(
            f"{PREFIX}milestones/{task['milestones'][0]['id']}/done/", {}, format="json"
        ),
        "milestones/{id}/done/",
        "post",
    )
    contract.check(supervisor.get(f"{PREFIX}documents/"), "documents/", "get")
    contract.check(supervisor.get(f"{PREFIX}notices/"), "notices/", "get")
    contract.check(supervisor.get(f"{PREFIX}visits/"), "visits/", "get")
    contract.check(supervisor.get(f"{PREFIX}findings/counts/"), "findings/counts/", "get")
