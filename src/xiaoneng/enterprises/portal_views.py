"""Portal pages of a monitored enterprise signed in with its own account: report a problem,
follow its problems and rate the replies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from xiaoneng.core.errors import DomainError
from xiaoneng.core.models import Organization, OrganizationKind
from xiaoneng.enterprises import forms, selectors, services

SIGN_IN = reverse_lazy("portal:sign_in")


def _units():  # type: ignore[no-untyped-def]
    return Organization.objects.exclude(
        kind__in=[OrganizationKind.GOVERNMENT, OrganizationKind.COMMUNITY]
    ).order_by("path")


@login_required(login_url=SIGN_IN)
def index(request: HttpRequest) -> HttpResponse:
    enterprise = selectors.enterprise_of_account(user=request.user)  # type: ignore[arg-type]
    if enterprise is None:
        return render(
            request, "portal_enterprises/not_monitored.html", {"title": _("Enterprise problems")}
        )
    form = forms.ProblemReportForm(request.POST or None, units=_units())
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_report(
                actor=request.user,  # type: ignore[arg-type]
                enterprise=enterprise,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                unit=form.cleaned_data["unit"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("Problem %(number)s reported; the unit replies by %(due)s.")
                % {"number": problem.number, "due": problem.due_on.isoformat()},
            )
            return redirect("portal_enterprises:index")
    problems = enterprise.problems.select_related("unit").order_by("-reported_on", "-pk")
    rate_forms = {p.number: forms.ProblemRateForm(prefix=p.number) for p in problems}
    return render(
        request,
        "portal_enterprises/index.html",
        {
            "title": _("Enterprise problems"),
            "enterprise": enterprise,
            "form": form,
            "problems": [(p, rate_forms[p.number]) for p in problems],
        },
        status=400 if form.errors else 200,
    )


@login_required(login_url=SIGN_IN)
def rate(request: HttpRequest, number: str) -> HttpResponse:
    problem = selectors.problem_get_for_user(user=request.user, number=number)  # type: ignore[arg-type]
    form = forms.ProblemRateForm(request.POST or None, prefix=number)
    if request.method == "POST" and form.is_valid():
        services.problem_rate(
            actor=request.user,  # type: ignore[arg-type]
            problem=problem,
            satisfaction=form.cleaned_data["satisfaction"],
        )
        messages.success(request, _("Thank you for your rating."))
    return redirect("portal_enterprises:index")
