"""Paths of the cases API: fixed paths are never taken for a case number; the trailing slash
is the convention and the older forms without it still answer (docs/api.md, "Paths")."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _line(desk) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(
        {
            "case": "API-SLASH-1",
            "sequence": 1,
            "item": desk.item.item.implementation_code,
            "kind": "submitted",
            "occurred_at": "2025-09-01T09:00:00+08:00",
            "channel": "post",
            "applicant": {"kind": "natural", "name": "张三", "id_number": "11010519491231002X"},
        },
        ensure_ascii=False,
    )


@pytest.mark.parametrize("path", ["/api/v1/cases/import/", "/api/v1/cases/import"])
def test_import_is_reached_with_and_without_slash(path, desk) -> None:  # type: ignore[no-untyped-def]
    """POST cases/import/ used to reach the case-detail view and answer 405."""
    api = APIClient()
    api.force_authenticate(desk.coordinator)
    response = api.post(path, _line(desk) + "\n", content_type="application/x-ndjson")
    assert response.status_code == 200, response.content
    assert response.json()["applied_cases"] == 1


@pytest.mark.parametrize("path", ["/api/v1/cases/queue/", "/api/v1/cases/queue"])
def test_queue_answers_results_envelope(path, desk) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(desk.reviewer)
    response = api.get(path)
    assert response.status_code == 200
    assert set(response.json()) == {"results"}


def test_unknown_channel_lists_the_allowed_codes(desk) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(desk.clerk)
    response = api.post(
        "/api/v1/cases/",
        {
            "item": desk.item.item.implementation_code,
            "channel": "窗口",
            "applicant_kind": "natural",
            "applicant_name": "张三",
            "applicant_id_number": "11010519491231002X",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    [error] = [e for e in response.json()["errors"] if e["field"] == "channel"]
    assert "窗口" in error["reason"] and "window=" in error["reason"]
