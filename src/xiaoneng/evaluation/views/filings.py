"""Rule filings (八项制度备案) and self-inspection (自查自纠) pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import organizations_visible, user_has_perm, user_may
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import EfficiencyRule
from xiaoneng.evaluation.office_forms import (
    ProblemDoneForm,
    ProblemForm,
    ReviewForm,
    RuleFilingForm,
    SelfInspectionForm,
)
from xiaoneng.evaluation.selectors import filings as selectors
from xiaoneng.evaluation.services import filings as services
from xiaoneng.evaluation.views.common import attempt, require
from xiaoneng.evaluation.workflow import FilingStatus, RectificationStatus, SelfInspectionStatus


def _own_units(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The units the user files for: its own organization (and nothing outside it)."""
    user = request.user
    if not isinstance(user, User) or user.organization is None:
        return organizations_visible(user, Perm.TASK_REPORT).none()
    return organizations_visible(user, Perm.TASK_REPORT).filter(pk=user.organization.pk)


@login_required
def rule_filings(request: HttpRequest) -> HttpResponse:
    require(request, Perm.SUPERVISION_VIEW, Perm.TASK_REPORT)
    may_file = user_has_perm(request.user, Perm.TASK_REPORT)
    form = None
    if may_file:
        form = RuleFilingForm(
            request.POST or None, request.FILES or None, units=_own_units(request)
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            filing = attempt(
                request,
                form,
                lambda: services.rule_filing_file(
                    actor=request.user,
                    unit=data["unit"],
                    rule=data["rule"],
                    text=data["text"],
                    attachment=data["attachment"],
                    filed_on=data["filed_on"],
                ),
                _("Filed."),
            )
            if filing:
                return redirect("evaluation:rule_filing", pk=filing.pk)
    elif request.method == "POST":
        raise PermissionDenied
    rows = selectors.rules_by_unit(user=request.user)
    return render(
        request,
        "evaluation/rule_filings.html",
        {
            "rows": rows,
            "rules": EfficiencyRule.choices,
            "flagged": [r for r in rows if r.missing],
            "pending": selectors.rule_filing_list(user=request.user, status=FilingStatus.SUBMITTED)[
                :100
            ],
            "mine": selectors.rule_filing_list(user=request.user).filter(
                unit__in=_own_units(request)
            )[:100],
            "form": form,
        },
    )


@login_required
def rule_filing(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.rule_filing_get_for_user(user=request.user, pk=pk)
    may_review = (
        filing.status == FilingStatus.SUBMITTED
        and user_may(request.user, Perm.SUPERVISION_ACT, filing.unit)
        and not selectors.is_own_unit(request.user, filing.unit)
    )
    form = ReviewForm(request.POST or None) if may_review else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            accepted = request.POST.get("action") == "accept"
            if attempt(
                request,
                form,
                lambda: services.rule_filing_review(
                    actor=request.user,
                    filing=filing,
                    is_accepted=accepted,
                    reason=form.cleaned_data["reason"],
                ),
                _("Reviewed."),
            ):
                return redirect("evaluation:rule_filing", pk=filing.pk)
    return render(
        request,
        "evaluation/rule_filing.html",
        {
            "filing": filing,
            "history": selectors.rule_filing_history(filing=filing).select_related(
                "filed_by", "reviewed_by"
            ),
            "form": form,
        },
    )


@login_required
def rule_filing_attachment(request: HttpRequest, pk: int) -> FileResponse:
    filing = selectors.rule_filing_get_for_user(user=request.user, pk=pk)
    if not filing.attachment:
        raise Http404
    return FileResponse(
        filing.attachment.open("rb"),
        as_attachment=True,
        filename=filing.attachment_name or "attachment",
    )


@login_required
def self_inspections(request: HttpRequest) -> HttpResponse:
    require(request, Perm.SUPERVISION_VIEW, Perm.TASK_REPORT)
    form = None
    if user_has_perm(request.user, Perm.TASK_REPORT):
        form = SelfInspectionForm(
            request.POST or None,
            units=_own_units(request),
            initial={"year": timezone.localdate().year},
        )
        if request.method == "POST" and form.is_valid():
            report = attempt(
                request,
                form,
                lambda: services.self_inspection_create(actor=request.user, **form.cleaned_data),
            )
            if report:
                return redirect("evaluation:self_inspection", pk=report.pk)
    elif request.method == "POST":
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "evaluation/self_inspections.html",
        {
            "reports": selectors.self_inspection_list(user=request.user)[:200],
            "overdue": selectors.problems_overdue(user=request.user, on=today)[:100],
            "form": form,
            "today": today,
        },
    )


@login_required
def self_inspection(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.self_inspection_get_for_user(user=request.user, pk=pk)
    own = selectors.is_own_unit(request.user, report.unit) and user_may(
        request.user, Perm.TASK_REPORT, report.unit
    )
    may_review = (
        report.status == SelfInspectionStatus.SUBMITTED
        and user_may(request.user, Perm.SUPERVISION_ACT, report.unit)
        and not selectors.is_own_unit(request.user, report.unit)
    )
    editable = own and report.status in (SelfInspectionStatus.DRAFT, SelfInspectionStatus.RETURNED)
    problem_form = ProblemForm(request.POST if request.POST.get("action") == "problem" else None)
    done_form = ProblemDoneForm(request.POST if request.POST.get("action") == "done" else None)
    review_form = ReviewForm(
        request.POST if request.POST.get("action") in ("accept", "return") else None
    )
    if request.method == "POST":
        action = request.POST.get("action")
        allowed = {
            "problem": editable,
            "done": own,
            "submit": own,
            "accept": may_review,
            "return": may_review,
        }
        if not allowed.get(action or ""):
            raise PermissionDenied
        done = None
        if action == "problem" and problem_form.is_valid():
            done = attempt(
                request,
                problem_form,
                lambda: services.self_inspection_problem_add(
                    actor=request.user, report=report, **problem_form.cleaned_data
                ),
            )
        elif action == "done" and done_form.is_valid():
            problem = selectors.problem_get_for_user(
                user=request.user, pk=int(request.POST.get("problem") or 0)
            )
            done = attempt(
                request,
                done_form,
                lambda: services.self_inspection_problem_done(
                    actor=request.user, problem=problem, **done_form.cleaned_data
                ),
            )
        elif action == "submit":
            done = attempt(
                request,
                None,
                lambda: services.self_inspection_submit(actor=request.user, report=report),
                _("Submitted."),
            )
        elif action in ("accept", "return") and review_form.is_valid():
            done = attempt(
                request,
                review_form,
                lambda: services.self_inspection_review(
                    actor=request.user,
                    report=report,
                    is_accepted=action == "accept",
                    reason=review_form.cleaned_data["reason"],
                ),
                _("Reviewed."),
            )
        if done:
            return redirect("evaluation:self_inspection", pk=report.pk)
    return render(
        request,
        "evaluation/self_inspection.html",
        {
            "report": report,
            "problems": report.problems.all(),
            "own": own,
            "editable": editable,
            "may_review": may_review,
            "problem_form": problem_form,
            "done_form": done_form,
            "review_form": review_form,
            "open": RectificationStatus.OPEN,
            "today": timezone.localdate(),
        },
    )
