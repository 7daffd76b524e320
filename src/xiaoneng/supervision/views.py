"""Workbench pages of electronic supervision: thin views over lights, figures and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm, user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.charts import bar_chart, stacked_bar_chart
from xiaoneng.core.db_router import reading_from_replica
from xiaoneng.core.errors import DomainError
from xiaoneng.core.excel import Sheet, xlsx_response
from xiaoneng.core.roles import Perm
from xiaoneng.supervision import figures, selectors, services
from xiaoneng.supervision.forms import (
    AdmonishForm,
    BreachFilterForm,
    CaseFilterForm,
    FilterForm,
    ReviewForm,
    SettingsForm,
    SubmitForm,
    WarningForm,
)
from xiaoneng.supervision.lights import (
    as_of_day,
    cases_with_light,
    facts_as_of,
    light_summary,
    opinions_with_light,
)
from xiaoneng.supervision.models import Light, SupervisionSettings
from xiaoneng.supervision.panels import panels_for

LIGHT_COLORS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}


def _require(request: HttpRequest, *perms: str) -> None:
    if not any(user_has_perm(request.user, p) for p in perms):
        raise PermissionDenied


def _filter_form(cls: type[FilterForm], request: HttpRequest) -> tuple[FilterForm, dict]:
    form = cls(data=request.GET or None, user=request.user)  # type: ignore[arg-type]
    if request.GET and form.is_valid():
        return form, form.cleaned_data
    defaults = cls(data={}, user=request.user)  # type: ignore[arg-type]
    defaults.is_valid()
    if not request.GET:
        form = defaults
    return form, defaults.cleaned_data


def _lights_chart(rows: list[figures.LightRow], title: str) -> str:
    return stacked_bar_chart(
        [r.label for r in rows],
        {
            str(Light.GREEN.label): [r.green for r in rows],
            str(Light.YELLOW.label): [r.yellow for r in rows],
            str(Light.RED.label): [r.red for r in rows],
        },
        colors={
            str(Light.GREEN.label): LIGHT_COLORS["green"],
            str(Light.YELLOW.label): LIGHT_COLORS["yellow"],
            str(Light.RED.label): LIGHT_COLORS["red"],
        },
        title=title,
    )


@login_required
@reading_from_replica()
def dashboard(request: HttpRequest) -> HttpResponse:
    """Lights by department, item and handling type; the period's figures; charts + tables."""
    _require(request, Perm.SUPERVISION_VIEW)
    form, data = _filter_form(FilterForm, request)
    user, org = request.user, data.get("organization")
    as_of, start, end = data["as_of"], data["start"], data["end"]
    groups = {
        group: figures.lights_by(user=user, group=group, as_of=as_of, organization=org)  # type: ignore[arg-type]
        for group in figures.GROUPS
    }
    period = figures.period_figures(user=user, start=start, end=end, organization=org)  # type: ignore[arg-type]
    squeeze = figures.compression(user=user, organization=org)  # type: ignore[arg-type]
    summary = light_summary(user=user, as_of=as_of, organization=org)  # type: ignore[arg-type]
    if request.GET.get("format") == "xlsx":
        audit(
            actor=user,
            action="supervision.export",
            object_type="supervision.dashboard",  # type: ignore[arg-type]
            detail={"as_of": as_of, "start": start, "end": end},
        )
        return xlsx_response(f"supervision-{as_of}.xlsx", _sheets(groups, period, squeeze))
    query = request.GET.copy()
    query["format"] = "xlsx"
    scope = {"as_of": as_of.isoformat()}
    if org is not None:
        scope["organization"] = str(org.pk)
    context = {
        "form": form,
        "summary": summary,
        "scope_query": urlencode(scope),
        "period_query": urlencode({"start": start.isoformat(), "end": end.isoformat(), **scope}),
        "groups": [
            (
                _("By department"),
                "agency",
                groups["agency"],
                _lights_chart(groups["agency"][:20], _("Lights by department")),
            ),
            (
                _("By service item"),
                "item",
                groups["item"][:30],
                _lights_chart(groups["item"][:20], _("Lights by service item")),
            ),
            (
                _("By handling type"),
                "handling_type",
                groups["handling_type"],
                _lights_chart(groups["handling_type"], _("Lights by handling type")),
            ),
        ],
        "period": period,
        "breaches_total": sum(n for _u, n in period.breaches_by_unit),
        "warnings_total": sum(n for _u, n in period.warnings_by_unit),
        "compression": squeeze,
        "breaches_chart": bar_chart(
            [u for u, _n in period.breaches_by_unit[:20]],
            [n for _u, n in period.breaches_by_unit[:20]],
            title=_("Rule breaches by unit"),
            color="#c62828",
        ),
        "warnings_chart": bar_chart(
            [u for u, _n in period.warnings_by_unit[:20]],
            [n for _u, n in period.warnings_by_unit[:20]],
            title=_("Efficiency warnings by unit"),
            color="#6a1b9a",
        ),
        "export_query": query.urlencode(),
        "as_of": as_of,
        "panels": panels_for(user, as_of),
    }
    return render(request, "supervision/dashboard.html", context)


