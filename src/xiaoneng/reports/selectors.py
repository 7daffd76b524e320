"""Reads of reports: the background report jobs of their author."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import AnyUser
from xiaoneng.core.errors import Conflict, NotFound
from xiaoneng.reports.models import ReportJob, ReportJobStatus


def report_jobs_for_user(*, user: AnyUser) -> QuerySet[ReportJob]:
    """The user's own queued reports, newest first (the file's bytes are not loaded)."""
    return ReportJob.objects.filter(created_by_id=getattr(user, "pk", None)).defer("content")


def report_job_get_for_user(*, user: AnyUser, pk: int) -> ReportJob:
    """The job, for the person who queued it; not found for anyone else."""
    job = report_jobs_for_user(user=user).filter(pk=pk).first()
    if job is None:
        raise NotFound(_("No such report."), field="job")
    return job


def report_job_file_for_user(*, user: AnyUser, pk: int) -> ReportJob:
    """The finished job with its file; a job not finished yet is a conflict."""
    job = ReportJob.objects.filter(pk=pk, created_by_id=getattr(user, "pk", None)).first()
    if job is None:
        raise NotFound(_("No such report."), field="job")
    if job.status != ReportJobStatus.FINISHED:
        raise Conflict(_("The report is not ready yet."), field="job")
    return job
