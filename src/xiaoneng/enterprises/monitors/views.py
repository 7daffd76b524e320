"""Workbench pages of efficiency monitors and the media: the monitors with the appointment form,
the observations with their lights (a unit's own to reply to) and the office's entry form, an
observation with the form of its next step, the media reports with the follow-up button, and the
figures with Excel export."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm, user_may
from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.core.excel import Sheet, xlsx_response
from xiaoneng.core.identifiers import validate_resident_id
from xiaoneng.core.models import Applicant, ApplicantKind, User
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises.deadlines import light
from xiaoneng.enterprises.models import Observation
from xiaoneng.enterprises.monitors import forms, selectors, services
from xiaoneng.enterprises.monitors.selectors import MonitorFigures
from xiaoneng.enterprises.workflow import ObservationStatus


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require(request: HttpRequest, *perms: str) -> None:
    if not any(user_has_perm(request.user, perm) for perm in perms):
        raise PermissionDenied


def _office(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The office the signed-in supervisor works in (monitors are appointed by it)."""
    office = _user(request).organization
    if office is None:
        raise PermissionDenied
    return office


def lit(observation: Observation, today: date) -> Observation:
    observation.light = (  # type: ignore[attr-defined]
        light(observation.due_on, today, observation.replied_on) if observation.due_on else ""
    )
    return observation


def _applicant(id_number: str) -> Applicant:
    number = validate_resident_id(id_number, field="id_number")
    applicant = Applicant.objects.filter(
        kind=ApplicantKind.NATURAL_PERSON, id_number=number
    ).first()
    if applicant is None:
        raise InvalidInput(_("No citizen applicant with this ID number."), field="id_number")
    return applicant


