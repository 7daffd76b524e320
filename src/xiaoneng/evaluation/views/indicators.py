"""Indicator systems: list, create, tree view, Excel import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xiaoneng.core.access import government_of, user_has_perm
from xiaoneng.core.audit import audit
from xiaoneng.core.excel import xlsx_response
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.excel import tree_import, tree_sheet
from xiaoneng.evaluation.figures import figure_choices
from xiaoneng.evaluation.forms import ImportForm, SystemForm
from xiaoneng.evaluation.selectors.rounds import system_get_for_user, system_list
from xiaoneng.evaluation.services.indicators import system_copy, system_create, system_is_frozen
from xiaoneng.evaluation.views.common import attempt, require


@login_required
def systems(request: HttpRequest) -> HttpResponse:
    require(request, Perm.EVALUATION_VIEW)
    may_manage = user_has_perm(request.user, Perm.EVALUATION_MANAGE)
    form = SystemForm(request.POST or None)
    if request.method == "POST" and may_manage and form.is_valid():
        system = attempt(
            request,
            form,
            lambda: system_create(
                actor=request.user,
                owner=government_of(request.user.organization),
                **form.cleaned_data,
            ),
        )
        if system:
            return redirect("evaluation:system", pk=system.pk)
    return render(
        request,
        "evaluation/systems.html",
        {"systems": system_list(user=request.user), "form": form, "may_manage": may_manage},
    )


@login_required
def system(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, Perm.EVALUATION_VIEW)
    found = system_get_for_user(user=request.user, pk=pk)
    if request.GET.get("export") == "xlsx":
        audit(actor=request.user, action="evaluation.system.export", obj=found)
        return xlsx_response(f"indicators-{found.year}-v{found.version}.xlsx", [tree_sheet(found)])
    form = ImportForm()
    report = None
    if request.method == "POST" and request.POST.get("action") == "copy":
        copy = attempt(request, None, lambda: system_copy(actor=request.user, system=found))
        if copy:
            return redirect("evaluation:system", pk=copy.pk)
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = attempt(
                request,
                form,
                lambda: tree_import(
                    actor=request.user, system=found, data=form.cleaned_data["file"].read()
                ),
            )
            if report and report.ok:
                messages.success(request, _("Imported %(n)d indicators.") % {"n": report.created})
                return redirect("evaluation:system", pk=found.pk)
    indicators = list(found.indicators.select_related("parent").order_by("order"))
    counts = [sum(1 for i in indicators if i.level == level) for level in (1, 2, 3)]
    return render(
        request,
        "evaluation/system.html",
        {
            "system": found,
            "indicators": indicators,
            "counts": counts,
            "form": form,
            "report": report,
            "figures": dict(figure_choices()),
            "frozen": system_is_frozen(found),
            "may_manage": user_has_perm(request.user, Perm.EVALUATION_MANAGE),
        },
    )
