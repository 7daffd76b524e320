"""Large imports posted to the API, run by a task: `services.import_job_submit` keeps the file
and queues it, `import_job_run` (in the worker) imports it through the context's own import
function (registered here, see `runners`) and keeps its progress and report on the `ImportJob`.

A file goes to the background when it has IMPORT_BACKGROUND_LINES lines or more, or when the
client asks (``Prefer: respond-async``, or ``?background=1``); the answer is 202 Accepted with
the job's address (``Location``), where `GET` shows the progress and, when done, the report —
the same report a small import returns at once. The person who posted it sees it in the
workbench too (/workbench/jobs/imports/).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from xiaoneng.core.models import User
from xiaoneng.jobs.models import ImportJob, ImportStatus

Progress = Callable[[int], None]  # called with the number of items applied so far


@dataclass(frozen=True)
class Importer:
    perm: str  # what the poster must hold (each record's own checks still apply)
    run: Callable[[User, str, Progress], dict[str, Any]]  # (actor, path, progress) -> report


_IMPORTERS: dict[str, Importer] = {}


def register_importer(kind: str, importer: Importer) -> None:
    _IMPORTERS[kind] = importer


def importer_for(kind: str) -> Importer:
    return _IMPORTERS[kind]


def background_lines() -> int:
    return int(getattr(settings, "IMPORT_BACKGROUND_LINES", 1000))


def wants_background(*, prefer: str, query_flag: str | None, line_count: int) -> bool:
    """Run in the background when asked to or when the file is large."""
    if query_flag is not None and query_flag.lower() in {"1", "true", "yes"}:
        return True
    if "respond-async" in prefer.lower():
        return True
    return line_count >= background_lines()


def import_job_run(*, job_id: int) -> dict[str, Any]:
    """Import the job's file as its author (their permissions apply); keep progress and report."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status == ImportStatus.FINISHED:
        return {"job": job.pk, "status": job.status}  # a duplicate delivery of the task
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), error=""
    )
    try:
        path = default_storage.path(job.file_name)
        report = importer_for(job.kind).run(job.created_by, path, partial(_progress, job.pk))
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(), error=type(exc).__name__
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FINISHED, finished_at=timezone.now(), report=report
    )
    return {"job": job.pk, "status": ImportStatus.FINISHED}


def _progress(job_id: int, done: int) -> None:
    ImportJob.objects.filter(pk=job_id).update(done_items=done)


def import_job_as_dict(job: ImportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "total_lines": job.total_lines,
        "done_items": job.done_items,
        "report": job.report,
        "error": job.error,
    }
