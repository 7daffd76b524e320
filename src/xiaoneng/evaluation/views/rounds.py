"""Evaluation rounds: list and create, detail with actions, score sheet, results and ranking."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.audit import audit
from xiaoneng.core.charts import bar_chart
from xiaoneng.core.errors import DomainError
from xiaoneng.core.excel import Sheet, xlsx_response
from xiaoneng.core.models import Organization
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.forms import AppealForm, AssignForm, RoundForm
from xiaoneng.evaluation.models import GRADE_LABELS, RoundResult, ScorerRole, ScoringMethod
from xiaoneng.evaluation.selectors.rounds import (
    results_visible,
    round_get_for_user,
    round_list,
    scores_visible,
    system_list,
)
from xiaoneng.evaluation.services import rounds as services
from xiaoneng.evaluation.views.common import attempt, require, units_for
from xiaoneng.evaluation.workflow import AppealStatus, RoundStatus


@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    require(request, Perm.EVALUATION_VIEW, Perm.EVALUATION_SCORE)
    may_manage = user_has_perm(request.user, Perm.EVALUATION_MANAGE)
    form = None
    if may_manage:
        form = RoundForm(
            request.POST or None,
            systems=system_list(user=request.user),
            units=units_for(request, Perm.EVALUATION_MANAGE),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            created = attempt(
                request,
                form,
                lambda: services.round_create(
                    actor=request.user,
                    name=data["name"],
                    system=data["system"],
                    units=list(data["units"]),
                    score_deadline=data["score_deadline"],
                    appeal_workdays=data["appeal_workdays"],
                    shares=form.shares(),
                    grade_thresholds=data["grade_thresholds"],
                ),
            )
            if created:
                return redirect("evaluation:round", pk=created.pk)
    return render(
        request, "evaluation/rounds.html", {"rounds": round_list(user=request.user), "form": form}
    )


def score_sheets(user, evaluation_round) -> list[tuple[Organization, str, str]]:  # type: ignore[no-untyped-def]
    """(unit, role, role label) score sheets the user may fill in on this round."""
    manager = services.may_manage(user, evaluation_round)
    roles = {w.role: w.weight for w in evaluation_round.scorer_weights.all() if w.weight}
    departments = {a.department for a in evaluation_round.assignments.select_related("department")}
    sheets = []
    for round_unit in evaluation_round.units.select_related("organization"):
        unit = round_unit.organization
        for role in roles:
            allowed = manager
            if role == ScorerRole.SELF_ASSESSMENT:
                allowed = allowed or (
                    services.belongs_to(user, unit) and user_has_perm(user, Perm.EVALUATION_SCORE)
                )
            if role == ScorerRole.FUNCTIONAL_DEPARTMENT:
                allowed = (
                    bool(departments)
                    and (manager or any(services.belongs_to(user, d) for d in departments))
                    and user_has_perm(user, Perm.EVALUATION_SCORE)
                )
            if allowed:
                sheets.append((unit, role, str(ScorerRole(role).label)))
    return sheets


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation_round = round_get_for_user(user=request.user, pk=pk)
    manager = services.may_manage(request.user, evaluation_round)
    assign_form = None
    if manager:
        assign_form = AssignForm(
            request.POST if request.POST.get("action") == "assign" else None,
            indicators=evaluation_round.system.indicators.all(),
            departments=units_for(request, Perm.EVALUATION_MANAGE),
        )
        if (  # noqa: SIM102
            request.method == "POST"
            and request.POST.get("action") == "assign"
            and assign_form.is_valid()
        ):
            if attempt(
                request,
                assign_form,
                lambda: services.round_assign(
                    actor=request.user,
                    evaluation_round=evaluation_round,
                    **assign_form.cleaned_data,
                ),
                _("Functional department assigned."),
            ):
                return redirect("evaluation:round", pk=pk)
    appeal_form = AppealForm(request.POST if request.POST.get("action") == "appeal" else None)
    own_units = [
        u.organization
        for u in evaluation_round.units.select_related("organization")
        if services.belongs_to(request.user, u.organization)
    ]
    if (
        request.method == "POST"
        and request.POST.get("action") == "appeal"
        and own_units
        and appeal_form.is_valid()
        and attempt(
            request,
            appeal_form,
            lambda: services.appeal_file(
                actor=request.user,
                evaluation_round=evaluation_round,
                unit=own_units[0],
                reason=appeal_form.cleaned_data["reason"],
            ),
            _("Appeal filed."),
        )
    ):
        return redirect("evaluation:round", pk=pk)
    return render(
        request,
        "evaluation/round.html",
        {
            "round": evaluation_round,
            "manager": manager,
            "assign_form": assign_form,
            "appeal_form": appeal_form,
            "own_units": own_units,
            "sheets": score_sheets(request.user, evaluation_round),
            "shares": evaluation_round.scorer_weights.all(),
            "thresholds": [
                (GRADE_LABELS.get(t["grade"], t["grade"]), t["min"])
                for t in evaluation_round.grade_thresholds
            ],
            "assignments": evaluation_round.assignments.select_related("indicator", "department"),
            "appeals": evaluation_round.appeals.select_related("unit", "filed_by")
            if manager
            else evaluation_round.appeals.filter(unit__in=own_units),
            "pending": AppealStatus.PENDING,
        },
    )


ACTIONS: dict[str, Callable[..., object]] = {
    "open": services.round_open,
    "close": services.round_close_scoring,
    "reopen": services.round_reopen,
    "publish": services.round_publish,
}


@login_required
@require_POST
def round_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    evaluation_round = round_get_for_user(user=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    attempt(
        request,
        None,
        lambda: ACTIONS[action](actor=request.user, evaluation_round=evaluation_round),
        _("Done."),
    )
    return redirect("evaluation:round", pk=pk)


@login_required
@require_POST
def appeal_decide(request: HttpRequest, pk: int, appeal_pk: int) -> HttpResponse:
    evaluation_round = round_get_for_user(user=request.user, pk=pk)
    appeal = evaluation_round.appeals.filter(pk=appeal_pk).first()
    if appeal is None:
        raise Http404
    attempt(
        request,
        None,
        lambda: services.appeal_decide(
            actor=request.user,
            appeal=appeal,
            is_upheld=request.POST.get("decision") == "uphold",
            response=request.POST.get("response", ""),
        ),
        _("Appeal decided."),
    )
    return redirect("evaluation:round", pk=pk)


@login_required
def score_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """One scorer's sheet for one unit: every leaf it scores, with value and evidence."""
    evaluation_round = round_get_for_user(user=request.user, pk=pk)
    try:
        unit_pk, role = int(request.GET.get("unit", "")), request.GET.get("role", "")
    except ValueError as error:
        raise Http404 from error
    sheet = next(
        (
            (u, r, label)
            for u, r, label in score_sheets(request.user, evaluation_round)
            if u.pk == unit_pk and r == role
        ),
        None,
    )
    if sheet is None:
        raise Http404
    unit = sheet[0]
    leaves = [
        leaf
        for leaf in evaluation_round.system.indicators.exclude(method="")
        .select_related("parent")
        .order_by("order")
        if leaf.method != ScoringMethod.LIVE_FIGURE
    ]
    if role == ScorerRole.FUNCTIONAL_DEPARTMENT:
        manager = services.may_manage(request.user, evaluation_round)
        leaves = [
            leaf
            for leaf in leaves
            if (d := services.assigned_department(evaluation_round, leaf)) is not None
            and (manager or services.belongs_to(request.user, d))
        ]
    existing = {
        s.indicator_id: s
        for s in scores_visible(user=request.user, evaluation_round=evaluation_round).filter(
            unit=unit, scorer_role=role
        )
    }
    errors: dict[int, str] = {}
    if request.method == "POST":
        saved = 0
        for leaf in leaves:
            raw = request.POST.get(f"value_{leaf.pk}", "").strip()
            if not raw:
                continue
            kwargs = _value_kwargs(leaf.method, raw)
            if kwargs is None:
                errors[leaf.pk] = _("Enter a number.")
                continue
            try:
                services.score_enter(
                    actor=request.user,
                    evaluation_round=evaluation_round,
                    unit=unit,
                    indicator=leaf,
                    scorer_role=role,
                    evidence=request.POST.get(f"evidence_{leaf.pk}", ""),
                    **kwargs,
                )
                saved += 1
            except DomainError as error:
                errors[leaf.pk] = str(error.message)
        if saved:
            messages.success(request, _("%(n)d scores saved.") % {"n": saved})
        if not errors:
            return redirect(f"{request.path}?unit={unit.pk}&role={role}")
    rows = [
        (
            leaf,
            existing.get(leaf.pk),
            errors.get(leaf.pk),
            request.POST.get(f"value_{leaf.pk}") if errors else None,
        )
        for leaf in leaves
    ]
    return render(
        request,
        "evaluation/score_sheet.html",
        {
            "round": evaluation_round,
            "unit": unit,
            "role": role,
            "role_label": sheet[2],
            "rows": rows,
            "methods": ScoringMethod,
        },
    )


