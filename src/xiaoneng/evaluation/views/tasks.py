"""Supervision tasks, documents, rectification notices and inspection visits."""

from __future__ import annotations

import contextlib

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import government_of, user_has_perm
from xiaoneng.core.audit import audit
from xiaoneng.core.charts import stacked_bar_chart
from xiaoneng.core.documents import DOCX_MIME
from xiaoneng.core.excel import Sheet, xlsx_response
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.forms import (
    DocumentForm,
    FindingForm,
    HandleForm,
    NoticeForm,
    ProgressForm,
    TaskForm,
    VisitForm,
    staff_queryset,
)
from xiaoneng.evaluation.models import FindingKind
from xiaoneng.evaluation.selectors import tasks as selectors
from xiaoneng.evaluation.services import inspections, tasks
from xiaoneng.evaluation.views.common import attempt, require, units_for
from xiaoneng.evaluation.workflow import TASK_ACTIVE, NoticeStatus, TaskStatus


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    require(request, Perm.SUPERVISION_VIEW, Perm.TASK_MANAGE, Perm.TASK_REPORT)
    today = timezone.localdate()
    may_manage = user_has_perm(request.user, Perm.TASK_MANAGE)
    queryset = selectors.task_list(user=request.user)
    if request.GET.get("overdue") == "1":
        queryset = selectors.tasks_overdue(user=request.user, on=today)
    if request.GET.get("export") == "xlsx":
        audit(actor=request.user, action="task.export", object_type="evaluation.supervisiontask")
        return xlsx_response(
            "supervision-tasks.xlsx",
            [
                Sheet(
                    title=_("Supervision tasks"),
                    headers=[
                        _("Number"),
                        _("Title"),
                        _("Source"),
                        _("Lead unit"),
                        _("Deadline"),
                        _("Status"),
                    ],
                    rows=[
                        [
                            t.number,
                            t.title,
                            t.get_source_display(),
                            t.lead_unit.name,
                            t.deadline,
                            t.get_status_display(),
                        ]
                        for t in queryset
                    ],
                )
            ],
        )
    form = None
    if may_manage:
        form = TaskForm(request.POST or None, units=units_for(request, Perm.TASK_MANAGE))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            created = attempt(
                request,
                form,
                lambda: tasks.task_create(
                    actor=request.user,
                    owner=government_of(request.user.organization),
                    title=data["title"],
                    source=data["source"],
                    goal=data["goal"],
                    deadline=data["deadline"],
                    lead_unit=data["lead_unit"],
                    responsible_units=list(data["responsible_units"]),
                ),
            )
            if created:
                return redirect("evaluation:task", pk=created.pk)
    return render(
        request,
        "evaluation/tasks.html",
        {
            "tasks": queryset,
            "today": today,
            "form": form,
            "active": TASK_ACTIVE,
            "overdue_count": selectors.tasks_overdue(user=request.user, on=today).count(),
            "notices": selectors.notices_list(user=request.user)[:30],
            "documents": selectors.documents_list(user=request.user)[:30],
        },
    )


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(user=request.user, pk=pk)
    units = [task.lead_unit, *task.responsible_units.all()]
    mine = [
        u
        for u in units
        if request.user.organization is not None
        and request.user.organization.path.startswith(u.path)
    ]
    may_manage = user_has_perm(request.user, Perm.TASK_MANAGE)
    action = request.POST.get("action")
    progress_form = ProgressForm(request.POST if action == "progress" else None)
    document_form = DocumentForm(request.POST if action == "document" else None)
    notice_form = NoticeForm(
        request.POST if action == "notice" else None, units=units_for(request, Perm.TASK_MANAGE)
    )
    if request.method == "POST":
        done = None
        if action == "progress" and mine and progress_form.is_valid():
            done = attempt(
                request,
                progress_form,
                lambda: tasks.task_report_progress(
                    actor=request.user, task=task, unit=mine[0], **progress_form.cleaned_data
                ),
                _("Progress reported."),
            )
        elif action in (TaskStatus.COMPLETED, TaskStatus.CANCELLED):
            done = attempt(
                request,
                None,
                lambda: tasks.task_set_status(actor=request.user, task=task, status=action),
                _("Done."),
            )
        elif action == "milestone":
            milestone = task.milestones.filter(pk=request.POST.get("milestone") or 0).first()
            if milestone is not None:
                done = attempt(
                    request,
                    None,
                    lambda: tasks.milestone_done(
                        actor=request.user, milestone=milestone, done_on=timezone.localdate()
                    ),
                    _("Milestone marked done."),
                )
        elif action == "follow_up":
            done = attempt(
                request,
                None,
                lambda: tasks.task_follow_up(
                    actor=request.user,
                    task=task,
                    visited_on=timezone.localdate(),
                    visitors=request.user.display_name,
                    findings=request.POST.get("findings", ""),
                ),
                _("Follow-up visit recorded."),
            )
        elif action == "document" and document_form.is_valid():
            done = attempt(
                request,
                document_form,
                lambda: tasks.document_issue(
                    actor=request.user, owner=task.owner, task=task, **document_form.cleaned_data
                ),
                _("Document issued."),
            )
        elif action == "notice" and notice_form.is_valid():
            done = attempt(
                request,
                notice_form,
                lambda: tasks.notice_issue(
                    actor=request.user, owner=task.owner, task=task, **notice_form.cleaned_data
                ),
                _("Rectification notice issued."),
            )
        if done:
            return redirect("evaluation:task", pk=pk)
    return render(
        request,
        "evaluation/task.html",
        {
            "task": task,
            "units": units,
            "mine": mine,
            "may_manage": may_manage,
            "progress_form": progress_form,
            "document_form": document_form,
            "notice_form": notice_form,
            "is_overdue": task.status in TASK_ACTIVE and task.deadline < timezone.localdate(),
            "active": TASK_ACTIVE,
        },
    )


