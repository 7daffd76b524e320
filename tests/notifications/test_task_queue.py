"""On the database task queue (what `xiaoneng worker` runs): the message is delivered by the
worker, a failure is re-enqueued for the time of the next attempt, and sent then."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from xiaoneng.core.notifications import notify
from xiaoneng.core.roles import Role
from xiaoneng.notifications.delivery import RETRY_DELAYS
from xiaoneng.notifications.kinds import Channel
from xiaoneng.notifications.models import DeliveryStatus, Message

pytestmark = pytest.mark.django_db


def run_worker() -> None:
    call_command(
        "worker", "--batch", "--no-schedule", "--queue", "notifications", stdout=io.StringIO()
    )


def test_worker_delivers_retries_at_the_next_attempt_and_sends(
    settings, org_tree, make_user, sms_gateway, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "imports", "notifications"],
        }
    }
    settings.NOTIFICATION_CHANNELS = ["in_site", "sms"]
    reviewer = make_user(Role.REVIEWER, organization=org_tree.department, phone="13800138000")
    sms_gateway.answers = [503, 200]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[reviewer], title="超期提醒", dedupe_key="k")
        sms = Message.objects.get(channel=Channel.SMS)
        assert sms.status == DeliveryStatus.QUEUED and sms_gateway.received == []
        assert DBTaskResult.objects.filter(queue_name="notifications").count() == 1
        run_worker()  # first attempt: 503
        sms.refresh_from_db()
        assert (sms.status, sms.attempts) == (DeliveryStatus.QUEUED, 1)
        retry = DBTaskResult.objects.filter(queue_name="notifications", status="READY").get()
        assert retry.run_after == sms.next_attempt_at
        run_worker()  # not due yet
        assert len(sms_gateway.received) == 1
        clock.shift(timedelta(seconds=RETRY_DELAYS[0] + 1))
        run_worker()
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (DeliveryStatus.SENT, 2)
    assert len(sms_gateway.received) == 2
