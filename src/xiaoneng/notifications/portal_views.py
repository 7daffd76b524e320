"""Portal pages: the applicant's own messages and opt-outs (same services as the workbench)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.notifications import selectors, services
from xiaoneng.notifications.forms import PreferenceForm

SIGN_IN = reverse_lazy("portal:sign_in")


@login_required(login_url=SIGN_IN)
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/portal/inbox.html", {"page": page})


@login_required(login_url=SIGN_IN)
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(actor=request.user)
    return redirect("portal_notifications:inbox")


@login_required(login_url=SIGN_IN)
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preference_of(user=request.user)
    form = PreferenceForm(
        request.POST or None,
        initial={"email_opt_out": current.email_opt_out, "sms_opt_out": current.sms_opt_out},
    )
    if request.method == "POST" and form.is_valid():
        services.preference_update(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("portal_notifications:preferences")
    return render(request, "notifications/portal/preferences.html", {"form": form})
