"""The OpenAPI document is the contract for query parameters too: a request that breaks it is
refused with 400 naming the parameter, before the view runs.

Views read their query parameters leniently (`params.get("year")`, a fallback when a value does
not parse), so a client that sends `?page_size=abc`, `?as_of=` or `?year=1&year=2` used to get
an answer for some other question than the one it asked, silently. This middleware reads the
parameters of each operation from the published schema (generated once per process, the same
document `/api/v1/schema/` serves) and checks every query parameter the operation declares:
its type (integer, number, boolean, date, date-time), enum, bounds and length, that it is given
once unless it is an array, and that a required one is present. Parameters the operation does
not declare are left to the view, as OpenAPI allows.

Dates are taken between 2000-01-01 and 2100-12-31: no case under the Administrative Licensing
Law (in force 2004-07-01) or other record of the platform lies outside, and the working-day
calendar knows nothing beyond (a date like 0401-08-07 reached it and failed).
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

Handler = Callable[[HttpRequest], HttpResponse]
Operations = dict[tuple[Any, str], list[dict[str, Any]]]

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
_INT = re.compile(r"-?\d{1,19}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TRUE_FALSE = {"true", "false", "1", "0"}

_lock = threading.Lock()
_operations: Operations | None = None


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = document
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    if "allOf" in schema and len(schema["allOf"]) == 1:
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        merged.update(_resolve(schema["allOf"][0], document))
        return merged
    return schema


def build_operations() -> Operations:
    """(view callback, METHOD) → the query parameters the schema declares for it."""
    from drf_spectacular.generators import SchemaGenerator

    generator = SchemaGenerator()
    document = generator.get_schema(request=None, public=True)
    operations: Operations = {}
    endpoints: list[Any] = list(generator.endpoints or [])  # (path, regex, method, callback)
    for path, _regex, method, callback in endpoints:
        view = generator.create_view(callback, method)
        operation = document["paths"].get(generator.coerce_path(path, method, view), {})
        declared = operation.get(method.lower())
        if declared is None:
            continue
        params = [
            {**p, "schema": _resolve(p.get("schema", {}), document)}
            for p in (_resolve(p, document) for p in declared.get("parameters", []))
            if p.get("in") == "query"
        ]
        operations[(callback, method.upper())] = params
    return operations


def operations() -> Operations:
    global _operations
    if _operations is None:
        with _lock:
            if _operations is None:
                _operations = build_operations()
    return _operations


def _check_scalar(value: str, schema: dict[str, Any]) -> str | None:
    """The reason `value` breaks `schema`, or None."""
    kind = schema.get("type", "string")
    if "enum" in schema and value not in [str(v) for v in schema["enum"]]:
        choices = "、".join(str(v) for v in schema["enum"] if v not in (None, ""))
        return _("Choose one of: %(choices)s.") % {"choices": choices}
    if kind == "integer":
        if not _INT.fullmatch(value) or not INT_MIN <= int(value) <= INT_MAX:
            return _("Enter a whole number.")
        number: float = int(value)
    elif kind == "number":
        try:
            number = float(value)
        except ValueError:
            return _("Enter a number.")
        if not math.isfinite(number):
            return _("Enter a number.")
    elif kind == "boolean":
        return None if value.lower() in TRUE_FALSE else _("Enter true or false.")
    else:
        fmt = schema.get("format")
        if fmt == "date":
            try:
                day = date.fromisoformat(value) if _DATE.fullmatch(value) else None
            except ValueError:
                day = None
            if day is None:
                return _("Enter a date as YYYY-MM-DD.")
            if not EARLIEST <= day <= LATEST:
                return _("Enter a date between %(start)s and %(end)s.") % {
                    "start": EARLIEST.isoformat(),
                    "end": LATEST.isoformat(),
                }
        elif fmt == "date-time":
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                return _("Enter a date and time as YYYY-MM-DDTHH:MM:SS+08:00.")
            if not EARLIEST <= moment.date() <= LATEST:
                return _("Enter a date between %(start)s and %(end)s.") % {
                    "start": EARLIEST.isoformat(),
                    "end": LATEST.isoformat(),
                }
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return _("Use at most %(n)d characters.") % {"n": schema["maxLength"]}
        if "minLength" in schema and len(value) < schema["minLength"]:
            return _("Use at least %(n)d characters.") % {"n": schema["minLength"]}
        return None
    if "minimum" in schema and number < schema["minimum"]:
        return _("Enter a value of at least %(n)s.") % {"n": schema["minimum"]}
    if "maximum" in schema and number > schema["maximum"]:
        return _("Enter a value of at most %(n)s.") % {"n": schema["maximum"]}
    return None


def query_errors(query: Any, params: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Each declared query parameter that `query` (a QueryDict) breaks, with the reason."""
    errors = []
    for param in params:
        name, schema = param["name"], param["schema"]
        values = query.getlist(name)
        if not values:
            if param.get("required"):
                errors.append({"field": name, "reason": _("This parameter is required.")})
            continue
        if schema.get("type") == "array":
            items = schema.get("items", {})
            if param.get("explode", True) is False:
                values = [v for raw in values for v in raw.split(",")]
        elif len(values) > 1:
            errors.append({"field": name, "reason": _("Give this parameter once.")})
            continue
        else:
            items = schema
        for value in values:
            reason = _check_scalar(value, items)
            if reason is not None:
                errors.append({"field": name, "reason": reason})
                break
    return errors


class QueryContractMiddleware:
    """Refuse, with 400 and the parameter named, an API request whose query parameters break
    the schema of its operation."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not request.GET or not request.path.startswith("/api/"):
            return None
        try:
            params = operations().get((view_func, request.method or "GET"))
        except Exception:  # a schema that cannot be built must not take the API down with it
            logger.exception("the query contract could not read the schema")
            return None
        if not params:
            return None
        errors = query_errors(request.GET, params)
        if not errors:
            return None
        return JsonResponse(
            {"errors": errors, "code": "invalid"},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