@login_required
def document_word(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    audit(actor=request.user, action="task.document.download", obj=document)
    response = HttpResponse(tasks.document_render(document), content_type=DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="document-{document.pk}.docx"'
    return response


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notices_list(user=request.user).filter(pk=pk).first()
    if notice is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "report":
            done = attempt(
                request,
                None,
                lambda: tasks.notice_report(
                    actor=request.user,
                    notice=notice,
                    rectification=request.POST.get("rectification", ""),
                ),
                _("Rectification reported."),
            )
        else:
            done = attempt(
                request,
                None,
                lambda: tasks.notice_verify(
                    actor=request.user,
                    notice=notice,
                    is_accepted=action == "accept",
                    verification=request.POST.get("verification", ""),
                ),
                _("Verification recorded."),
            )
        if done:
            return redirect("evaluation:notice", pk=pk)
    return render(
        request,
        "evaluation/notice.html",
        {
            "notice": notice,
            "may_manage": user_has_perm(request.user, Perm.TASK_MANAGE),
            "statuses": NoticeStatus,
        },
    )


@login_required
def visits(request: HttpRequest) -> HttpResponse:
    require(request, Perm.SUPERVISION_VIEW)
    year = timezone.localdate().year
    with contextlib.suppress(ValueError):
        year = int(request.GET.get("year") or year)
    counts = selectors.finding_counts(user=request.user, year=year)
    kinds = list(FindingKind)
    if request.GET.get("export") == "xlsx":
        audit(actor=request.user, action="inspection.export", object_type="evaluation.finding")
        return xlsx_response(
            f"inspection-findings-{year}.xlsx",
            [
                Sheet(
                    title=_("Findings"),
                    headers=[_("Unit"), *[str(k.label) for k in kinds], _("Total")],
                    rows=[
                        [unit, *[c.get(k.value, 0) for k in kinds], sum(c.values())]
                        for unit, c in counts.items()
                    ],
                )
            ],
        )
    chart = (
        stacked_bar_chart(
            list(counts),
            {
                str(k.label): [c.get(k.value, 0) for c in counts.values()]
                for k in kinds
                if any(c.get(k.value) for c in counts.values())
            },
            title=_("Findings by unit and kind"),
        )
        if counts
        else ""
    )
    form = None
    if user_has_perm(request.user, Perm.TASK_MANAGE):
        form = VisitForm(request.POST or None, units=units_for(request, Perm.TASK_MANAGE))
        if request.method == "POST" and form.is_valid():
            visit = attempt(
                request,
                form,
                lambda: inspections.visit_record(
                    actor=request.user,
                    owner=government_of(request.user.organization),
                    inspectors=[request.user],  # type: ignore[list-item]
                    **form.cleaned_data,
                ),
            )
            if visit:
                return redirect("evaluation:visit", pk=visit.pk)
    totals = {k.value: sum(c.get(k.value, 0) for c in counts.values()) for k in kinds}
    return render(
        request,
        "evaluation/visits.html",
        {
            "visits": selectors.visit_list(user=request.user).filter(visited_on__year=year),
            "counts": [
                (unit, [c.get(k.value, 0) for k in kinds], sum(c.values()))
                for unit, c in counts.items()
            ],
            "kinds": kinds,
            "totals": [totals[k.value] for k in kinds],
            "chart": chart,
            "year": year,
            "form": form,
        },
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    units = visit.units.all()
    may_manage = user_has_perm(request.user, Perm.TASK_MANAGE)
    form = FindingForm(
        request.POST if request.POST.get("action") == "finding" else None,
        units=units,
        people=staff_queryset(units),
    )
    if request.method == "POST" and may_manage:
        done = None
        if request.POST.get("action") == "finding" and form.is_valid():
            done = attempt(
                request,
                form,
                lambda: inspections.finding_record(
                    actor=request.user, visit=visit, **form.cleaned_data
                ),
                _("Finding recorded."),
            )
        elif request.POST.get("action") == "handle":
            finding = visit.findings.filter(pk=request.POST.get("finding") or 0).first()
            handle = HandleForm(request.POST)
            if finding is not None and handle.is_valid():
                done = attempt(
                    request,
                    None,
                    lambda: inspections.finding_handle(
                        actor=request.user, finding=finding, **handle.cleaned_data
                    ),
                    _("Finding handled."),
                )
        if done:
            return redirect("evaluation:visit", pk=pk)
    return render(
        request,
        "evaluation/visit.html",
        {
            "visit": visit,
            "findings": visit.findings.select_related("unit", "person"),
            "form": form,
            "may_manage": may_manage,
            "handle_form": HandleForm(),
        },
    )
