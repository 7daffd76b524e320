"""Shared pieces of the OpenAPI document: the error shape of docs/api.md and list envelopes.

Every API view documents its error responses with ``error_responses(400, 403, 404)`` so that
the schema says what the exception handler (``core.api.errors``) actually answers:
``{"errors": [{"field": ..., "reason": ...}], "code": ...}``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny

from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.pagination import StandardPagination


class ErrorItemSerializer(serializers.Serializer):
    """One problem: the input it concerns (``non_field_errors`` for the whole request) and why."""

    field = JsonStringField(
        help_text="The input concerned, dotted for nested ones (`items[0].code`), "
        "or `non_field_errors`."
    )
    reason = JsonStringField(help_text="Why, in the request's language.")


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer (docs/api.md, "Errors")."""

    errors: Any = ErrorItemSerializer(many=True)
    code = JsonStringField(
        help_text="Machine-readable kind: `invalid`, `not_authenticated`, `permission_denied`, "
        "`not_found`, `conflict`, `throttled`, …"
    )


ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Bad input; `errors` names each field and the reason.",
    401: "Not signed in: no credentials, or a token or session that does not authenticate "
    "(unknown, malformed, lapsed, revoked, of an inactive account). Comes with the challenge "
    '`WWW-Authenticate: Token realm="api"`.',
    403: "Signed in but not allowed (an administrator's session before the second factor too).",
    404: "Not found, or outside the user's scope.",
    405: "Method not allowed.",
    409: "Not allowed in the object's current state (e.g. a transition out of order).",
    413: "The upload is too large.",
    415: "Unsupported media type.",
    429: "Too many requests; try again later.",
}