def _value_kwargs(method: str, raw: str) -> dict | None:
    if method == ScoringMethod.QUALITATIVE:
        return {"grade": raw}
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    if method in (ScoringMethod.DEDUCTION, ScoringMethod.BONUS):
        if value != value.to_integral_value():
            return None
        return {"events": int(value)}
    return {"actual": value}


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation_round = round_get_for_user(user=request.user, pk=pk)
    rows = list(results_visible(user=request.user, evaluation_round=evaluation_round))
    is_preview = evaluation_round.status == RoundStatus.SCORING and services.may_manage(
        request.user, evaluation_round
    )
    if is_preview:  # the office follows the scoring as it comes in; nothing is stored
        rows = [
            RoundResult(
                round=evaluation_round,
                unit=r.unit,
                total=r.total,
                rank=r.rank,
                grade=r.grade,
                is_complete=r.is_complete,
                detail={k: str(v) for k, v in r.node_points.items()},
            )
            for r in services.round_compute(evaluation_round, fetch_live=True)
        ]
    first_level = list(evaluation_round.system.indicators.filter(level=1).order_by("order"))
    if request.GET.get("export") == "xlsx":
        audit(actor=request.user, action="evaluation.results.export", obj=evaluation_round)
        return xlsx_response(
            f"results-{evaluation_round.pk}.xlsx",
            [
                Sheet(
                    title=_("Results"),
                    headers=[
                        pgettext("ranking", "Place"),
                        _("Unit"),
                        *[f"{i.code} {i.name}" for i in first_level],
                        _("Total"),
                        _("Grade"),
                        _("All scores entered"),
                    ],
                    rows=[
                        [
                            r.rank,
                            r.unit.name,
                            *[float(r.detail.get(i.code, 0)) for i in first_level],
                            float(r.total),
                            str(GRADE_LABELS.get(r.grade, r.grade)),
                            _("yes") if r.is_complete else _("no"),
                        ]
                        for r in rows
                    ],
                )
            ],
        )
    chart = (
        bar_chart(
            [r.unit.short_name or r.unit.name for r in rows],
            [float(r.total) for r in rows],
            title=_("Total score"),
        )
        if rows
        else ""
    )
    return render(
        request,
        "evaluation/results.html",
        {
            "round": evaluation_round,
            "rows": [
                (r, [r.detail.get(i.code) for i in first_level], GRADE_LABELS.get(r.grade, r.grade))
                for r in rows
            ],
            "first_level": first_level,
            "is_preview": is_preview,
            "chart": chart,
        },
    )
