"""The schedule the worker keeps: jobs enqueued every N minutes, once per interval across all
workers (a lease named ``schedule:<job>`` that lasts the interval: whoever takes it enqueues).

Replaces the sweep thread that ran inside the development server and the cron line: the web
processes run no threads of their own, and the sweep runs wherever a worker runs.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from xiaoneng.jobs.leases import lease_acquire

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    task_path: str  # dotted path of a django-tasks Task
    minutes: Callable[[], float]  # read at each check, so settings overrides apply


_SCHEDULE: dict[str, ScheduledJob] = {}


def register(job: ScheduledJob) -> None:
    _SCHEDULE[job.name] = job


def scheduled_jobs() -> list[ScheduledJob]:
    return list(_SCHEDULE.values())


def sweep_interval_minutes() -> float:
    return float(getattr(settings, "SWEEP_INTERVAL_MINUTES", 5))


def register_defaults() -> None:
    register(ScheduledJob("sweep", "xiaoneng.jobs.sweep.sweep_run", sweep_interval_minutes))


def enqueue_due() -> list[str]:
    """Enqueue every job whose interval has passed since any worker last enqueued it."""
    enqueued = []
    for job in scheduled_jobs():
        minutes = job.minutes()
        if minutes <= 0:
            continue
        if lease_acquire(
            name=f"schedule:{job.name}", holder=uuid.uuid4().hex, seconds=minutes * 60
        ):
            try:
                import_string(job.task_path).enqueue()
            except Exception:
                logger.exception("could not enqueue scheduled job %s", job.name)
                continue
            enqueued.append(job.name)
    return enqueued