#: The challenge DRF sends with every 401 (core/api/authentication.py), as OpenAPI documents it.
CHALLENGE_HEADER = {
    "WWW-Authenticate": {
        "description": 'The authentication scheme to use: `Token realm="api"`.',
        "required": True,
        "schema": {"type": "string"},
    }
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error answers for ``codes``, each with the standard error body.

    Use with ``extend_schema(responses={200: ..., **error_responses(400, 403, 404)})``.
    """
    return {
        code: OpenApiResponse(
            response=ErrorSerializer, description=ERROR_DESCRIPTIONS.get(code, "Error.")
        )
        for code in codes
    }


# The errors every signed-in operation may answer with; writes add 400 (and 409 where a state
# machine is involved), detail views add 404.
READ_ERRORS = (401, 403)
WRITE_ERRORS = (400, 401, 403)


def _component_name(serializer: Any, suffix: str) -> str:
    base = serializer if isinstance(serializer, type) else type(serializer)
    name = base.__name__
    if name.endswith("Serializer"):
        name = name[: -len("Serializer")]
    return f"{name}{suffix}"


# One class per envelope name, so that the schema has one component for each.
_ENVELOPES: dict[str, Any] = {}


def paginated(serializer: type[serializers.Serializer], *, name: str | None = None) -> Any:
    """A serializer for a page of ``serializer``: ``{"count", "next", "previous", "results"}``.

    For API views that paginate by hand (``StandardPagination``); generic list views get this
    from drf-spectacular on their own.
    """
    component = name or _component_name(serializer, "Page")
    if component not in _ENVELOPES:
        attrs = {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer(many=True),
        }
        _ENVELOPES[component] = type(component, (serializers.Serializer,), attrs)
    return _ENVELOPES[component]


def results_of(serializer: type[serializers.Serializer], *, name: str | None = None) -> Any:
    """A serializer for ``{"results": [...]}`` (an unpaginated list in an envelope)."""
    component = name or _component_name(serializer, "Results")
    if component not in _ENVELOPES:
        attrs = {"results": serializer(many=True)}
        _ENVELOPES[component] = type(component, (serializers.Serializer,), attrs)
    return _ENVELOPES[component]


def report_or_error(report: type[serializers.Serializer], *, name: str) -> Any:
    """An import's 400: its report of rejected lines, or the standard error shape."""
    return PolymorphicProxySerializer(
        component_name=name,
        serializers=[report, ErrorSerializer],
        resource_type_field_name=None,
    )


PAGINATION_PARAMETERS = [
    OpenApiParameter(
        StandardPagination.page_query_param,
        {"type": "integer", "minimum": 1},
        description="Page number, from 1.",
    ),
    OpenApiParameter(
        StandardPagination.page_size_query_param,
        {"type": "integer", "minimum": 1, "maximum": StandardPagination.max_page_size},
        description=f"Rows per page (at most {StandardPagination.max_page_size}).",
    ),
]


UNMASK_PARAMETER = OpenApiParameter(
    "unmask",
    OpenApiTypes.BOOL,
    description="`1` to see ID and phone numbers unmasked, where the role may (audited).",
)


WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, plus the error answers every operation can give.

    What the project exception handler answers is the same everywhere, so it is documented in
    one place rather than on every view: 400 for writes and for operations with parameters,
    401/403 wherever credentials are read, 404 (the path's object, an object named by a filter,
    a page past the end), 409 for writes (a state that forbids them), 429 for public writes and
    throttled views.  A view's own ``extend_schema(responses=...)`` wins for the codes it names.
    """

    def _is_create_operation(self) -> bool:
        # A POST to a list (``ListAPIView`` with a hand-written ``post``) creates: 201.
        if self.method == "POST" and isinstance(self.view, ListAPIView):
            return True
        return bool(super()._is_create_operation())

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # A read-only choice of a model field that may be blank answers "" while nothing is
        # chosen yet (a complaint's conclusion before the investigation): say so in the enum.
        # DRF drops allow_blank from read-only fields, so the model field tells.
        if (
            isinstance(field, serializers.ChoiceField)
            and field.read_only
            and "enum" in schema
            and "" not in schema["enum"]
        ):
            model = getattr(getattr(field.parent, "Meta", None), "model", None)
            source = str(field.source or field.field_name)
            if model is not None and source and "." not in source:
                try:
                    model_field = model._meta.get_field(source)
                except FieldDoesNotExist:  # a method or property, not a model field
                    model_field = None
                if model_field is not None and getattr(model_field, "blank", False):
                    schema["enum"] = [*schema["enum"], ""]
        return schema

    def _error_codes(self) -> list[int]:
        codes: list[int] = []
        if self.method in WRITE_METHODS or self._get_parameters():
            codes.append(400)
        is_public = all(isinstance(p, AllowAny) for p in self.view.get_permissions())
        # A public operation still refuses a wrong token or session (401/403).
        if not is_public or self.view.get_authenticators():
            codes += [401, 403]
        # Not found: the object of the path, an object named by a filter, or a page past the end.
        codes.append(404)
        if self.method in WRITE_METHODS:
            codes.append(409)
        if (self.method in WRITE_METHODS and is_public) or self.view.get_throttles():
            codes.append(429)
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        for code, response in error_responses(*self._error_codes()).items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    response, str(code), direction=direction
                )
        if "401" in responses:
            responses["401"].setdefault("headers", CHALLENGE_HEADER)
        return responses


#: Years the platform keeps records for: the bounds of every `year` query parameter.
YEAR_BOUNDS = {"minimum": 2000, "maximum": 2100}


def bound_years(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    """Postprocessing hook: every integer `year` query parameter is bounded to 2000–2100, which
    the query contract (core/api/query_contract.py) enforces — one rule instead of one per view."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if (
                    parameter.get("in") == "query"
                    and parameter.get("name") == "year"
                    and schema.get("type") == "integer"
                ):
                    parameter["schema"] = {**YEAR_BOUNDS, **schema}
    return result


#: A local clock time as the API writes and reads it ("09:00" or "09:00:00"; Asia/Shanghai).
LOCAL_TIME = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "example": "09:00:00",
}


def local_times(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    """Postprocessing hook: a time of day is a local clock time without an offset (opening
    hours, slots), so it is described by its pattern, not by OpenAPI's `format: time`, which
    is RFC 3339's full-time and demands an offset ("09:00:00+08:00")."""

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and node.get("format") == "time":
                node.pop("format")
                for key, value in LOCAL_TIME.items():
                    node.setdefault(key, value)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