@login_required
def monitors(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW)
    may_manage = user_has_perm(request.user, Perm.SUPERVISION_ACT)
    form = forms.MonitorAppointForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.monitor_appoint(
                    actor=_user(request),
                    applicant=_applicant(data["id_number"]),
                    office=_office(request),
                    appointed_on=data["appointed_on"],
                    term_ends_on=data["term_ends_on"],
                    affiliation=data["affiliation"],
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Efficiency monitor appointed."))
                return redirect("enterprises:monitors")
    today = timezone.localdate()
    rows = list(selectors.monitor_list(user=_user(request)))
    for monitor in rows:
        monitor.is_serving = monitor.is_serving_on(today)  # type: ignore[attr-defined]
    return render(
        request,
        "enterprises/monitors/monitors.html",
        {
            "title": _("Efficiency monitors"),
            "rows": rows,
            "form": form,
            "may_manage": may_manage,
        },
        status=400 if form.errors else 200,
    )


@login_required
def observations(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW, Perm.COMPLAINT_REPLY)
    may_enter = user_has_perm(request.user, Perm.SUPERVISION_ACT)
    form = forms.ObservationEntryForm(
        request.POST or None,
        monitors=selectors.monitor_list(user=_user(request)),
        initial={"submitted_on": timezone.localdate()},
    )
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied
        if form.is_valid():
            try:
                observation = services.observation_submit(actor=_user(request), **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request, _("Observation %(number)s entered.") % {"number": observation.number}
                )
                return redirect("enterprises:observation", number=observation.number)
    today = timezone.localdate()
    rows = [lit(o, today) for o in selectors.observation_list(user=_user(request))[:200]]
    return render(
        request,
        "enterprises/monitors/observations.html",
        {
            "title": _("Observations of monitors and the media"),
            "rows": rows,
            "form": form,
            "may_enter": may_enter,
        },
        status=400 if form.errors else 200,
    )


#: The form of each step: the POST's "step" names it (accept and close need none).
STEPS = {
    "accept": None,
    "decline": forms.DeclineForm,
    "forward": forms.ForwardForm,
    "reply": forms.ReplyForm,
    "close": None,
}


def _steps(request: HttpRequest, item: Observation) -> list[str]:
    """The steps the user may take now: the office's, or the unit's reply."""
    office = user_may(request.user, Perm.SUPERVISION_ACT, item.office)
    unit = item.unit is not None and user_may(request.user, Perm.COMPLAINT_REPLY, item.unit)
    return {
        ObservationStatus.SUBMITTED: ["accept", "decline"] if office else [],
        ObservationStatus.ACCEPTED: ["forward"] if office else [],
        ObservationStatus.FORWARDED: ["reply"] if unit else [],
        ObservationStatus.REPLIED: ["close"] if office else [],
    }.get(item.status, [])  # type: ignore[call-overload]


def _take(request: HttpRequest, step: str, item: Observation, data: dict) -> None:  # type: ignore[type-arg]
    actor = _user(request)
    if step == "accept":
        services.observation_accept(actor=actor, observation=item)
    elif step == "decline":
        services.observation_decline(actor=actor, observation=item, reason=data["reason"])
    elif step == "forward":
        services.observation_forward(actor=actor, observation=item, unit=data["unit"])
    elif step == "reply":
        services.observation_reply(actor=actor, observation=item, reply=data["reply"])
    else:
        services.observation_close(actor=actor, observation=item)


@login_required
def observation(request: HttpRequest, number: str) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW, Perm.COMPLAINT_REPLY)
    item = selectors.observation_get_for_user(user=_user(request), number=number)
    steps = _steps(request, item)
    bound = request.POST.get("step", "") if request.method == "POST" else ""
    if request.method == "POST" and bound not in steps:
        raise PermissionDenied
    step_forms = {
        step: form_class(request.POST if step == bound else None, prefix=step)
        for step, form_class in STEPS.items()
        if step in steps and form_class is not None
    }
    error = ""
    if bound:
        form = step_forms.get(bound)
        if form is None or form.is_valid():
            try:
                _take(request, bound, item, dict(form.cleaned_data) if form else {})
            except DomainError as failure:
                error = str(failure.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("enterprises:observation", number=item.number)
    lit(item, timezone.localdate())
    return render(
        request,
        "enterprises/monitors/observation.html",
        {
            "title": item.number,
            "observation": item,
            "steps": steps,
            "step_forms": step_forms,
            "error": error,
        },
        status=400 if bound else 200,
    )


@login_required
def media_reports(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW)
    may_manage = user_has_perm(request.user, Perm.SUPERVISION_ACT)
    form = forms.MediaReportForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        report_pk = request.POST.get("follow_up")
        if report_pk:
            report = selectors.media_report_get_for_user(
                user=_user(request), pk=int(report_pk) if report_pk.isdigit() else 0
            )
            try:
                observation = services.media_report_follow_up(actor=_user(request), report=report)
            except DomainError as error:
                messages.error(request, str(error.message))
                return redirect("enterprises:media_reports")
            return redirect("enterprises:observation", number=observation.number)
        if form.is_valid():
            try:
                services.media_report_record(
                    actor=_user(request), office=_office(request), **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Media report recorded."))
                return redirect("enterprises:media_reports")
    return render(
        request,
        "enterprises/monitors/media_reports.html",
        {
            "title": _("Media reports"),
            "rows": selectors.media_report_list(user=_user(request)),
            "form": form,
            "may_manage": may_manage,
        },
        status=400 if form.errors else 200,
    )


def figure_rows(figures: MonitorFigures) -> list[tuple[str, object]]:
    return [
        (_("Monitors serving"), figures.monitors_serving),
        (_("Observations"), figures.observations),
        (_("From monitors"), figures.from_monitors),
        (_("From media reports"), figures.from_media),
        (_("Media reports"), figures.media_reports),
        (_("Forwarded to units"), figures.forwarded),
        (_("Replied"), figures.replied),
        (_("Replied on time"), figures.replied_on_time),
        (_("Open and overdue"), figures.overdue_open),
        (_("Closed"), figures.closed),
    ]


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW)
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("start") or f"{today.year}-01-01")
        end = date.fromisoformat(request.GET.get("end") or today.isoformat())
    except ValueError:
        start, end = date(today.year, 1, 1), today
    figures = selectors.monitor_figures(
        user=request.user,  # type: ignore[arg-type]
        start=start,
        end=end,
        as_of=today,
    )
    rows = figure_rows(figures)
    if request.GET.get("format") == "xlsx":
        sheet = Sheet(title=_("Figures"), headers=[_("Figure"), _("Value")], rows=rows)
        return xlsx_response(f"monitors-{start}-{end}.xlsx", [sheet])
    return render(
        request,
        "enterprises/monitors/figures.html",
        {"title": _("Figures of monitors and the media"), "rows": rows, "start": start, "end": end},
    )
