"""Notifications: a workbench inbox plus pluggable delivery channels (settings.NOTIFICATION_CHANNELS).

`notify()` creates one Notification per recipient and `dedupe_key` — calling it again with the
same key does nothing, so sweeps can run any number of times without repeating an alert.
Channels deliver newly created notifications after the transaction commits.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Iterable
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from xiaoneng.core.masking import mask_phone
from xiaoneng.core.models import Notification, User

logger = logging.getLogger(__name__)


class Channel(Protocol):
    def deliver(self, notification: Notification) -> None: ...


class WorkbenchChannel:
    """The Notification row itself is the workbench message; nothing more to do."""

    def deliver(self, notification: Notification) -> None:
        return None


class ConsoleChannel:
    def deliver(self, notification: Notification) -> None:
        logger.info(
            "notify %s: %s — %s", notification.recipient, notification.title, notification.body
        )


class EmailChannel:
    def deliver(self, notification: Notification) -> None:
        if notification.recipient.email:
            send_mail(
                notification.title,
                notification.body,
                None,
                [notification.recipient.email],
                fail_silently=True,
            )


class SmsGatewayChannel:
    """POSTs JSON {phone, text} to XIAONENG_SMS_GATEWAY_URL (the city's own SMS gateway)."""

    def deliver(self, notification: Notification) -> None:
        url = getattr(settings, "SMS_GATEWAY_URL", "")
        phone = notification.recipient.phone
        if not url or not phone:
            return
        if not url.startswith(("http://", "https://")):
            logger.warning("SMS gateway URL must be http(s); not sending")
            return
        body = json.dumps({"phone": phone, "text": notification.title}).encode()
        headers = {"Content-Type": "application/json"}
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
        try:
            urllib.request.urlopen(request, timeout=5)  # noqa: S310
        except OSError:
            logger.warning("SMS gateway failed for %s", mask_phone(phone))


def _channels() -> list[Channel]:
    return [import_string(path)() for path in settings.NOTIFICATION_CHANNELS]


def notify(
    *,
    recipients: Iterable[User],
    title: str,
    body: str = "",
    link: str = "",
    level: str = "info",
    dedupe_key: str,
) -> list[Notification]:
    """Create each recipient's notification once per `dedupe_key`; return those newly created."""
    created: list[Notification] = []
    for recipient in {r.pk: r for r in recipients}.values():
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient=recipient,
                        title=title[:200],
                        body=body,
                        link=link,
                        level=level,
                        dedupe_key=dedupe_key[:200],
                    )
                )
        except IntegrityError:
            continue  # already notified for this key
    if created:
        channels = _channels()

        def deliver() -> None:
            for notification in created:
                for channel in channels:
                    channel.deliver(notification)

        transaction.on_commit(deliver)
    return created
