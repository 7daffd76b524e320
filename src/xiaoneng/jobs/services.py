"""Use cases of background work: queue an import."""

from __future__ import annotations

import uuid
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import NotPermitted
from xiaoneng.core.models import User
from xiaoneng.jobs.imports import importer_for
from xiaoneng.jobs.models import ImportJob
from xiaoneng.jobs.tasks import import_run


def import_job_submit(
    *,
    actor: User,
    kind: str,
    content: bytes,
    total_lines: int | None = None,
    extension: str = "jsonl",
) -> ImportJob:
    """Keep the file and queue its import; the caller must hold the kind's import permission.
    `total_lines` is counted from the text unless given (a workbook's rows)."""
    if not user_has_perm(actor, importer_for(kind).perm):
        raise NotPermitted(_("You may not import these records."))
    if total_lines is None:
        total_lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
    name = default_storage.save(f"imports/{uuid.uuid4().hex}.{extension}", ContentFile(content))
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind, created_by=actor, file_name=name, total_lines=total_lines
        )
        audit(actor=actor, action="import.queue", obj=job, detail={"kind": kind})
        transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(job_id: int) -> None:
    result = import_run.enqueue(job_id)
    ImportJob.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id))
