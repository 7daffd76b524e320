"""The reports page of the workbench: situation report (queued for the worker, or at once with
GET parameters), its jobs and their files, circular, the Word template."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.db_router import reading_from_replica
from xiaoneng.core.errors import Conflict, DomainError, NotFound
from xiaoneng.core.roles import Perm
from xiaoneng.reports import selectors
from xiaoneng.reports.forms import CircularForm, SituationReportForm, TemplateUploadForm
from xiaoneng.reports.models import ReportJobStatus, ReportTemplate
from xiaoneng.reports.queue import situation_report_queue
from xiaoneng.reports.services import (
    ReportFile,
    circular_generate,
    report_template_upload,
    situation_report_generate,
)


def _download(report: ReportFile) -> HttpResponse:
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(report.filename)}"
    return response


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user_has_perm(user, Perm.REPORT_VIEW):  # type: ignore[arg-type]
        raise PermissionDenied
    form = SituationReportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return _at_once(request, form)
    return _page(request, form)


def _at_once(request: HttpRequest, form: SituationReportForm) -> HttpResponse:
    """GET with the form's parameters: the file at once (links, scripts)."""
    data = form.cleaned_data
    try:
        with reading_from_replica():  # the figures; the page's own job list stays on the primary
            report = situation_report_generate(
                actor=request.user,  # type: ignore[arg-type]
                start=data["date_from"],
                end=data["date_to"],
                as_of=data["as_of"],
                unit=data["unit"],
                output_format=data["output_format"],
            )
        return _download(report)
    except DomainError as exc:
        form.add_error(None, str(exc))
    return _page(request, form)


def _page(request: HttpRequest, form: SituationReportForm) -> HttpResponse:
    user = request.user
    jobs = list(selectors.report_jobs_for_user(user=user).select_related("unit")[:10])
    circular_form = CircularForm(prefix="circular")
    upload_form = TemplateUploadForm()
    return render(
        request,
        "reports/reports.html",
        {
            "form": form,
            "circular_form": circular_form,
            "upload_form": upload_form,
            "may_upload": user_has_perm(user, Perm.REPORT_TEMPLATE_MANAGE),  # type: ignore[arg-type]
            "may_issue_circular": user_has_perm(user, Perm.CIRCULAR_ISSUE),  # type: ignore[arg-type]
            "templates": ReportTemplate.objects.select_related("uploaded_by")[:5],
            "jobs": jobs,
            "has_pending_jobs": any(
                job.status in (ReportJobStatus.QUEUED, ReportJobStatus.RUNNING) for job in jobs
            ),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def circular(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("reports:reports")
    user = request.user
    form = CircularForm(request.POST, prefix="circular")
    if form.is_valid() and user.organization is not None:  # type: ignore[union-attr]
        try:
            return _download(
                circular_generate(
                    actor=user,  # type: ignore[arg-type]
                    start=form.cleaned_data["date_from"],
                    end=form.cleaned_data["date_to"],
                    owner=user.organization,  # type: ignore[union-attr]
                )
            )
        except DomainError as exc:
            if exc.status_code == 403:
                raise PermissionDenied from exc
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Give the circular's first and last day."))
    return redirect("reports:reports")


@login_required
def template_upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("reports:reports")
    form = TemplateUploadForm(request.POST, request.FILES)
    if not user_has_perm(request.user, Perm.REPORT_TEMPLATE_MANAGE):  # type: ignore[arg-type]
        raise PermissionDenied
    if form.is_valid():
        upload = form.cleaned_data["template"]
        try:
            report_template_upload(
                actor=request.user,  # type: ignore[arg-type]
                name=upload.name,
                content=upload.read(),
            )
            messages.success(request, _("The report template was uploaded."))
        except DomainError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose a Word (.docx) file."))
    return redirect("reports:reports")


@login_required
def job_queue(request: HttpRequest) -> HttpResponse:
    """The page's Generate: queue the report for the worker; the page then shows its state."""
    if request.method != "POST":
        return redirect("reports:reports")
    if not user_has_perm(request.user, Perm.REPORT_VIEW):  # type: ignore[arg-type]
        raise PermissionDenied
    form = SituationReportForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    data = form.cleaned_data
    try:
        situation_report_queue(
            actor=request.user,  # type: ignore[arg-type]
            start=data["date_from"],
            end=data["date_to"],
            as_of=data["as_of"],
            unit=data["unit"],
            output_format=data["output_format"],
        )
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _page(request, form)
    messages.success(request, _("The report was queued; it appears below when it is ready."))
    return redirect("reports:reports")


@login_required
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job = selectors.report_job_file_for_user(user=request.user, pk=pk)
    except NotFound:
        raise Http404 from None
    except Conflict as exc:
        messages.error(request, str(exc))
        return redirect("reports:reports")
    response = HttpResponse(bytes(job.content or b""), content_type=job.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(job.filename)}"
    return response
