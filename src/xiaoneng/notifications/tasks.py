"""The delivery tasks, on the task queue's `notifications` queue (settings.TASKS).

`message_deliver` is enqueued after the transaction that wrote the message commits; when a
temporary failure sends the message back to the outbox it enqueues itself again for the time
of the next attempt (backends that cannot defer leave it to `outbox_flush_run`).
"""

from __future__ import annotations

import logging
from datetime import datetime

from django_tasks import task, task_backends

from xiaoneng.notifications.delivery import message_send, outbox_flush
from xiaoneng.notifications.models import DeliveryStatus, Message

logger = logging.getLogger(__name__)


@task(queue_name="notifications")
def message_deliver(message_id: int) -> str:
    status = message_send(message_id=message_id)
    if status == DeliveryStatus.QUEUED:
        next_at = Message.objects.filter(pk=message_id).values_list("next_attempt_at", flat=True)
        enqueue(message_id, run_after=next_at.first())
    return status


@task(queue_name="notifications")
def outbox_flush_run() -> int:
    return outbox_flush()


def enqueue(message_id: int, *, run_after: datetime | None = None) -> None:
    """Hand one message to the queue. If the queue cannot take it (or cannot defer), it stays
    queued in the outbox and the next flush delivers it."""
    try:
        if run_after is not None:
            if not task_backends[message_deliver.backend].supports_defer:
                return  # the outbox flush picks it up when due
            message_deliver.using(run_after=run_after).enqueue(message_id)
        else:
            message_deliver.enqueue(message_id)
    except Exception:  # the outbox row is the source of truth; the flush retries it
        logger.exception("could not enqueue message %s; left for the outbox flush", message_id)
