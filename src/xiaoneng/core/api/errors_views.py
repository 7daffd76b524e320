"""Error pages: JSON under /api/, a friendly page elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

_CODES = {400: "invalid", 403: "permission_denied", 404: "not_found", 500: "server_error"}


def _respond(request: HttpRequest, status: int, reason: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        # The same shape as the API's exception handler (docs/api.md, "Errors"), `code` included.
        return JsonResponse(
            {"errors": [{"field": "non_field_errors", "reason": reason}], "code": _CODES[status]},
            status=status,
        )
    return render(request, "error.html", {"status": status, "reason": reason}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _respond(request, 400, _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _respond(request, 403, _("You are not allowed to see this page."))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _respond(request, 404, _("This page does not exist."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _respond(request, 500, _("Something went wrong on our side; it has been logged."))
