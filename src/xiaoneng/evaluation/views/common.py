"""Helpers shared by the evaluation pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.dateparse import parse_date

from xiaoneng.core.access import organizations_visible, user_has_perm
from xiaoneng.core.errors import DomainError


def require(request: HttpRequest, *perms: str) -> None:
    if not any(user_has_perm(request.user, p) for p in perms):
        raise PermissionDenied


def attempt(
    request: HttpRequest, form: forms.Form | None, call: Callable[[], Any], success: str = ""
) -> Any:
    """Run a service call; a domain error lands on the form field it names (or on top)."""
    try:
        result = call()
    except DomainError as error:
        for field, message in error.errors:
            if form is not None:
                form.add_error(field if field in form.fields else None, str(message))
            else:
                messages.error(request, str(message))
        return None
    if success:
        messages.success(request, success)
    return result if result is not None else True


def units_for(request: HttpRequest, perm: str):  # type: ignore[no-untyped-def]
    return organizations_visible(request.user, perm).order_by("path")


def date_param(request: HttpRequest, name: str):  # type: ignore[no-untyped-def]
    try:
        return parse_date(request.GET.get(name) or "")
    except ValueError:
        return None