def _sheets(
    groups: dict[str, list[figures.LightRow]],
    period: figures.PeriodFigures,
    squeeze: figures.Compression,
) -> list[Sheet]:
    light_headers = [_("Group"), _("Green"), _("Yellow"), _("Red"), _("Legally overdue"), _("Open")]
    titles = {
        "agency": _("By department"),
        "item": _("By service item"),
        "handling_type": _("By handling type"),
    }
    sheets = [
        Sheet(
            titles[g],
            light_headers,
            [[r.label, r.green, r.yellow, r.red, r.legal_overdue, r.total] for r in rows],
        )
        for g, rows in groups.items()
    ]
    sheets.append(
        Sheet(
            _("Period"),
            [_("Figure"), _("Value")],
            [
                [_("Period"), f"{period.start} – {period.end}"],
                [_("Closed"), period.closed],
                [_("Closed on time"), period.closed_on_time],
                [_("Open and overdue at the end"), period.open_overdue],
                [_("On-time rate (%)"), period.on_time_rate],
                [_("Early-completion rate (%)"), period.early_rate],
                [_("Average working days used"), period.average_workdays_used],
                [_("Average legal limit (working days)"), period.average_legal_limit],
                [_("Refusal filings"), period.refusal_filings],
                [_("Compression ratio (%)"), squeeze.ratio],
                [_("Items cut by two thirds or more"), squeeze.cut_by_two_thirds],
            ],
        )
    )
    sheets.append(
        Sheet(
            _("Breaches by unit"),
            [_("Unit"), _("Breaches")],
            [list(r) for r in period.breaches_by_unit],
        )
    )
    sheets.append(
        Sheet(
            _("Warnings by unit"),
            [_("Unit"), _("Warnings")],
            [list(r) for r in period.warnings_by_unit],
        )
    )
    return sheets


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """Open cases with their lights (drill-down from the dashboard) and the opinion lights."""
    _require(request, Perm.SUPERVISION_VIEW)
    form, data = _filter_form(CaseFilterForm, request)
    user, org, as_of = request.user, data.get("organization"), data["as_of"]
    queryset = cases_with_light(
        user=user,
        light=data.get("light") or None,
        as_of=as_of,  # type: ignore[arg-type]
        organization=org,
    )
    for field, lookup in (
        ("agency", "agency_id"),
        ("item", "item_id"),
        ("handling_type", "handling_type"),
    ):
        if data.get(field):
            queryset = queryset.filter(**{lookup: data[field]})
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    page.object_list = facts_as_of(list(page.object_list), as_of_day(as_of))  # type: ignore[arg-type]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "opinions": opinions_with_light(user=user, as_of=as_of, organization=org)[:100],  # type: ignore[arg-type]
        "as_of": as_of,
    }
    return render(request, "supervision/cases.html", context)


