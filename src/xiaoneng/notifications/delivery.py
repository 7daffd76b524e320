"""Delivery of queued e-mail and SMS messages, with retries and back-off.

`message_send(message_id=...)` claims one queued message (a conditional UPDATE, so two workers
never send it twice), sends it through its channel and records the outcome:
- sent: status `sent`, `sent_at`;
- a temporary failure (mail server or gateway unreachable, HTTP 5xx, 408, 429): back to
  `queued` with `next_attempt_at` pushed back by `RETRY_DELAYS` (the task re-enqueues itself
  for then when the backend can defer); after the last delay the message is `failed`;
- a permanent failure (address refused, HTTP 4xx): `failed` at once.
`outbox_flush()` delivers every queued message that is due — the safety net when an enqueue
was lost (the process died between commit and enqueue) or the backend cannot defer.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db.models import Q
from django.utils import timezone

from xiaoneng.notifications.kinds import Channel
from xiaoneng.notifications.models import DeliveryStatus, Message
from xiaoneng.notifications.sms import PermanentFailure, TemporaryFailure, sms_gateway

logger = logging.getLogger(__name__)

#: Seconds to wait before each retry: 1 min, 5 min, 30 min, 2 h, 6 h (six attempts in all).
RETRY_DELAYS: tuple[int, ...] = (60, 300, 1800, 7200, 21600)
#: A message claimed longer ago than this was lost by a dead worker; the flush takes it back.
STALE_CLAIM = timedelta(minutes=15)


def _send_email(message: Message) -> None:
    email = EmailMessage(subject=message.subject, body=message.body, to=[message.address])
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentFailure(f"recipient refused: {exc}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TemporaryFailure(f"mail server: {exc}") from exc


def _send_sms(message: Message) -> None:
    sms_gateway().send(phone=message.address, text=message.body)


SENDERS: dict[str, Callable[[Message], None]] = {
    Channel.EMAIL: _send_email,
    Channel.SMS: _send_sms,
}


def _claim(message_id: int) -> Message | None:
    now = timezone.now()
    claimed = Message.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=message_id,
        status=DeliveryStatus.QUEUED,
    ).update(status=DeliveryStatus.SENDING, claimed_at=now)
    if not claimed:
        return None
    return Message.objects.get(pk=message_id)


def message_send(*, message_id: int) -> str:
    """Send one queued message if it is due; return its status afterwards ("" if not ours)."""
    message = _claim(message_id)
    if message is None:
        return ""
    message.attempts += 1
    try:
        SENDERS[message.channel](message)
    except PermanentFailure as exc:
        _fail(message, str(exc))
    except TemporaryFailure as exc:
        _retry_later(message, str(exc))
    except Exception as exc:  # a bug or a misconfiguration: keep the message, try again later
        logger.exception("message %s: unexpected error while sending", message.pk)
        _retry_later(message, f"{type(exc).__name__}: {exc}")
    else:
        message.status = DeliveryStatus.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.next_attempt_at = None
        message.save(
            update_fields=["status", "sent_at", "last_error", "next_attempt_at", "attempts"]
        )
    return message.status


def _fail(message: Message, reason: str) -> None:
    message.status = DeliveryStatus.FAILED
    message.last_error = reason[:500]
    message.next_attempt_at = None
    message.save(update_fields=["status", "last_error", "next_attempt_at", "attempts"])
    logger.warning("message %s (%s) failed for good: %s", message.pk, message.channel, reason)


def _retry_later(message: Message, reason: str) -> None:
    if message.attempts > len(RETRY_DELAYS):
        _fail(message, reason)
        return
    delay = RETRY_DELAYS[message.attempts - 1]
    message.status = DeliveryStatus.QUEUED
    message.last_error = reason[:500]
    message.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    message.save(update_fields=["status", "last_error", "next_attempt_at", "attempts"])
    logger.info(
        "message %s: attempt %s failed (%s); retry in %ss",
        message.pk,
        message.attempts,
        reason,
        delay,
    )


def outbox_flush() -> int:
    """Send every queued message that is due (and take back claims of dead workers)."""
    now = timezone.now()
    Message.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=DeliveryStatus.QUEUED
    )
    due = Message.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        status=DeliveryStatus.QUEUED,
    ).values_list("pk", flat=True)
    sent = 0
    for message_id in list(due[:1000]):
        if message_send(message_id=message_id) == DeliveryStatus.SENT:
            sent += 1
    return sent
