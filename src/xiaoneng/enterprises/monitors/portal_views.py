"""Portal page of an efficiency monitor signed in with their own applicant account: submit an
observation while the term runs and follow the office's handling of each."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.errors import DomainError
from xiaoneng.core.models import User
from xiaoneng.enterprises.monitors import forms, selectors, services

SIGN_IN = reverse_lazy("portal:sign_in")


@login_required(login_url=SIGN_IN)
def index(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    monitor = selectors.monitor_of_account(user=user)
    if monitor is None:
        return render(
            request,
            "portal_enterprises/not_monitor.html",
            {"title": _("Efficiency monitor")},
            status=403,
        )
    is_serving = monitor.is_serving_on(timezone.localdate())
    form = forms.ObservationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                observation = services.observation_submit(
                    actor=user, monitor=monitor, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
                status = error.status_code
            else:
                messages.success(
                    request,
                    _("Observation %(number)s submitted; the office will handle it.")
                    % {"number": observation.number},
                )
                return redirect("portal_enterprises:monitor")
        else:
            status = 400
    return render(
        request,
        "portal_enterprises/monitor.html",
        {
            "title": _("Efficiency monitor"),
            "monitor": monitor,
            "is_serving": is_serving,
            "form": form,
            "observations": monitor.observations.select_related("unit").order_by(
                "-submitted_on", "-pk"
            ),
        },
        status=status,
    )
