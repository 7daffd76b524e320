"""The API contract (docs/api.md): one error shape in the schema, paths with a trailing slash,
lists documented as they are answered, unknown codes refused with the allowed ones."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from xiaoneng.core.api.fields import CodeChoiceField, CodeMultipleChoiceField
from xiaoneng.core.api.schema import error_responses

# The contexts this contract covers here; evaluation checks its own.
CONTEXT_PREFIXES = (
    "/api/v1/cases/",
    "/api/v1/catalog/",
    "/api/v1/complaints/",
    "/api/v1/ratings/",
    "/api/v1/consultations/",
    "/api/v1/supervision/",
    "/api/v1/community/",
    "/api/v1/workdays/",
    "/api/v1/organizations/",
)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        if path.startswith(CONTEXT_PREFIXES)
        for method, operation in item.items()
    ]


def test_every_documented_path_ends_in_a_slash(schema) -> None:  # type: ignore[no-untyped-def]
    """docs/api.md, "Paths": one convention, the trailing slash."""
    assert [path for path in schema["paths"] if not path.endswith("/")] == []


def test_every_operation_documents_the_error_shape(schema) -> None:  # type: ignore[no-untyped-def]
    missing = []
    for path, method, operation in _operations(schema):
        errors = {code: r for code, r in operation["responses"].items() if code.startswith("4")}
        if not errors:
            missing.append((method, path))
        if method in {"post", "put", "patch"} and "400" not in operation["responses"]:
            missing.append((method, path, "400"))
        if "{" in path and "404" not in operation["responses"]:
            missing.append((method, path, "404"))
    assert missing == []
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"errors", "code"}


def test_every_operation_documents_a_success_body(schema) -> None:  # type: ignore[no-untyped-def]
    bare = [
        (method, path)
        for path, method, operation in _operations(schema)
        if not any(
            code.startswith("2") and (r.get("content") or code == "204")
            for code, r in operation["responses"].items()
        )
    ]
    assert bare == []


# Actions that take no input at all: OpenAPI has no body to describe for them.
NO_INPUT_ACTIONS = {"accept", "close", "cancel", "held", "removal", "support", "registration"}


def test_every_write_documents_its_request_body(schema) -> None:  # type: ignore[no-untyped-def]
    bodiless = [
        (method, path)
        for path, method, operation in _operations(schema)
        if method in {"post", "put", "patch"}
        and "requestBody" not in operation
        and path.rstrip("/").rsplit("/", 1)[-1] not in NO_INPUT_ACTIONS
    ]
    assert bodiless == []


def test_queue_is_documented_as_answered(schema) -> None:  # type: ignore[no-untyped-def]
    """/cases/queue/ answers {"results": [...]} and says so (it was documented as an array)."""
    content = schema["paths"]["/api/v1/cases/queue/"]["get"]["responses"]["200"]["content"]
    ref = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][ref]["properties"]) == {"results"}


def test_operation_ids_are_unique(schema) -> None:  # type: ignore[no-untyped-def]
    ids = [op["operationId"] for item in schema["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_error_responses_use_the_error_component() -> None:
    responses = error_responses(400, 404)
    assert set(responses) == {400, 404}
    assert all(r.response.__name__ == "ErrorSerializer" for r in responses.values())


class _Kind(serializers.Serializer):
    kind = CodeChoiceField(choices=[("residence", "居住证明"), ("relief", "救助申请")])
    kinds = CodeMultipleChoiceField(
        choices=[("residence", "居住证明"), ("relief", "救助申请")], required=False
    )


@pytest.mark.parametrize(
    ("data", "is_valid"),
    [
        ({"kind": "residence"}, True),  # the documented code
        ({"kind": "居住证明"}, False),  # its name is not the code
        ({"kind": "Residence"}, False),
        ({"kind": "residence", "kinds": ["relief"]}, True),
        ({"kind": "residence", "kinds": ["救助申请"]}, False),
    ],
)
def test_code_choice_accepts_codes_only(data, is_valid) -> None:  # type: ignore[no-untyped-def]
    assert _Kind(data=data).is_valid() is is_valid


def test_code_choice_refusal_lists_codes_and_names() -> None:
    with translation.override("en"):
        serializer = _Kind(data={"kind": "居住证明"})
        assert not serializer.is_valid()
        reason = str(serializer.errors["kind"][0])
    assert "居住证明" in reason
    assert "residence=居住证明" in reason and "relief=救助申请" in reason
