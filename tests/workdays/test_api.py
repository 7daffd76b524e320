"""API: /api/v1/workdays/add, /count, /year/<year>; bad input → 400 with field and reason."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(personas) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(personas[Role.REVIEWER])
    return client


def test_add(api: APIClient) -> None:
    response = api.get("/api/v1/workdays/add", {"start": "2025-09-30", "n": 5})
    assert response.status_code == 200
    assert response.json() == {
        "start": "2025-09-30",
        "n": 5,
        "day": "2025-10-14",
        "is_provisional": False,
        "unknown_years": [],
    }


def test_add_into_an_unknown_year_is_provisional(api: APIClient) -> None:
    body = api.get("/api/v1/workdays/add", {"start": "2026-12-20", "n": 10}).json()
    assert body["is_provisional"] is True
    assert body["unknown_years"] == [2027]


def test_count(api: APIClient) -> None:
    body = api.get("/api/v1/workdays/count", {"start": "2025-09-30", "end": "2025-10-14"}).json()
    assert body["workdays"] == 5
    assert body["is_provisional"] is False


def test_year(api: APIClient) -> None:
    body = api.get("/api/v1/workdays/year/2025").json()
    assert body["workdays"] == 248
    assert body["source"] == "library"
    national_day = next(d for d in body["days"] if d["day"] == "2025-10-01")
    assert national_day["kind"] == "holiday" and national_day["name"] == "国庆节"


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/workdays/add", {"start": "2025-02-30", "n": 5}, "start"),
        ("/api/v1/workdays/add", {"start": "2025-09-30", "n": "five"}, "n"),
        ("/api/v1/workdays/add", {"start": "2025-09-30"}, "n"),
        ("/api/v1/workdays/add", {"start": "2100-12-30", "n": 5}, "n"),
        ("/api/v1/workdays/add", {"start": "1900-01-01", "n": 5}, "start"),
        ("/api/v1/workdays/count", {"start": "2025-09-30", "end": "x"}, "end"),
        ("/api/v1/workdays/count", {"start": "2025-09-30", "end": "2101-01-01"}, "end"),
        ("/api/v1/workdays/year/1900", {}, "year"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    api: APIClient, url: str, params: dict[str, object], field: str
) -> None:
    response = api.get(url, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert errors[0]["reason"]


def test_anonymous_is_refused() -> None:
    response = APIClient().get("/api/v1/workdays/add", {"start": "2025-09-30", "n": 5})
    assert response.status_code in (401, 403)
