"""Query parameters that break the OpenAPI document are refused with 400 naming the parameter
(core/api/query_contract.py): the API answers the question asked or says why it cannot."""

from __future__ import annotations

import pytest
from django.test import Client

from xiaoneng.core.api.query_contract import _check_scalar
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor_client(personas) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(personas[Role.EFFICIENCY_SUPERVISOR])
    return client


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        # pagination: a page size that is not a whole number from 1 to 500
        ("/api/v1/supervision/breaches/", "page_size=abc", "page_size"),
        ("/api/v1/supervision/breaches/", "page_size=0.99999", "page_size"),
        ("/api/v1/supervision/breaches/", "page_size=0", "page_size"),
        ("/api/v1/supervision/breaches/", "page_size=501", "page_size"),
        ("/api/v1/supervision/breaches/", "page_size=null&page_size=null", "page_size"),
        ("/api/v1/supervision/breaches/", "page=0", "page"),
        # dates: YYYY-MM-DD, 2000-01-01 to 2100-12-31
        ("/api/v1/supervision/summary/", "as_of=", "as_of"),
        ("/api/v1/supervision/summary/", "as_of=2026-13-01", "as_of"),
        ("/api/v1/supervision/summary/", "as_of=07/12/2026", "as_of"),
        ("/api/v1/supervision/summary/", "as_of=0401-08-07", "as_of"),
        ("/api/v1/supervision/breaches/", "to=", "to"),
        # years: a whole number from 2000 to 2100, given once
        ("/api/v1/community/certificates/", "year=null", "year"),
        ("/api/v1/community/certificates/", "year=2025&year=2026", "year"),
        ("/api/v1/community/certificates/export/", "year=12093841442", "year"),
        ("/api/v1/community/dashboard/", "year=1999", "year"),
        # booleans and enums
        ("/api/v1/notifications/", "unread=null", "unread"),
        ("/api/v1/ratings/figures/", "by=street", "by"),
    ],
)
def test_a_query_that_breaks_the_schema_is_refused_naming_the_parameter(
    supervisor_client, path, query, field
):
    response = supervisor_client.get(f"{path}?{query}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert [e["field"] for e in body["errors"]] == [field]
    assert body["errors"][0]["reason"]  # a reason, in the request's language


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/v1/supervision/breaches/", "page_size=500&page=1"),
        ("/api/v1/supervision/summary/", "as_of=2026-12-07"),
        ("/api/v1/community/certificates/", "year=2026"),
        ("/api/v1/notifications/", "unread=true"),
        ("/api/v1/notifications/", "unread=1"),
        ("/api/v1/supervision/breaches/", "unknown=anything"),  # undeclared: the view's business
    ],
)
def test_a_query_within_the_schema_is_answered(supervisor_client, path, query):
    response = supervisor_client.get(f"{path}?{query}")
    assert response.status_code == 200, response.content


def test_the_refusal_is_in_the_users_language(supervisor_client):
    body = supervisor_client.get("/api/v1/supervision/summary/?as_of=2026-13-01").json()
    assert body["errors"][0]["reason"] == "请按 YYYY-MM-DD 格式填写日期。"


@pytest.mark.parametrize(
    ("value", "schema", "ok"),
    [
        ("12", {"type": "integer"}, True),
        ("-3", {"type": "integer"}, True),
        ("1e3", {"type": "integer"}, False),
        ("99999999999999999999", {"type": "integer"}, False),  # beyond 64 bits
        ("5", {"type": "integer", "minimum": 1, "maximum": 4}, False),
        ("2.5", {"type": "number"}, True),
        ("nan", {"type": "number"}, False),
        ("true", {"type": "boolean"}, True),
        ("yes", {"type": "boolean"}, False),
        ("red", {"type": "string", "enum": ["red", "yellow"]}, True),
        ("blue", {"type": "string", "enum": ["red", "yellow"]}, False),
        ("2024-02-29", {"type": "string", "format": "date"}, True),
        ("2023-02-29", {"type": "string", "format": "date"}, False),
        ("2026-12-07T10:00:00+08:00", {"type": "string", "format": "date-time"}, True),
        ("tomorrow", {"type": "string", "format": "date-time"}, False),
        ("abc", {"type": "string", "maxLength": 2}, False),
        ("", {"type": "string"}, True),
    ],
)
def test_each_type_rule(value, schema, ok):
    assert (_check_scalar(value, schema) is None) is ok
