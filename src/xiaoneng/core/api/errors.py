"""API errors as JSON: {"errors": [{"field": ..., "reason": ...}]}, never a 500 for bad input."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from xiaoneng.core.errors import DomainError
from xiaoneng.core.http_errors import outside_calendar
from xiaoneng.workdays.errors import CalendarRangeError


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    if isinstance(detail, dict):
        out: list[dict[str, str]] = []
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.extend(_flatten(value, name))
        return out
    if isinstance(detail, list):
        out = []
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                out.extend(_flatten(value, f"{prefix}[{index}]" if prefix else str(index)))
            else:
                out.extend(_flatten(value, prefix))
        return out
    return [{"field": prefix or "non_field_errors", "reason": str(detail)}]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, CalendarRangeError):
        exc = outside_calendar()
    if isinstance(exc, DomainError):
        return Response({"errors": exc.as_list(), "code": exc.code}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail: Any = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return Response(
            {"errors": _flatten(detail), "code": "invalid"}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        api_detail: Any = exc.detail
        if isinstance(api_detail, dict) and set(api_detail) == {"detail"}:
            api_detail = api_detail["detail"]
        errors = (
            _flatten(api_detail)
            if isinstance(api_detail, dict | list)
            else [{"field": "non_field_errors", "reason": str(api_detail)}]
        )
        response.data = {"errors": errors, "code": getattr(exc, "default_code", "error")}
    return response
