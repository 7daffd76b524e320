"""Workbench pages: my messages and opt-outs; templates and the delivery log for the system
administrator. Each view parses input, calls one service or selector and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.core.errors import InvalidInput, NotFound, NotPermitted
from xiaoneng.core.masking import mask_phone
from xiaoneng.notifications import selectors, services
from xiaoneng.notifications.forms import LogFilterForm, PreferenceForm, TemplateForm
from xiaoneng.notifications.kinds import Channel
from xiaoneng.notifications.models import Message

PAGE_SIZE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "workbench/notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()] or None
    services.notifications_mark_read(actor=request.user, ids=ids)
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preference_of(user=request.user)
    form = PreferenceForm(
        request.POST or None,
        initial={"email_opt_out": current.email_opt_out, "sms_opt_out": current.sms_opt_out},
    )
    if request.method == "POST" and form.is_valid():
        services.preference_update(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "workbench/notifications/preferences.html", {"form": form})


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    try:
        rows = selectors.template_list(user=request.user)
    except NotPermitted:
        raise PermissionDenied from None
    return render(request, "workbench/notifications/templates.html", {"rows": rows})


@login_required
def template_edit(request: HttpRequest, kind: str, channel: str) -> HttpResponse:
    try:
        row = selectors.template_get(user=request.user, kind=kind, channel=channel)
    except NotPermitted:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None
    form = TemplateForm(request.POST or None, initial={"subject": row.subject, "body": row.body})
    if request.method == "POST" and "reset" in request.POST:
        services.template_reset(actor=request.user, kind=kind, channel=channel)
        messages.success(request, _("The default wording applies again."))
        return redirect("notifications:templates")
    if request.method == "POST" and form.is_valid():
        try:
            services.template_save(
                actor=request.user, kind=kind, channel=channel, **form.cleaned_data
            )
        except InvalidInput as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("Template saved."))
            return redirect("notifications:templates")
    if channel == Channel.SMS:
        del form.fields["subject"]
    return render(request, "workbench/notifications/template_edit.html", {"form": form, "row": row})


def _address(message: Message) -> str:
    return mask_phone(message.address) if message.channel == Channel.SMS else message.address


@login_required
def delivery_log(request: HttpRequest) -> HttpResponse:
    form = LogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    try:
        log = selectors.message_log(user=request.user, **filters)
    except NotPermitted:
        raise PermissionDenied from None
    page = Paginator(log, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(message, _address(message)) for message in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workbench/notifications/log.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )
