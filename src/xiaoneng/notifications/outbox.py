"""The outbox: `notify()` lands here and writes every message inside the caller's transaction.

For each recipient, once per `dedupe_key`:
- in-site: the `core.Notification` row (the workbench or portal message box), logged as sent;
- e-mail and SMS (when enabled in NOTIFICATION_CHANNELS and the recipient has an address): a
  queued `Message`, handed to the delivery task after the transaction commits. If the process
  dies before that, the row is still there and the outbox flush delivers it.
If the caller's transaction rolls back, nothing was ever written, so nothing is sent.

Opt-outs (`Preference`) hold back informational e-mail and SMS only; statutory notices
(`kinds.STATUTORY_KINDS`) go out on every channel, and the in-site message is always written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xiaoneng.core.models import Applicant, Notification, User
from xiaoneng.notifications.kinds import Channel, MessageKind, is_statutory
from xiaoneng.notifications.models import DeliveryStatus, Message, Preference
from xiaoneng.notifications.rendering import render
from xiaoneng.notifications.tasks import enqueue

_LEVELS: dict[str, str] = {
    MessageKind.DEADLINE_RED: "danger",
    MessageKind.DEADLINE_YELLOW: "warning",
    MessageKind.COMPLAINT_REPLY_DUE: "warning",
    MessageKind.SUPPLEMENT_REQUESTED: "warning",
    MessageKind.CASE_REFUSED: "warning",
}


@dataclass(frozen=True)
class Target:
    """One person to notify: a user, an applicant, or an applicant through their account."""

    user: User | None
    applicant: Applicant | None
    email: str
    phone: str

    @property
    def key(self) -> str:
        if self.user is not None:
            return f"user:{self.user.pk}"
        assert self.applicant is not None
        return f"applicant:{self.applicant.pk}"


#: The channel classes of earlier releases, still accepted in NOTIFICATION_CHANNELS.
LEGACY_CHANNELS: dict[str, str] = {
    "xiaoneng.core.notifications.WorkbenchChannel": Channel.IN_SITE,
    "xiaoneng.core.notifications.ConsoleChannel": Channel.IN_SITE,
    "xiaoneng.core.notifications.EmailChannel": Channel.EMAIL,
    "xiaoneng.core.notifications.SmsGatewayChannel": Channel.SMS,
}


def external_channels() -> list[str]:
    """E-mail and SMS as enabled in settings; the in-site message is always on."""
    named = [LEGACY_CHANNELS.get(c, c) for c in settings.NOTIFICATION_CHANNELS]
    return [c for c in (Channel.EMAIL, Channel.SMS) if c in named]


def _targets(users: Iterable[User], applicants: Iterable[Applicant]) -> list[Target]:
    found: dict[str, Target] = {}
    for applicant in applicants:
        account = applicant.account
        target = Target(
            user=account,
            applicant=applicant,
            email=account.email if account is not None else "",
            phone=applicant.phone or (account.phone if account is not None else ""),
        )
        found.setdefault(target.key, target)
    for user in users:
        target = Target(user=user, applicant=None, email=user.email, phone=user.phone)
        found.setdefault(target.key, target)
    return list(found.values())


def _opted_out(user: User | None, channel: str) -> bool:
    if user is None:
        return False
    preference = Preference.objects.filter(user=user).first()
    if preference is None:
        return False
    return preference.email_opt_out if channel == Channel.EMAIL else preference.sms_opt_out


def _absolute(link: str) -> str:
    base = settings.NOTIFICATION_SITE_URL.rstrip("/")
    return f"{base}{link}" if link.startswith("/") and base else link


def _write_target(
    target: Target,
    *,
    kind: str,
    values: Mapping[str, Any],
    link: str,
    level: str,
    dedupe_key: str,
    channels: list[str],
) -> tuple[Notification | None, list[int]]:
    """Write one person's messages; (in-site message, queued outbox ids). Nothing if the key
    was already used for them."""
    statutory = is_statutory(kind)
    now = timezone.now()
    common = {
        "kind": kind,
        "is_statutory": statutory,
        "recipient": target.user,
        "applicant": target.applicant,
        "recipient_key": target.key,
        "link": link,
        "dedupe_key": dedupe_key[:200],
    }
    notification = None
    queued: list[int] = []
    try:
        with transaction.atomic():
            if target.user is not None:
                title, body = render(kind, Channel.IN_SITE, values)
                notification = Notification.objects.create(
                    recipient=target.user,
                    title=title,
                    body=body,
                    link=link,
                    level=level,
                    dedupe_key=dedupe_key[:200],
                )
                Message.objects.create(
                    **common,
                    channel=Channel.IN_SITE,
                    notification=notification,
                    subject=title,
                    body=body,
                    status=DeliveryStatus.SENT,
                    attempts=1,
                    sent_at=now,
                )
            outside = {**values, "link": _absolute(str(values.get("link") or link))}
            for channel in channels:
                address = target.email if channel == Channel.EMAIL else target.phone
                if not address:
                    continue
                subject, body = render(kind, channel, outside)
                skipped = not statutory and _opted_out(target.user, channel)
                message = Message.objects.create(
                    **common,
                    channel=channel,
                    notification=notification,
                    address=address,
                    subject=subject,
                    body=body,
                    status=DeliveryStatus.SKIPPED if skipped else DeliveryStatus.QUEUED,
                    last_error=_("The recipient opted out of this channel.") if skipped else "",
                    next_attempt_at=None if skipped else now,
                )
                if not skipped:
                    queued.append(message.pk)
    except IntegrityError:
        return None, []  # already notified for this key
    return notification, queued


def dispatch(
    *,
    recipients: Iterable[User],
    applicants: Iterable[Applicant],
    title: str,
    body: str,
    link: str,
    level: str,
    dedupe_key: str,
    kind: str,
    context: Mapping[str, Any],
) -> list[Notification]:
    """Write every recipient's messages (see the module docstring); return the in-site ones."""
    kind = kind or MessageKind.ALERT
    values: dict[str, Any] = {"title": title, "body": body, "link": link, **context}
    link = str(values.get("link") or "")
    if level == "info":
        level = _LEVELS.get(kind, level)
    channels = external_channels()
    created: list[Notification] = []
    queued: list[int] = []
    # Messages are written in the site's language, whoever's request triggered them.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        for target in _targets(recipients, applicants):
            notification, ids = _write_target(
                target,
                kind=kind,
                values=values,
                link=link,
                level=level,
                dedupe_key=dedupe_key,
                channels=channels,
            )
            if notification is not None:
                created.append(notification)
            queued.extend(ids)
    if queued:
        transaction.on_commit(partial(_enqueue_all, queued))
    return created


def _enqueue_all(message_ids: list[int]) -> None:
    for message_id in message_ids:
        enqueue(message_id)
