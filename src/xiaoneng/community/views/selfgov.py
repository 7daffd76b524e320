"""Workbench pages of residents' self-government (rule 8) for community staff: applications
to verify, a forum topic taken up as a deliberation, a deliberation's outcome published.
Moderation stays on the topic page (`records.forum_topic` / `records.forum_moderate`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.community import selectors
from xiaoneng.community.forms import OutcomeForm, TopicDeliberationForm
from xiaoneng.community.models import Deliberation, ForumTopic, MembershipStatus
from xiaoneng.community.services import residents as resident_services
from xiaoneng.community.views.common import (
    Action,
    Row,
    Table,
    page,
    post_action,
    require_perm,
    staff_view,
    url,
)
from xiaoneng.core.roles import Perm

RECORD = Perm.COMMUNITY_RECORD


@staff_view
def memberships(request: HttpRequest) -> HttpResponse:
    """Rule 8: portal accounts asking to be verified residents; staff check the address."""
    require_perm(request, RECORD)
    rows: list[Row] = []
    for m in selectors.membership_list(user=request.user)[:300]:  # type: ignore[arg-type]
        actions: list[Action] = []
        if m.status == MembershipStatus.PENDING:
            actions = [
                Action(_("Verify"), url("membership_decide", m.pk), {"verified": "1"}),
                Action(
                    _("Refuse"),
                    url("membership_decide", m.pk),
                    {"verified": "0"},
                    ask=_("Reason"),
                    style="danger",
                ),
            ]
        rows.append(
            Row(
                [
                    m.applied_at.date(),
                    m.community.short_name or m.community.name,
                    m.display_name,
                    m.address,
                    m.get_status_display(),
                    m.refusal_reason,
                ],
                actions,
            )
        )
    return page(
        request,
        title=_("Resident memberships"),
        intro=_(
            "Rule 8: residents take part in the forum, deliberations and hearings once the "
            "community has verified their address."
        ),
        table=Table(
            [
                _("Applied on"),
                _("Community"),
                _("Name shown in the forum"),
                _("Address"),
                _("Status"),
                _("Reason"),
            ],
            rows,
            empty=_("No application yet."),
        ),
    )


@staff_view
@require_POST
def membership_decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    verified = request.POST.get("verified") == "1"
    return post_action(
        request,
        lambda: resident_services.membership_decide(
            actor=request.user,  # type: ignore[arg-type]
            membership=membership,
            verified=verified,
            reason=request.POST.get("text", ""),
        ),
        _("Verified.") if verified else _("Refused."),
        url("memberships"),
    )


def topic_panel(request: HttpRequest, topic: ForumTopic, *, may_record: bool) -> str:
    """The topic page's deliberation panel: take it up, then publish the outcome."""
    deliberation = topic.deliberations.first()
    return render_to_string(
        "community/topic_panel.html",
        {
            "topic": topic,
            "deliberation": deliberation,
            "may_record": may_record,
            "take_up": TopicDeliberationForm(prefix="take-up"),
            "outcome": OutcomeForm(prefix="outcome"),
        },
        request=request,
    )


@staff_view
@require_POST
def topic_deliberation(request: HttpRequest, pk: int) -> HttpResponse:
    """Rule 8 (议事协商): a forum topic taken up as a deliberation on a day."""
    topic = selectors.register_entry_get(user=request.user, model=ForumTopic, pk=pk)  # type: ignore[arg-type]
    assert isinstance(topic, ForumTopic)
    form = TopicDeliberationForm(request.POST, prefix="take-up")
    if not form.is_valid():
        messages.error(request, _("Enter the date of the deliberation."))
        return redirect(url("forum_topic", pk))
    return post_action(
        request,
        lambda: resident_services.forum_topic_to_deliberation(
            actor=request.user,  # type: ignore[arg-type]
            topic=topic,
            held_on=form.cleaned_data["held_on"],
            participants=form.cleaned_data["participants"],
        ),
        _("Taken up as a deliberation."),
        url("forum_topic", pk),
    )


@staff_view
@require_POST
def deliberation_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Rule 8: the outcome of a deliberation, published on the community's public page. From
    the topic page (`outcome-decision`) or the register's row action (`text`)."""
    deliberation = selectors.register_entry_get(user=request.user, model=Deliberation, pk=pk)  # type: ignore[arg-type]
    assert isinstance(deliberation, Deliberation)
    decision = request.POST.get("outcome-decision", request.POST.get("text", ""))
    back = (
        url("forum_topic", deliberation.source_topic_id)
        if deliberation.source_topic_id and request.POST.get("from") == "topic"
        else url("register", "deliberations")
    )
    return post_action(
        request,
        lambda: resident_services.deliberation_outcome_publish(
            actor=request.user,  # type: ignore[arg-type]
            deliberation=deliberation,
            decision=decision,
        ),
        _("Outcome published on the community's public page."),
        back,
    )
