"""Workbench pages: monitored enterprises, the problems with their lights (a unit's own to
reply to), a problem with its reply form, and the figures with Excel export."""

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
from xiaoneng.core.errors import DomainError
from xiaoneng.core.excel import Sheet, xlsx_response
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises import forms, selectors, services
from xiaoneng.enterprises.deadlines import light
from xiaoneng.enterprises.models import Problem


def _require(request: HttpRequest, *perms: str) -> None:
    if not any(user_has_perm(request.user, perm) for perm in perms):
        raise PermissionDenied


def _period(request: HttpRequest) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("start") or f"{today.year}-01-01")
        end = date.fromisoformat(request.GET.get("end") or today.isoformat())
    except ValueError:
        start, end = date(today.year, 1, 1), today
    return start, end


@login_required
def enterprises(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW)
    rows = selectors.enterprise_list(user=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "enterprises/enterprises.html",
        {"title": _("Monitored enterprises"), "rows": rows},
    )


@login_required
def problems(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW, Perm.COMPLAINT_REPLY)
    today = timezone.localdate()
    overdue = request.GET.get("due") == "overdue"
    start = end = None
    if overdue:
        # the cockpit's "unanswered past the deadline" for its period, as of the period's end
        start, end = _period(request)
        queryset = selectors.problems_overdue(
            user=request.user,  # type: ignore[arg-type]
            start=start,
            end=end,
            as_of=min(end, today),
        )
        unit = request.GET.get("unit", "")
        if unit.isdigit():  # one unit's row of the cockpit's ranking
            queryset = queryset.filter(unit_id=int(unit))
        title = _("Enterprise problems unanswered past the deadline")
    else:
        queryset = selectors.problem_list(user=request.user)  # type: ignore[arg-type]
        title = _("Enterprise problems")
    rows = list(queryset[:200])
    for problem in rows:
        problem.light = light(problem.due_on, today, problem.replied_on)  # type: ignore[attr-defined]
    return render(
        request,
        "enterprises/problems.html",
        {"title": title, "rows": rows, "overdue": overdue, "start": start, "end": end},
    )


@login_required
def problem(request: HttpRequest, number: str) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW, Perm.COMPLAINT_REPLY)
    item: Problem = selectors.problem_get_for_user(user=request.user, number=number)  # type: ignore[arg-type]
    may_reply = user_may(request.user, Perm.COMPLAINT_REPLY, item.unit)  # type: ignore[arg-type]
    form = forms.ProblemReplyForm(request.POST or None)
    if request.method == "POST":
        if not may_reply:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.problem_reply(
                    actor=request.user,  # type: ignore[arg-type]
                    problem=item,
                    reply=form.cleaned_data["reply"],
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Reply sent."))
                return redirect("enterprises:problem", number=item.number)
    item.light = light(item.due_on, timezone.localdate(), item.replied_on)  # type: ignore[attr-defined]
    return render(
        request,
        "enterprises/problem.html",
        {"title": item.title, "problem": item, "form": form, "may_reply": may_reply},
        status=400 if form.errors else 200,
    )


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SUPERVISION_VIEW)
    start, end = _period(request)
    total = selectors.enterprise_figures(
        user=request.user,  # type: ignore[arg-type]
        start=start,
        end=end,
        as_of=timezone.localdate(),
    )
    if request.GET.get("format") == "xlsx":
        rows = [
            [
                p.number,
                p.enterprise.applicant.name,
                p.title,
                p.unit.name,
                p.get_status_display(),
                p.reported_on,
                p.due_on,
                p.replied_on,
                p.get_satisfaction_display() if p.satisfaction else "",
            ]
            for p in selectors.problem_list(user=request.user).filter(  # type: ignore[arg-type]
                reported_on__range=(start, end)
            )
        ]
        sheet = Sheet(
            title=_("Enterprise problems"),
            headers=[
                _("Number"),
                _("Enterprise"),
                _("Subject"),
                _("Responsible unit"),
                _("Status"),
                _("Reported on"),
                _("Reply due on"),
                _("Replied on"),
                _("Satisfaction"),
            ],
            rows=rows,
        )
        return xlsx_response(f"enterprise-problems-{start}-{end}.xlsx", [sheet])
    return render(
        request,
        "enterprises/figures.html",
        {"title": _("Enterprise figures"), "figures": total, "start": start, "end": end},
    )
