"""Workbench page of the efficiency office: publish figures and items, withdraw, decide topics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.core.roles import Perm
from xiaoneng.disclosure import selectors, services
from xiaoneng.disclosure.forms import ItemForm, MonthForm, NoteForm, PickForm
from xiaoneng.disclosure.models import DisclosureItem, Topic


def _require(request: HttpRequest) -> None:
    if not user_has_perm(request.user, Perm.DISCLOSURE_PUBLISH):  # type: ignore[arg-type]
        raise PermissionDenied


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    _require(request)
    item_form = ItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and item_form.is_valid():
        data = item_form.cleaned_data
        try:
            services.item_publish(
                actor=request.user,  # type: ignore[arg-type]
                title=data["title"],
                category=data["category"],
                unit=data["unit"],
                body=data["body"],
                published_on=data["published_on"],
                files=[data["attachment"]] if data["attachment"] else [],
            )
        except DomainError as error:
            item_form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Published."))
            return redirect("disclosure:manage")
    return render(
        request,
        "disclosure/manage.html",
        {
            "item_form": item_form,
            "month_form": MonthForm(),
            "pick_form": PickForm(),
            "note_form": NoteForm(),
            "items": selectors.item_list_all()[:100],
            "snapshots": selectors.snapshot_list()[:24],
            "topics": selectors.topic_list_public()[:100],
        },
    )


def _form_or_error(form_class, request: HttpRequest):  # type: ignore[no-untyped-def]
    form = form_class(request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise InvalidInput(errors[0], field=field)
    return form.cleaned_data


@login_required
@require_POST
def figures_publish(request: HttpRequest) -> HttpResponse:
    _require(request)
    data = _form_or_error(MonthForm, request)
    services.snapshot_publish(actor=request.user, month=data["month"])  # type: ignore[arg-type]
    messages.success(request, _("The month's figures are published."))
    return redirect("disclosure:manage")


@login_required
@require_POST
def item_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    data = _form_or_error(NoteForm, request)
    item = get_object_or_404(DisclosureItem, pk=pk)
    services.item_withdraw(actor=request.user, item=item, reason=data["text"])  # type: ignore[arg-type]
    messages.success(request, _("Withdrawn."))
    return redirect("disclosure:manage")


@login_required
@require_POST
def topic_act(request: HttpRequest, number: str, action: str) -> HttpResponse:
    _require(request)
    topic = get_object_or_404(Topic, number=number)
    actor = request.user
    if action == "pick":
        data = _form_or_error(PickForm, request)
        owner = actor.organization  # type: ignore[union-attr]
        services.topic_pick(
            actor=actor,  # type: ignore[arg-type]
            topic=topic,
            owner=owner,
            lead_unit=data["lead_unit"],
            deadline=data["deadline"],
        )
    elif action == "decline":
        services.topic_decline(
            actor=actor, topic=topic, note=_form_or_error(NoteForm, request)["text"]
        )  # type: ignore[arg-type]
    elif action == "outcome":
        services.topic_outcome_publish(
            actor=actor,  # type: ignore[arg-type]
            topic=topic,
            outcome=_form_or_error(NoteForm, request)["text"],
        )
    else:
        raise InvalidInput(_("Unknown action."), field="action")
    messages.success(request, _("Saved."))
    return redirect("disclosure:manage")
