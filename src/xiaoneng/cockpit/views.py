"""The cockpit's workbench pages: the page, its Excel export and the hall display (大屏)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.cockpit.charts import headline_charts
from xiaoneng.cockpit.excel import cockpit_sheets
from xiaoneng.cockpit.forms import CockpitForm
from xiaoneng.cockpit.selectors import cockpit_headlines
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.db_router import reading_from_replica
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.excel import xlsx_response
from xiaoneng.core.roles import Perm


def _cockpit(request: HttpRequest):  # type: ignore[no-untyped-def]
    if not user_has_perm(request.user, Perm.COCKPIT_VIEW):  # type: ignore[arg-type]
        raise PermissionDenied
    form = CockpitForm(request.GET)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise InvalidInput(errors[0], field=field)
    data = form.cleaned_data
    cockpit = cockpit_headlines(user=request.user, as_of=data["as_of"], period=data["period"])  # type: ignore[arg-type]
    return form, cockpit


@login_required
@reading_from_replica()
def cockpit(request: HttpRequest) -> HttpResponse:
    form, figures = _cockpit(request)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"cockpit-{figures.as_of:%Y%m%d}.xlsx", cockpit_sheets(figures))
    query = request.GET.copy()
    query["format"] = "xlsx"
    return render(
        request,
        "cockpit/cockpit.html",
        {
            "form": form,
            "cockpit": figures,
            "charts": headline_charts(figures),
            "export_query": query.urlencode(),
            "display_query": request.GET.urlencode(),
        },
    )


@login_required
@reading_from_replica()
def display(request: HttpRequest) -> HttpResponse:
    """Full-screen hall display; htmx reloads the figures every minute (`?fragment=1`)."""
    form, figures = _cockpit(request)
    template = "cockpit/_display_body.html" if request.htmx else "cockpit/display.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {"cockpit": figures, "charts": headline_charts(figures), "query": request.GET.urlencode()},
    )
