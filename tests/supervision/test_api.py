"""The supervision API: summary, case lights, breaches, warnings and accountability actions."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from tests.supervision.factories import make_case, make_version
from xiaoneng.cases.models import Case
from xiaoneng.core.roles import Role
from xiaoneng.supervision.breaches import detect_time_based
from xiaoneng.supervision.models import Accountability, EfficiencyWarning
from xiaoneng.supervision.sweep import supervise

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def supervisor(personas):
    return personas[Role.EFFICIENCY_SUPERVISOR]


@pytest.fixture
def cases(org_tree):
    version = make_version(org_tree.department, committed=5, legal=20)
    return {
        "red": make_case(version, accepted_on=D("2025-08-01")),
        "yellow": make_case(version, accepted_on=D("2025-09-04")),
        "green": make_case(version, accepted_on=D("2025-09-09")),
    }


def test_summary_counts_by_light_as_of(supervisor, cases, org_tree):
    api = client_for(supervisor)
    body = api.get("/api/v1/supervision/summary", {"as_of": "2025-09-09"}).json()
    assert (body["open"], body["green"], body["yellow"], body["red"], body["legal_overdue"]) == (
        3,
        1,
        1,
        1,
        1,
    )
    past = api.get("/api/v1/supervision/summary", {"as_of": "2025-08-15"}).json()
    assert (past["open"], past["red"]) == (1, 1)  # only the 08-01 case, due 08-08
    scoped = api.get(
        "/api/v1/supervision/summary",
        {"as_of": "2025-09-09", "organization": org_tree.other_department.pk},
    )
    assert scoped.json()["open"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [({"as_of": "09/09/2025"}, "as_of"), ({"organization": "x"}, "organization")],
)
def test_summary_bad_filters_name_the_field(supervisor, params, field):
    response = client_for(supervisor).get("/api/v1/supervision/summary", params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_summary_refuses_foreign_organization_and_outsiders(supervisor, org_tree, personas):
    response = client_for(supervisor).get(
        "/api/v1/supervision/summary", {"organization": org_tree.other_city.pk}
    )
    assert response.status_code == 404
    assert (
        client_for(personas[Role.WINDOW_CLERK]).get("/api/v1/supervision/summary").status_code
        == 403
    )
    assert APIClient().get("/api/v1/supervision/summary").status_code in (401, 403)


@pytest.mark.parametrize(
    ("light", "key"),
    [("red", "red"), ("yellow", "yellow"), ("green", "green"), ("legal_overdue", "red")],
)
def test_case_list_by_light(supervisor, cases, light, key):
    body = (
        client_for(supervisor)
        .get("/api/v1/supervision/cases", {"light": light, "as_of": "2025-09-09"})
        .json()
    )
    assert [row["number"] for row in body["results"]] == [cases[key].number]


def test_case_list_rejects_unknown_light(supervisor):
    response = client_for(supervisor).get("/api/v1/supervision/cases", {"light": "blue"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "light"


def test_breach_list(supervisor, cases):
    detect_time_based(as_of=D("2025-09-09"))
    body = (
        client_for(supervisor)
        .get("/api/v1/supervision/breaches", {"rule": "legal_deadline_missed"})
        .json()
    )
    assert [row["case_number"] for row in body["results"]] == [cases["red"].number]
    bad = client_for(supervisor).get("/api/v1/supervision/breaches", {"rule": "nap"})
    assert bad.status_code == 400


def test_issue_warnings_through_the_api_until_the_unit_is_flagged(
    supervisor, org_tree, make_user, personas
):
    api = client_for(supervisor)
    staff = [make_user(Role.REVIEWER, organization=org_tree.department) for _ in range(3)]
    for person in staff:
        response = api.post(
            "/api/v1/supervision/warnings",
            {
                "person": person.pk,
                "reason": "窗口脱岗",
                "source_kind": "inspection",
                "source_ref": "MC-2026-3",
                "issued_on": "2026-03-02",
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
    assert api.get("/api/v1/supervision/warnings", {"year": 2026}).json()["count"] == 3
    flag = Accountability.objects.get()
    head = client_for(personas[Role.DEPARTMENT_HEAD])
    listed = head.get("/api/v1/supervision/accountabilities").json()
    assert listed["results"][0]["warnings"] == 3
    url = f"/api/v1/supervision/accountabilities/{flag.pk}"
    assert (
        head.post(
            f"{url}/submit", {"kind": "self_examination", "text": "书面检查"}, format="json"
        ).status_code
        == 200
    )
    assert (
        api.post(
            f"{url}/review", {"kind": "self_examination", "is_accepted": True}, format="json"
        ).json()["status"]
        == "accepted"
    )
    admonish = api.post(
        f"{url}/admonish", {"leader": "王局长", "admonished_on": "2026-03-10"}, format="json"
    )
    assert admonish.json()["admonished_leader"] == "王局长"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"reason": "迟到", "source_kind": "case", "source_ref": "X"}, "person"),
        ({"person": 999999, "reason": "迟到", "source_kind": "case", "source_ref": "X"}, "person"),
        ({"person": "me", "reason": "迟到", "source_kind": "case", "source_ref": "X"}, "person"),
        ({"reason": "迟到", "source_kind": "rumour", "source_ref": "X"}, "source_kind"),
        (
            {"reason": "迟到", "source_kind": "case", "source_ref": "X", "issued_on": "soon"},
            "issued_on",
        ),
    ],
)
def test_warning_bad_input_is_400_with_field(supervisor, org_tree, make_user, payload, field):
    person = make_user(Role.REVIEWER, organization=org_tree.department)
    payload = (
        {"person": person.pk, **payload}
        if "person" not in payload and field != "person"
        else payload
    )
    response = client_for(supervisor).post("/api/v1/supervision/warnings", payload, format="json")
    assert response.status_code == 400
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not EfficiencyWarning.objects.exists()


def test_warning_by_non_supervisor_is_403(personas, org_tree, make_user):
    person = make_user(Role.REVIEWER, organization=org_tree.department)
    response = client_for(personas[Role.DEPARTMENT_HEAD]).post(
        "/api/v1/supervision/warnings",
        {"person": person.pk, "reason": "迟到", "source_kind": "case", "source_ref": "X"},
        format="json",
    )
    assert response.status_code == 403


def test_case_list_pages(supervisor, cases):
    api = client_for(supervisor)
    body = api.get("/api/v1/supervision/cases", {"as_of": "2025-09-09", "page_size": 2}).json()
    assert body["count"] == 3
    assert [r["light"] for r in body["results"]] == ["red", "yellow"]
    second = api.get(
        "/api/v1/supervision/cases", {"as_of": "2025-09-09", "page_size": 2, "page": 2}
    ).json()
    assert [r["number"] for r in second["results"]] == [cases["green"].number]
    bad = api.get("/api/v1/supervision/cases", {"page_size": 9999})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "page_size"


def test_opinion_lights(supervisor, org_tree):
    version = make_version(org_tree.department, committed=10, legal=20)
    case = make_case(
        version,
        accepted_on=D("2025-09-01"),
        opinions=((org_tree.other_department, D("2025-09-01"), D("2025-09-10"), None),),
    )
    api = client_for(supervisor)
    body = api.get("/api/v1/supervision/opinions", {"as_of": "2025-09-11"}).json()
    assert [(r["case_number"], r["light"]) for r in body["results"]] == [(case.number, "red")]
    assert (
        api.get("/api/v1/supervision/opinions", {"as_of": "2025-09-11", "light": "green"}).json()[
            "count"
        ]
        == 0
    )
    bad = api.get("/api/v1/supervision/opinions", {"light": "legal_overdue"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "light"


def test_sweep_copies_recomputed_deadlines_and_provisional_flags(org_tree):
    case = make_case(make_version(org_tree.department), accepted_on=D("2025-09-01"))
    Case.objects.filter(pk=case.pk).update(
        is_deadline_provisional=True, committed_due_on=D("2025-09-09")
    )
    supervise(as_of=D("2025-09-02"))
    watch = case.watch
    watch.refresh_from_db()
    assert watch.is_deadline_provisional and watch.committed_due_on == D("2025-09-09")
