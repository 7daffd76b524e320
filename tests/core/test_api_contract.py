"""Answers the OpenAPI document promises, found by schemathesis over the live demo city
(.ci/schemathesis.sh): each row is a request that was answered outside the contract."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document(django_db_blocker):  # type: ignore[no-untyped-def]
    import io

    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command("spectacular", stdout=out)
    return yaml.safe_load(out.getvalue())


@pytest.fixture
def staff(personas) -> APIClient:  # type: ignore[no-untyped-def]
    api = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    api.force_authenticate(personas[Role.EFFICIENCY_SUPERVISOR])
    return api


@pytest.mark.parametrize(
    ("body", "fmt", "status"),
    [
        # a missing choice used to be read as "false" and switch SMS back on
        ({"email_opt_out": True}, "json", 400),
        ({"email_opt_out": False, "sms_opt_out": "0"}, "json", 400),  # not a JSON boolean
        ({"email_opt_out": "true", "sms_opt_out": "0"}, "multipart", 415),  # form data: no
    ],
)
def test_a_preferences_put_takes_both_choices_as_json_booleans(staff, body, fmt, status):
    answer = staff.put("/api/v1/notifications/preferences/", body, format=fmt)
    assert answer.status_code == status
    if status == 400:
        assert [e["field"] for e in answer.json()["errors"]] == ["sms_opt_out"]


def test_an_id_beyond_64_bits_is_refused_not_overflowed(staff):
    answer = staff.post(
        "/api/v1/notifications/read/", {"ids": [80086053690049508616962048]}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"].startswith("ids")


@pytest.mark.parametrize(
    "path", ["/api/v1/community/evaluations/1/scores/", "/api/v1/evaluation/milestones/1/done/"]
)
def test_json_only_operations_refuse_form_data(staff, path):
    # a form cannot carry the body these take; it used to arrive empty and be accepted
    assert staff.post(path, {"x": "1"}, format="multipart").status_code == 415


@pytest.mark.parametrize(
    ("schema", "prop", "nullable_or_blank"),
    [
        ("Organization", "parent", "null"),  # the city has no parent
        ("Rating", "follow_up_status", "null"),  # no follow-up for a good rating
        ("Rating", "rectify_due_on", "null"),
        ("PublicComplaint", "conclusion", "blank"),  # before the investigation
    ],
)
def test_the_document_says_when_a_field_is_empty(document, schema, prop, nullable_or_blank):
    field = document["components"]["schemas"][schema]["properties"][prop]
    if nullable_or_blank == "null":
        assert field.get("nullable") is True
    else:
        refs = [part.get("$ref", "") for part in field.get("oneOf", [])]
        assert "#/components/schemas/BlankEnum" in refs


def test_opening_accountability_for_a_violation_is_documented_as_created(document):
    operation = document["paths"]["/api/v1/community/violations/{id}/accountability/"]["post"]
    assert "201" in operation["responses"] and "200" not in operation["responses"]


def test_page_and_year_parameters_carry_their_bounds(document):
    params = {
        p["name"]: p["schema"] for p in document["paths"]["/api/v1/staff/"]["get"]["parameters"]
    }
    assert params["page_size"]["minimum"] == 1 and params["page_size"]["maximum"] == 500
    years = [
        p["schema"]
        for ops in document["paths"].values()
        for op in ops.values()
        for p in op.get("parameters", [])
        if p["name"] == "year" and p["in"] == "query"
    ]
    assert years and all((y["minimum"], y["maximum"]) == (2000, 2100) for y in years)


def test_mark_read_refuses_form_data_instead_of_marking_everything(staff):
    # an unreadable form body used to arrive as "no ids", which means every message
    assert (
        staff.post("/api/v1/notifications/read/", {"x": "1"}, format="multipart").status_code == 415
    )


@pytest.mark.parametrize("body", [[1, 2], "7", {"window": "x"}, {"window": 2**70}])
def test_call_next_refuses_a_body_that_is_not_a_window(staff, body):
    answer = staff.post("/api/v1/queue/tickets/call-next/", body, format="json")
    assert answer.status_code == 400  # it answered 500 for a list or a string


def test_times_of_day_are_local_clock_times_in_the_document(document):  # type: ignore[no-untyped-def]
    """Opening hours are written "09:00:00" (Asia/Shanghai, no offset); OpenAPI's
    `format: time` demands an offset, so schemathesis found every hall answer outside it."""
    import re

    from rest_framework import serializers

    found = []

    def walk(node, path):  # type: ignore[no-untyped-def]
        if isinstance(node, dict):
            if node.get("format") == "time":
                found.append(path)
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}/{i}")

    walk(document, "")
    assert found == []
    pattern = document["components"]["schemas"]["Hall"]["properties"]["opens_at"]["pattern"]
    from datetime import time

    for written in (serializers.TimeField().to_representation(time(9, 0)), "17:30", "09:00:00.5"):
        assert re.fullmatch(pattern, written), written
    assert not re.fullmatch(pattern, "24:00")


def test_a_date_outside_the_calendar_is_the_callers_error_not_a_500(staff, personas, client):  # type: ignore[no-untyped-def]
    """schemathesis: publishing the figures of month 0691-08 reached the working-day calendar
    (1949–2100) and answered 500; on the API and the page it is now a 400 naming the range."""
    response = staff.post(
        "/api/v1/disclosure/figures/publish/", {"month": "0691-08-25"}, format="json"
    )
    assert response.status_code == 400
    assert "1949-01-01" in response.json()["errors"][0]["reason"]
    client.force_login(personas[Role.EFFICIENCY_SUPERVISOR])
    page = client.post(reverse("disclosure:figures_publish"), {"month": "0691-08-25"})
    assert page.status_code == 400
    assert "1949-01-01" in page.content.decode()
