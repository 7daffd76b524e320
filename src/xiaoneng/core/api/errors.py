"""API errors as JSON: {"errors": [{"field": ..., "reason": ...}]}, never a 500 for bad input."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from xiaoneng.core.errors import DomainError
from xiaoneng.core.form_messages import api_message
from xiaoneng.core.http_errors import outside_calendar
from xiaoneng.workdays.errors import CalendarRangeError


def _flatten(detail: Any, prefix: str = "", data: Any = None) -> list[dict[str, str]]:
    """Flat errors; DRF's field errors reworded like the HTML forms' (core/form_messages.py)."""
    if isinstance(detail, dict):
        out: list[dict[str, str]] = []
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            sub = data.get(key) if isinstance(data, dict) else None
            out.extend(_flatten(value, name, sub))
        return out
    if isinstance(detail, list):
        out = []
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                sub = data[index] if isinstance(data, list) and index < len(data) else None
                out.extend(_flatten(value, f"{prefix}[{index}]" if prefix else str(index), sub))
            else:
                out.extend(_flatten(value, prefix, data))
        return out
    reason = str(detail)
    if isinstance(detail, exceptions.ErrorDetail) and prefix and prefix != "non_field_errors":
        reason = api_message(field=prefix, code=detail.code or "", message=reason, value=data)
    return [{"field": prefix or "non_field_errors", "reason": reason}]


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
        request = context.get("request")
        data = (
            getattr(request, "data", None) if isinstance(exc, exceptions.ValidationError) else None
        )
        if data is not None and not isinstance(data, dict):
            data = None
        if not data and request is not None and isinstance(exc, exceptions.ValidationError):
            data = dict(getattr(request, "query_params", {}).items()) or None
        errors = (
            _flatten(api_detail, data=data)
            if isinstance(api_detail, dict | list)
            else [{"field": "non_field_errors", "reason": str(api_detail)}]
        )
        response.data = {"errors": errors, "code": getattr(exc, "default_code", "error")}
    return response
