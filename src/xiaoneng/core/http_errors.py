"""Domain errors that escape a page view become their status, in one place.

Services raise `InvalidInput`, `NotPermitted`, `NotFound` and `Conflict` (core/errors.py). The
API turns them into JSON through its exception handler (core/api/errors.py); this middleware does
the same for every other view, so that a page reached with an unknown id answers 404 and a
step out of order 409, never 500. A view that wants to show the error next to a form field still
catches it itself; what reaches here is rendered as the localized error page of its status.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import select_template
from django.utils.translation import gettext as _

from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.workdays.errors import CalendarRangeError

Handler = Callable[[HttpRequest], HttpResponse]
logger = logging.getLogger(__name__)

#: The page heading of each status a domain error maps to.
TITLES = {
    400: lambda: _("The request could not be understood"),
    403: lambda: _("Not allowed"),
    404: lambda: _("Not found"),
    409: lambda: _("Not possible in the current state"),
}


def outside_calendar() -> InvalidInput:
    """A date the working-day calendar does not cover reached a deadline or a figure: the
    input is wrong, not the server (query dates are bounded by the query contract; this covers
    dates in bodies and forms wherever they are counted)."""
    from xiaoneng.workdays.workcalendar import FIRST_DAY, LAST_DAY

    return InvalidInput(
        _("The date lies outside the working-day calendar (%(first)s to %(last)s).")
        % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
    )


def domain_error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    """The response for a domain error: JSON under /api/ (as the API's handler gives), else the
    error page `<status>.html` (falling back to `error.html`) with the error's message."""
    status = error.status_code
    if request.path.startswith("/api/"):
        return JsonResponse({"errors": error.as_list(), "code": error.code}, status=status)
    title = TITLES[status]() if status in TITLES else _("The request could not be completed")
    template = select_template([f"{status}.html", "error.html"])
    context = {"status": status, "title": title, "reason": str(error.message)}
    if error.field:
        context["field"] = error.field
    return HttpResponse(template.render(context, request), status=status)


class DomainErrorMiddleware:
    """Map every `DomainError` raised by a view to its status (400/403/404/409)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, CalendarRangeError):
            exception = outside_calendar()
        if not isinstance(exception, DomainError):
            return None
        logger.info(
            "%s %s: %s (%s)",
            request.method,
            request.path,
            type(exception).__name__,
            exception.field or "-",
        )
        return domain_error_response(request, exception)