@login_required
def breach_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW)
    form, data = _filter_form(BreachFilterForm, request)
    queryset = selectors.breach_list(
        user=request.user,
        rule=data.get("rule") or None,  # type: ignore[arg-type]
        organization=data.get("organization"),
        start=data["start"],
        end=data["end"],
    )
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/breaches.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def warning_list(request: HttpRequest) -> HttpResponse:
    """Warnings in scope, counts per unit for the year, and the issue form for supervisors."""
    _require(request, Perm.SUPERVISION_VIEW)
    can_issue = user_has_perm(request.user, Perm.WARNING_ISSUE)
    form = WarningForm(data=request.POST or None, user=request.user) if can_issue else None  # type: ignore[arg-type]
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                warning = services.warning_issue(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except DomainError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, str(error.message)
                )
            else:
                messages.success(
                    request, _("Warning %(number)s issued.") % {"number": warning.number}
                )
                return redirect("supervision:warnings")
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    warnings = selectors.warning_list(user=request.user, year=year)  # type: ignore[arg-type]
    page = Paginator(warnings, 50).get_page(request.GET.get("page"))
    return render(request, "supervision/warnings.html", {"form": form, "page": page, "year": year})


@login_required
def accountability_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW, Perm.TASK_REPORT)
    rows = selectors.accountability_list(user=request.user)  # type: ignore[arg-type]
    return render(request, "supervision/accountabilities.html", {"rows": rows})


@login_required
def accountability_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One accountability: its warnings, the unit's documents, the review and admonishment."""
    _require(request, Perm.SUPERVISION_VIEW, Perm.TASK_REPORT)
    try:
        found = selectors.accountability_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    except DomainError as error:
        raise Http404 from error
    user = request.user
    may_submit = user_may(user, Perm.TASK_REPORT, found.unit)  # type: ignore[arg-type]
    may_review = user_may(user, Perm.SUPERVISION_ACT, found.unit)  # type: ignore[arg-type]
    action = request.POST.get("action") if request.method == "POST" else None
    forms_by_action = {
        "submit": SubmitForm(data=request.POST if action == "submit" else None, prefix="submit"),
        "review": ReviewForm(data=request.POST if action == "review" else None, prefix="review"),
        "admonish": AdmonishForm(
            data=request.POST if action == "admonish" else None, prefix="admonish"
        ),
    }
    if action in forms_by_action:
        if (action == "submit" and not may_submit) or (action != "submit" and not may_review):
            raise PermissionDenied
        form = forms_by_action[action]
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "submit":
                    services.accountability_submit(actor=user, accountability=found, **data)  # type: ignore[arg-type]
                elif action == "review":
                    services.accountability_review(actor=user, accountability=found, **data)  # type: ignore[arg-type]
                else:
                    services.accountability_record_admonishment(
                        actor=user,
                        accountability=found,
                        leader=data["leader"],  # type: ignore[arg-type]
                        admonished_on=data["admonished_on"],
                        note=data["note"],
                    )
            except DomainError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, str(error.message)
                )
            else:
                messages.success(request, _("Saved."))
                return redirect("supervision:accountability", pk=found.pk)
    warnings = selectors.warning_list(user=user, year=found.year).filter(unit=found.unit)  # type: ignore[arg-type]
    return render(
        request,
        "supervision/accountability.html",
        {
            "item": found,
            "warnings": warnings,
            "may_submit": may_submit,
            "may_review": may_review,
            **{f"{name}_form": form for name, form in forms_by_action.items()},
        },
    )


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """The global yellow thresholds and the forwarding limit (supervisors change them)."""
    _require(request, Perm.SUPERVISION_VIEW)
    current = SupervisionSettings.current()
    may_change = user_has_perm(request.user, Perm.SUPERVISION_ACT)
    initial = {
        "yellow_days": current.yellow_days,
        "yellow_ratio": current.yellow_ratio,
        "late_forwarding_days": current.late_forwarding_days,
    }
    form = SettingsForm(data=request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.settings_update(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except DomainError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, str(error.message)
                )
            else:
                messages.success(request, _("Saved."))
                return redirect("supervision:settings")
    return render(
        request,
        "supervision/settings.html",
        {"form": form, "may_change": may_change, "current": current},
    )
