"""API base: authentication, scope, JSON errors with field and reason, masking."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role


@pytest.fixture
def api():
    return APIClient()


def test_anonymous_gets_a_json_error(api, db):
    response = api.get("/api/v1/organizations/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"'
    assert response.json()["errors"][0]["reason"]


def test_token_authentication(api, personas):
    token = Token.objects.create(user=personas[Role.LEADER])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/organizations/")
    assert response.status_code == 200
    assert response.json()["count"] >= 10


def test_lists_are_scoped(api, personas, org_tree):
    api.force_authenticate(personas[Role.COMMUNITY_STAFF])
    names = [o["name"] for o in api.get("/api/v1/organizations/").json()["results"]]
    assert names == [org_tree.community.name]


def test_detail_outside_scope_is_not_found(api, personas, org_tree):
    api.force_authenticate(personas[Role.COMMUNITY_STAFF])
    response = api.get(f"/api/v1/organizations/{org_tree.department.pk}/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "non_field_errors"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "department", "level": 3}, "name"),
        ({"name": "x", "kind": "spaceship", "level": 3}, "kind"),
        ({"name": "x", "kind": "department", "level": 9}, "level"),
        ({"name": "x", "kind": "department", "level": 3, "credit_code": "123"}, "credit_code"),
        ({"name": "x", "kind": "department", "level": 3, "parent": 999999}, "parent"),
    ],
)
def test_bad_input_gives_field_and_reason(api, personas, payload, field):
    api.force_authenticate(personas[Role.SYSTEM_ADMIN])
    response = api.post("/api/v1/organizations/", payload, format="json")
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]


def test_business_role_cannot_create_organizations(api, personas, org_tree):
    api.force_authenticate(personas[Role.REVIEWER])
    response = api.post(
        "/api/v1/organizations/",
        {"name": "x", "kind": "department", "level": 3, "parent": org_tree.department.pk},
        format="json",
    )
    assert response.status_code == 403


def test_staff_phones_are_masked_unless_unmasked_and_audited(api, personas):
    supervisor = personas[Role.EFFICIENCY_SUPERVISOR]
    api.force_authenticate(supervisor)
    phones = {u["phone"] for u in api.get("/api/v1/staff/").json()["results"]}
    assert phones == {"138****8000"}
    phones = {u["phone"] for u in api.get("/api/v1/staff/?unmask=1").json()["results"]}
    assert phones == {"13800138000"}
    assert AuditRecord.objects.filter(action="personal_data.unmask", actor=supervisor).exists()


def test_unmask_is_ignored_without_the_permission(api, personas):
    api.force_authenticate(personas[Role.LEADER])
    phones = {u["phone"] for u in api.get("/api/v1/staff/?unmask=1").json()["results"]}
    assert phones == {"138****8000"}


def test_schema_is_served_offline(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert b"cdn" not in response.content.lower()


def test_token_is_obtained_with_password_and_counts_failures(api, personas):
    user = personas[Role.REVIEWER]
    bad = api.post("/api/v1/auth/token/", {"username": user.username, "password": "nope"})
    assert bad.status_code == 400 and bad.json()["errors"]
    good = api.post("/api/v1/auth/token/", {"username": user.username, "password": "Test@2026xn"})
    assert good.status_code == 200 and good.json()["token"]
