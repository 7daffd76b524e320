"""Workbench pages of special campaigns: the list with a new campaign's form, a campaign with its
figures, teams, meetings and findings (and the forms adding them), its Excel export, the findings
with their lights (a unit's own to rectify) and a finding with its rectification form."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm, user_may
from xiaoneng.core.errors import DomainError
from xiaoneng.core.excel import Sheet, xlsx_response
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises.campaigns import forms, selectors, services
from xiaoneng.enterprises.campaigns.selectors import CampaignFigures
from xiaoneng.enterprises.deadlines import light
from xiaoneng.enterprises.models import Campaign, Finding


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require(request: HttpRequest, *perms: str) -> None:
    if not any(user_has_perm(request.user, perm) for perm in perms):
        raise PermissionDenied


def _lit(findings: list[Finding]) -> list[Finding]:
    today = timezone.localdate()
    for finding in findings:
        finding.light = light(finding.due_on, today, finding.rectified_on)  # type: ignore[attr-defined]
    return findings


def figure_rows(figures: CampaignFigures) -> list[tuple[str, object]]:
    """The figures as (label, value) rows, for the page and the Excel sheet alike."""
    return [
        (_("Teams"), figures.teams),
        (_("Enterprises investigated"), figures.enterprises_investigated),
        (_("Questionnaires issued"), figures.questionnaires_issued),
        (_("Questionnaires returned"), figures.questionnaires_returned),
        (_("Symposia and special meetings"), figures.symposia),
        (_("Problems found"), figures.findings),
        (_("Unreasonable charges"), figures.unreasonable_charges),
        (_("Amount charged (yuan)"), figures.amount_charged),
        (_("Amount refunded (yuan)"), figures.amount_refunded),
        (_("Rectified"), figures.rectified),
        (_("Rectified on time"), figures.rectified_on_time),
        (_("Not rectified and overdue"), figures.overdue_open),
    ]


@login_required
def campaigns(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW)
    may_manage = user_has_perm(request.user, Perm.SUPERVISION_ACT)
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                campaign = services.campaign_create(actor=_user(request), **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Campaign created."))
                return redirect("enterprises:campaign", pk=campaign.pk)
    return render(
        request,
        "enterprises/campaigns/list.html",
        {
            "title": _("Special campaigns"),
            "rows": selectors.campaign_list(user=_user(request)),
            "form": form,
            "may_manage": may_manage,
        },
        status=400 if form.errors else 200,
    )


#: The forms of a campaign's page: the POST's "form" names one.
CAMPAIGN_FORMS: dict[str, type[django_forms.Form]] = {
    "survey": forms.CampaignSurveyForm,
    "team": forms.CampaignTeamForm,
    "enterprise": forms.CampaignEnterpriseForm,
    "meeting": forms.CampaignMeetingForm,
    "finding": forms.FindingForm,
}


def _form(name: str, campaign: Campaign, data: object = None) -> django_forms.Form:
    form_class = CAMPAIGN_FORMS[name]
    kwargs: dict[str, object] = {"prefix": name}
    if issubclass(form_class, forms.CampaignRowForm):
        kwargs["campaign"] = campaign
    if name == "survey":
        kwargs["initial"] = {"survey": campaign.survey_id}
    return form_class(data, **kwargs)  # type: ignore[arg-type]


def _save(request: HttpRequest, name: str, campaign: Campaign, data: dict) -> None:  # type: ignore[type-arg]
    actor = _user(request)
    if name == "survey":
        services.campaign_link_survey(actor=actor, campaign=campaign, survey=data["survey"])
    elif name == "team":
        services.campaign_team_add(actor=actor, campaign=campaign, **data)
    elif name == "enterprise":
        services.campaign_enterprise_add(actor=actor, campaign=campaign, **data)
    elif name == "meeting":
        services.campaign_meeting_record(actor=actor, campaign=campaign, **data)
    else:
        services.finding_record(actor=actor, campaign=campaign, **data)


@login_required
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW)
    item = selectors.campaign_get_for_user(user=_user(request), pk=pk)
    may_manage = user_may(request.user, Perm.SUPERVISION_ACT, item.lead_unit)
    figures = selectors.campaign_figures(
        campaigns=Campaign.objects.filter(pk=item.pk), as_of=timezone.localdate()
    )
    if request.GET.get("format") == "xlsx":
        return _export(item, figures)
    bound = request.POST.get("form", "") if request.method == "POST" else ""
    if request.method == "POST" and (bound not in CAMPAIGN_FORMS or not may_manage):
        raise PermissionDenied
    page_forms = {
        name: _form(name, item, request.POST if name == bound else None) for name in CAMPAIGN_FORMS
    }
    if bound:
        form = page_forms[bound]
        if form.is_valid():
            try:
                _save(request, bound, item, dict(form.cleaned_data))
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("enterprises:campaign", pk=item.pk)
    return render(
        request,
        "enterprises/campaigns/detail.html",
        {
            "title": item.title,
            "campaign": item,
            "figures": figure_rows(figures),
            "teams": item.teams.select_related("leading_unit"),
            "meetings": item.meetings.all()[:50],
            "enterprises_count": figures.enterprises_investigated,
            "findings": _lit(list(item.findings.select_related("unit", "enterprise"))),
            "forms": page_forms,
            "may_manage": may_manage,
        },
        status=400 if bound else 200,
    )


def _export(item: Campaign, figures: CampaignFigures) -> HttpResponse:
    findings = Sheet(
        title=_("Problems found"),
        headers=[
            _("Number"),
            _("Kind"),
            _("Enterprise"),
            _("Responsible unit"),
            _("Amount charged (yuan)"),
            _("Found on"),
            _("Rectification due on"),
            _("Status"),
            _("Amount refunded (yuan)"),
            _("Rectified on"),
        ],
        rows=[
            [
                f.number,
                f.get_kind_display(),
                f.enterprise.name if f.enterprise else "",
                f.unit.name,
                f.amount_charged,
                f.found_on,
                f.due_on,
                f.get_status_display(),
                f.amount_refunded,
                f.rectified_on,
            ]
            for f in item.findings.select_related("unit", "enterprise")
        ],
    )
    summary = Sheet(
        title=_("Figures"), headers=[_("Figure"), _("Value")], rows=figure_rows(figures)
    )
    return xlsx_response(f"campaign-{item.pk}.xlsx", [summary, findings])


@login_required
def findings(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW, Perm.COMPLAINT_REPLY)
    rows = _lit(list(selectors.finding_list(user=_user(request))[:200]))
    return render(
        request,
        "enterprises/campaigns/findings.html",
        {"title": _("Campaign findings"), "rows": rows},
    )


@login_required
def finding(request: HttpRequest, number: str) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW, Perm.COMPLAINT_REPLY)
    item = selectors.finding_get_for_user(user=_user(request), number=number)
    may_rectify = user_may(request.user, Perm.COMPLAINT_REPLY, item.unit)
    form = forms.FindingRectifyForm(request.POST or None)
    if request.method == "POST":
        if not may_rectify:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.finding_rectify(actor=_user(request), finding=item, **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Rectification reported."))
                return redirect("enterprises:finding", number=item.number)
    _lit([item])
    return render(
        request,
        "enterprises/campaigns/finding.html",
        {"title": item.number, "finding": item, "form": form, "may_rectify": may_rectify},
        status=400 if form.errors else 200,
    )
