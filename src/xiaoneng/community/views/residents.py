"""Portal pages of residents' self-government (rule 8) and the community's public page.

Anyone reads a community's public page (居务公开: disclosed affairs, published outcomes, the
duty rota and the task list in force), its forum and its 电子屏 (rule 3: the ten rules on a
screen instead of boards on the walls). Acting needs a signed-in portal account: apply to be a
verified resident, then post, reply, support a deliberation, register for a hearing. Each POST
calls one service of `services.residents` / `services.selfgov`; their refusals (not a verified
resident, another community, a hidden topic) are shown as messages, never as a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.community import selectors
from xiaoneng.community.forms import MembershipForm, ResidentReplyForm, TopicForm
from xiaoneng.community.rules import TEN_RULES
from xiaoneng.community.services import residents as resident_services
from xiaoneng.community.services import selfgov as selfgov_services
from xiaoneng.community.views.common import run
from xiaoneng.core.errors import DomainError, NotFound, NotPermitted
from xiaoneng.core.models import Organization, UserKind

View = Callable[..., HttpResponse]

#: The 电子屏 reloads itself (meta refresh) this often, in seconds.
SCREEN_REFRESH_SECONDS = 300


def _sign_in(next_url: str) -> HttpResponse:
    return redirect(f"{reverse('portal:sign_in')}?{urlencode({'next': next_url})}")


def _public_url(community: Organization, name: str = "public", *args: Any) -> str:
    return reverse(f"portal_community:{name}", args=[community.pk, *args])


def resident_account(view: View) -> View:
    """Signed in (else to the portal's sign-in, back to the community's page afterwards) with a
    portal account (staff act on the workbench)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pk = kwargs.get("pk")
        back = (
            reverse("portal_community:public", args=[pk])
            if pk
            else reverse("portal_community:index")
        )
        if not request.user.is_authenticated:
            return _sign_in(request.path if request.method == "GET" else back)
        if getattr(request.user, "kind", "") != UserKind.APPLICANT:
            messages.error(request, _("Residents take part with their portal account."))
            return redirect(back)
        return view(request, *args, **kwargs)

    return wrapped


def _show(form: forms.Form, error: DomainError) -> int:
    """A service's refusal as errors of the form; the status code the page answers with."""
    for name, message in error.errors:
        form.add_error(name if name in form.fields else None, str(message))
    return 403 if isinstance(error, NotPermitted) else 400


def _community(pk: int) -> Organization:
    try:
        return selectors.public_community_get(pk=pk)
    except NotFound as error:
        raise Http404(str(error.message)) from error


def index(request: HttpRequest) -> HttpResponse:
    """The communities with their public pages; a signed-in account's applications."""
    memberships = (
        list(selectors.memberships_of(account=request.user))  # type: ignore[arg-type]
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "portal_community/index.html",
        {
            "communities": selectors.public_communities().select_related("parent"),
            "memberships": memberships,
        },
    )


