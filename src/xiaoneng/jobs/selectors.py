"""Reads of background work: import jobs for their author, failed tasks for the system
administrator (the queue's own table, django_tasks_database)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from xiaoneng.core.access import AnyUser, user_has_perm
from xiaoneng.core.errors import NotFound, NotPermitted
from xiaoneng.core.roles import Perm
from xiaoneng.jobs.models import ImportJob


def import_job_get_for_user(*, user: AnyUser, pk: int) -> ImportJob:
    """The job, for the person who posted it; not found for anyone else."""
    job = ImportJob.objects.filter(pk=pk, created_by_id=getattr(user, "pk", None)).first()
    if job is None:
        raise NotFound(_("No such import."), field="import")
    return job


def import_jobs_for_user(*, user: AnyUser) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(created_by_id=getattr(user, "pk", None))


def failed_tasks_for_user(*, user: AnyUser) -> QuerySet[DBTaskResult]:
    """Tasks whose last attempt failed, newest first (system administrator only)."""
    if not user_has_perm(user, Perm.SYSTEM_OPERATE):
        raise NotPermitted(_("Only the system administrator sees failed tasks."))
    return DBTaskResult.objects.failed().order_by("-finished_at")


def failed_task_as_dict(result: DBTaskResult) -> dict[str, Any]:
    """What the administrator needs to act: which task, when, and the error's last line (the
    arguments are record ids, never personal data; the full traceback stays in the database)."""
    lines = [line for line in (result.traceback or "").strip().splitlines() if line.strip()]
    return {
        "id": str(result.id),
        "task": result.task_path,
        "queue": result.queue_name,
        "enqueued_at": result.enqueued_at.isoformat() if result.enqueued_at else None,
        "finished_at": result.finished_at.isoformat() if result.finished_at else None,
        "error_class": result.exception_class_path,
        "error": lines[-1][:500] if lines else "",
        "args": result.args_kwargs,
    }
