"""Every API operation in the OpenAPI schema answers bad input with 4xx, never a 500.

For each path and method we send: path parameters that do not exist or are malformed, query
parameters with malformed values, an empty body, and a body whose every declared property has the
wrong type. The users are a window clerk, an efficiency supervisor and a system administrator.
"""

from __future__ import annotations

import json
import re

import pytest
from rest_framework.test import APIClient

from xiaoneng.core.roles import Role

BAD_VALUES = {
    "string": 12345,
    "integer": "not-a-number",
    "number": "NaN?",
    "boolean": "maybe",
    "array": "not-a-list",
    "object": "not-an-object",
}


def _bad_body(schema: dict, components: dict) -> dict:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    body = {}
    for name, prop in (schema.get("properties") or {}).items():
        if "$ref" in prop or "allOf" in prop or "oneOf" in prop:
            body[name] = "???"
        else:
            body[name] = BAD_VALUES.get(prop.get("type", "string"), "???")
    return body


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.parametrize("role", [Role.WINDOW_CLERK, Role.EFFICIENCY_SUPERVISOR, Role.SYSTEM_ADMIN])
def test_no_operation_answers_bad_input_with_a_server_error(schema, personas, role):
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(personas[role])
    components = schema.get("components", {}).get("schemas", {})
    failures = []
    operations = list(_operations(schema))
    assert len(operations) > 30  # the whole API, not an empty schema
    for path, method, operation in operations:
        for path_value in ("999999", "x-y"):
            url = re.sub(r"\{[^}]+\}", path_value, path)
            query = {
                p["name"]: "not-a-valid-value%"
                for p in operation.get("parameters", [])
                if p.get("in") == "query"
            }
            content = (operation.get("requestBody") or {}).get("content", {})
            body_schema = (content.get("application/json") or {}).get("schema", {})
            bodies = [{}, _bad_body(body_schema, components)] if method != "get" else [None]
            for body in bodies:
                if method == "get":
                    response = api.get(url, query)
                else:
                    response = getattr(api, method)(
                        url + "?" + "&".join(f"{k}=bad" for k in query), body, format="json"
                    )
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {url} {body} → {response.status_code}")
    assert failures == []
