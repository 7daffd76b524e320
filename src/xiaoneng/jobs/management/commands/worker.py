"""`xiaoneng worker`: run the task queue (django-tasks-db's worker) and keep the schedule.

Defaults fit one embedded server: every queue, a one-second poll, no autoreload. Between tasks
the worker records that it is alive (``worker:<id>``, read by /healthz) and enqueues the
scheduled jobs that are due (the supervision sweep every SWEEP_INTERVAL_MINUTES); several
workers share one schedule, so each job is enqueued once per interval wherever they run.
SIGTERM (systemd stop) and SIGINT finish the running task and exit; a second signal aborts it.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connections
from django.db.utils import OperationalError
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from xiaoneng.jobs.leases import beat
from xiaoneng.jobs.schedule import enqueue_due

logger = logging.getLogger("xiaoneng.worker")
BEAT_SECONDS = 10.0


def close_stale_connections() -> None:
    """Close connections that are broken or past CONN_MAX_AGE, as Django does between requests.

    A connection inside an atomic block belongs to a caller's transaction (a test, or a command
    that runs the worker inline) and is left alone: Django's `close_old_connections` would drop
    it, because its autocommit differs from the setting, and with it the caller's work.
    """
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


class ScheduledWorker(Worker):
    """The database worker, with a heartbeat and the schedule checked at each poll."""

    def __init__(self, *, schedule: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.schedule = schedule
        self._last_beat = 0.0

    def tick(self) -> None:
        now = time.monotonic()
        if now - self._last_beat >= BEAT_SECONDS:
            self._last_beat = now
            try:
                beat(f"worker:{self.worker_id}")
                if self.schedule:
                    for name in enqueue_due():
                        logger.info("enqueued scheduled job %s", name)
            except Exception:  # a locked or restarting database must not stop the worker
                logger.exception("worker heartbeat or schedule failed")

    def next_task(self) -> tuple[bool, Any]:
        """Claim the next ready task, as the library's loop does: (asked the database, task)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            except OperationalError as exc:
                if is_locked_database_exception(exc):
                    return False, None  # busy; try again at the next poll
                raise
        return True, task_result

    def run(self) -> None:
        """The library's loop (claim, run, sleep when idle) with a tick at every turn."""
        logger.info("worker %s started, queues %s", self.worker_id, ",".join(self.queue_names))
        while self.running:
            close_stale_connections()
            self.tick()
            asked, task_result = self.next_task()
            if task_result is not None:
                self.run_task(task_result)
            close_stale_connections()
            if self.batch and asked and task_result is None:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running and task_result is None:
                time.sleep(self.interval)


class Command(BaseCommand):
    help = _("Run background tasks and the schedule (supervision sweep); stop with SIGTERM.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queue", default="*", help=_("queues to run, comma-separated (default: all)")
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help=_("seconds between polls when idle")
        )
        parser.add_argument(
            "--batch", action="store_true", help=_("run what is ready, then exit (for tests)")
        )
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help=_("do not enqueue scheduled jobs from this worker"),
        )
        parser.add_argument("--worker-id", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options["worker_id"] or (
            f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"
        )
        for name in ("django_tasks", "django_tasks_db", "xiaoneng.worker"):
            task_logger = logging.getLogger(name)
            task_logger.setLevel(logging.INFO if options["verbosity"] else logging.WARNING)
        worker = ScheduledWorker(
            schedule=options["schedule"],
            queue_names=options["queue"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=not options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
