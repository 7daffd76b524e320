"""The sweep task: the supervision sweep and the deadline alerts of every other queue, enqueued
by the worker's schedule every SWEEP_INTERVAL_MINUTES, one run at a time (lease ``sweep``: a
second worker that gets the task while one runs skips it), retried with back-off.

This module and `deadlines` call every context (like the workbench shell); nothing in the
contexts imports them.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from xiaoneng.jobs.deadlines import deadline_alerts_send
from xiaoneng.jobs.leases import beat, lease_acquire, lease_release
from xiaoneng.jobs.retry import retrying
from xiaoneng.supervision.lights import as_of_day
from xiaoneng.supervision.sweep import supervise

logger = logging.getLogger(__name__)
SWEEP_LEASE = "sweep"


def sweep_lease_seconds() -> float:
    """How long one sweep may hold the lease before another worker may take over."""
    return float(getattr(settings, "SWEEP_LEASE_SECONDS", 1800))


def sweep_once(*, holder: str | None = None) -> dict[str, Any]:
    """Run the sweep unless another process is running it; the report, or ``skipped``."""
    holder = holder or uuid.uuid4().hex
    seconds = sweep_lease_seconds()
    if not lease_acquire(name=SWEEP_LEASE, holder=holder, seconds=seconds):
        logger.info("sweep skipped: another worker holds the lease")
        return {"skipped": True}
    started = time.monotonic()
    started_at = timezone.now()  # while the lease is held: runs never overlap these times
    try:
        day = as_of_day(None)
        report = supervise(as_of=day)
        lease_acquire(name=SWEEP_LEASE, holder=holder, seconds=seconds)  # renew between stages
        deadline_alerts = deadline_alerts_send(as_of=day)
        duration = time.monotonic() - started
        beat("done:sweep", duration_seconds=duration)
        finished_at = timezone.now()
    finally:
        lease_release(name=SWEEP_LEASE, holder=holder)
    return {
        "holder": holder,
        "started_at": started_at.isoformat(),
        "finished_at": finished_at.isoformat(),
        "as_of": day.isoformat(),
        "deemed_accepted": report.deemed_accepted,
        "watches_refreshed": report.watches_refreshed,
        "new_breaches": report.new_breaches,
        "alerts": report.alerts,
        "days_recorded": report.days_recorded,
        "deadline_alerts": deadline_alerts,
        "seconds": round(duration, 3),
    }


@task()
@retrying(attempts=3, backoff_seconds=60)
def sweep_run() -> dict[str, Any]:
    return sweep_once()
