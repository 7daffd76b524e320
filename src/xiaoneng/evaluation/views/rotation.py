"""Staff rotation pages: who is due, counts by rank, record a rotation, seed post history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.core.access import government_of, user_has_perm
from xiaoneng.core.audit import audit
from xiaoneng.core.charts import bar_chart
from xiaoneng.core.excel import Sheet, xlsx_response
from xiaoneng.core.models import Rank
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.forms import DueForm, RotationForm, staff_queryset
from xiaoneng.evaluation.selectors.rotation import (
    due_counts,
    plan_entry_get_for_user,
    plan_list,
    rotation_counts,
    rotation_due,
    rotation_list,
)
from xiaoneng.evaluation.services import rotation as services
from xiaoneng.evaluation.views.common import attempt, require, units_for


@login_required
def rotation(request: HttpRequest) -> HttpResponse:
    require(request, Perm.ROTATION_VIEW)
    units = units_for(request, Perm.ROTATION_VIEW)
    form = DueForm(request.GET or None, units=units)
    on, unit, rank = timezone.localdate(), None, ""
    if form.is_valid():
        on = form.cleaned_data["on"] or on
        unit, rank = form.cleaned_data["unit"], form.cleaned_data["rank"]
    rows = rotation_due(user=request.user, on=on, unit=unit, rank=rank)
    if request.GET.get("export") == "xlsx":
        audit(
            actor=request.user, action="rotation.due.export", object_type="evaluation.postholding"
        )
        return xlsx_response(
            f"rotation-due-{on}.xlsx",
            [
                Sheet(
                    title=_("Due for rotation"),
                    headers=[
                        _("Name"),
                        _("Unit"),
                        _("Post"),
                        _("Rank"),
                        _("In post since"),
                        _("Due since"),
                        _("Years in post"),
                    ],
                    rows=[
                        [
                            r.holding.person.display_name,
                            r.holding.unit.name,
                            r.holding.post,
                            r.holding.get_rank_display(),
                            r.holding.started_on,
                            r.due_since,
                            r.years_in_post,
                        ]
                        for r in rows
                    ],
                )
            ],
        )
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or on.year
    counts = rotation_counts(user=request.user, year=year)
    rank_labels = dict(Rank.choices)
    chart = bar_chart(
        [str(rank_labels[r]) for r in Rank.values],
        [counts[r] for r in Rank.values],
        title=_("Rotations in %(year)s by rank") % {"year": year},
    )
    may_manage = user_has_perm(request.user, Perm.ROTATION_MANAGE)
    rotation_form = None
    if may_manage:
        rotation_form = RotationForm(
            request.POST or None, units=units, people=staff_queryset(units)
        )
        if request.method == "POST" and rotation_form.is_valid():  # noqa: SIM102
            if attempt(
                request,
                rotation_form,
                lambda: services.rotation_execute(actor=request.user, **rotation_form.cleaned_data),
                _("Rotation recorded."),
            ):
                return redirect("evaluation:rotation")
    return render(
        request,
        "evaluation/rotation.html",
        {
            "form": form,
            "rows": rows,
            "on": on,
            "by_unit": due_counts(rows),
            "counts": counts,
            "chart": chart,
            "year": year,
            "rotations": rotation_list(user=request.user)[:30],
            "rotation_form": rotation_form,
            "may_manage": may_manage,
            "ranks": [(r, rank_labels[r]) for r in Rank.values],
            "plans": plan_list(user=request.user).prefetch_related(
                "entries__person", "entries__to_unit", "entries__rotation"
            )[:10],
        },
    )


@login_required
@require_POST
def plan_entry_execute(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, Perm.ROTATION_MANAGE)
    entry = plan_entry_get_for_user(user=request.user, pk=pk)
    attempt(
        request,
        None,
        lambda: services.rotation_execute(
            actor=request.user,
            person=entry.person,
            to_unit=entry.to_unit,
            to_post=entry.to_post,
            rotated_on=entry.planned_on,
            plan_entry=entry,
        ),
        _("Rotation recorded."),
    )
    return redirect("evaluation:rotation")


@login_required
@require_POST
def rotation_seed(request: HttpRequest) -> HttpResponse:
    require(request, Perm.ROTATION_MANAGE)
    attempt(
        request,
        None,
        lambda: services.post_history_seed(
            actor=request.user, root=government_of(request.user.organization)
        ),
        _("Post history filled in from the staff records."),
    )
    return redirect("evaluation:rotation")