@resident_account
def join(request: HttpRequest) -> HttpResponse:
    """Apply to be a verified resident of a community (its staff verify the address)."""
    form = MembershipForm(
        request.POST or None,
        communities=selectors.public_communities(),
        initial={"community": request.GET.get("community", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = run(
            form,
            lambda: resident_services.membership_apply(
                actor=request.user,  # type: ignore[arg-type]
                community=data["community"],
                address=data["address"],
                display_name=data["display_name"],
            ),
        )
        if membership is not None:
            messages.success(
                request,
                _(
                    "Your application has been sent; the community's staff will verify your address."
                ),
            )
            return redirect("portal_community:index")
    return render(request, "portal_community/join.html", {"form": form})


def public_page(request: HttpRequest, pk: int) -> HttpResponse:
    """居务公开: what the community discloses, its outcomes, open deliberations and hearings."""
    community = _community(pk)
    return render(
        request,
        "portal_community/public.html",
        {
            "community": community,
            "page": selectors.community_public_page(community=community, on=timezone.localdate()),
            "me": selectors.participation_of(account=request.user, community=community),  # type: ignore[arg-type]
        },
    )


def forum(request: HttpRequest, pk: int) -> HttpResponse:
    """The community's forum: visible topics; a verified resident posts a new one."""
    community = _community(pk)
    form = TopicForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return _sign_in(_public_url(community, "forum"))
        if form.is_valid():
            try:
                topic = resident_services.forum_topic_post(
                    actor=request.user,  # type: ignore[arg-type]
                    community=community,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
            except DomainError as error:
                status = _show(form, error)
            else:
                messages.success(request, _("Your topic has been posted."))
                return redirect(_public_url(community, "topic", topic.pk))
        else:
            status = 400
    return render(
        request,
        "portal_community/forum.html",
        {
            "community": community,
            "topics": selectors.forum_topics_listed(community=community)[:100],
            "form": form,
            "me": selectors.participation_of(account=request.user, community=community),  # type: ignore[arg-type]
        },
        status=status,
    )


def topic(request: HttpRequest, pk: int, topic_pk: int) -> HttpResponse:
    """One topic: its visible replies, the deliberation it became and its outcome; a verified
    resident replies. A hidden topic shows only that it was hidden (rule 8, moderation)."""
    community = _community(pk)
    try:
        found = selectors.forum_topic_of(community=community, pk=topic_pk)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    if found.is_hidden:
        return render(
            request, "portal_community/topic_hidden.html", {"community": community}, status=404
        )
    form = ResidentReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return _sign_in(_public_url(community, "topic", found.pk))
        if getattr(request.user, "kind", "") != UserKind.APPLICANT:
            form.add_error(None, _("Staff reply on the workbench."))
            status = 403
        elif form.is_valid():
            try:
                selfgov_services.forum_reply_add(
                    actor=request.user,  # type: ignore[arg-type]
                    topic=found,
                    body=form.cleaned_data["body"],
                )
            except DomainError as error:
                status = _show(form, error)
            else:
                messages.success(request, _("Your reply has been posted."))
                return redirect(_public_url(community, "topic", found.pk))
        else:
            status = 400
    return render(
        request,
        "portal_community/topic.html",
        {
            "community": community,
            "topic": found,
            "replies": selectors.forum_replies_public(topic=found),
            "deliberations": found.deliberations.all(),
            "form": form,
            "me": selectors.participation_of(account=request.user, community=community),  # type: ignore[arg-type]
        },
        status=status,
    )


def _act(request: HttpRequest, call: Callable[[], Any], success: str, back: str) -> HttpResponse:
    try:
        call()
    except DomainError as error:
        messages.error(request, "; ".join(str(m) for _field, m in error.errors))
    else:
        messages.success(request, success)
    return redirect(back)


@require_POST
@resident_account
def deliberation_support(request: HttpRequest, pk: int, deliberation_pk: int) -> HttpResponse:
    """A verified resident supports (joins) an open deliberation of their community, once."""
    community = _community(pk)
    back = _public_url(community) + "#deliberations"
    try:
        deliberation = selectors.deliberation_public_get(community=community, pk=deliberation_pk)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    return _act(
        request,
        lambda: resident_services.deliberation_support(
            actor=request.user,  # type: ignore[arg-type]
            deliberation=deliberation,
        ),
        _("You support this deliberation."),
        back,
    )


@require_POST
@resident_account
def hearing_register(request: HttpRequest, pk: int, hearing_pk: int) -> HttpResponse:
    """A verified resident registers to attend a hearing of their community, once."""
    community = _community(pk)
    try:
        hearing = selectors.hearing_public_get(community=community, pk=hearing_pk)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    return _act(
        request,
        lambda: resident_services.hearing_register(
            actor=request.user,  # type: ignore[arg-type]
            hearing=hearing,
        ),
        _("You are registered for this hearing."),
        _public_url(community) + "#hearings",
    )


def screen(request: HttpRequest, pk: int) -> HttpResponse:
    """电子屏 (rule 3): the ten rules and the community's figures in large type, full screen,
    without navigation; it reloads itself every few minutes."""
    community = _community(pk)
    return render(
        request,
        "portal_community/screen.html",
        {
            "community": community,
            "rules": TEN_RULES,
            "page": selectors.community_public_page(community=community, on=timezone.localdate()),
            "now": timezone.localtime(),
            "refresh": SCREEN_REFRESH_SECONDS,
        },
    )
