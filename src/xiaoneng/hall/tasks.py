"""The hall's scheduled work on the task queue: the day-before reminders, the no-show marks
and the waiting-time alerts, every HALL_REMINDER_INTERVAL_MINUTES (jobs.schedule)."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from xiaoneng.hall.services import (
    appointment_no_shows_mark,
    appointment_reminders_send,
    tickets_wait_alerts_send,
)
from xiaoneng.jobs.schedule import ScheduledJob, register


@task()
def hall_sweep_run() -> dict[str, int]:
    return {
        "no_shows": appointment_no_shows_mark(),
        "reminders": appointment_reminders_send(),
        "wait_alerts": tickets_wait_alerts_send(),
    }


def _interval() -> float:
    return float(getattr(settings, "HALL_REMINDER_INTERVAL_MINUTES", 60))


def register_schedule() -> None:
    register(ScheduledJob("hall", "xiaoneng.hall.tasks.hall_sweep_run", _interval))
