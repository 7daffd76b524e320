"""The report task (queue ``default``, run by `xiaoneng worker`): a situation report asked for in
the background. No retries: what fails (a template field, a bad period) fails again; the job
keeps the message and the queue's table records the task as failed."""

from __future__ import annotations

from django_tasks import task

from xiaoneng.reports.services import report_job_run


@task(queue_name="default")
def report_generate(job_id: int) -> dict[str, object]:
    return report_job_run(job_id=job_id)
