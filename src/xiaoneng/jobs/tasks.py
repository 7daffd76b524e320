"""The import task (queue ``imports``): a large file posted to the cases or complaints import
endpoint, retried with back-off (`retry.retrying`); the last failure stays in the queue's table
as failed, listed for the system administrator. The sweep task is in `sweep`."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from xiaoneng.jobs.imports import import_job_run
from xiaoneng.jobs.retry import retrying


@task(queue_name="imports")
@retrying(attempts=3, backoff_seconds=30)
def import_run(job_id: int) -> dict[str, Any]:
    return import_job_run(job_id=job_id)
