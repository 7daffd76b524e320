"""Notifications: the one entry point every context calls, `notify()`.

`notify()` sends one message per recipient and `dedupe_key` — calling it again with the same
key does nothing, so sweeps can run any number of times without repeating an alert. The
notifications context (xiaoneng.notifications) registers the dispatcher: it writes the in-site
message and the outbox rows for e-mail and SMS inside the caller's transaction, and a task
delivers them with retries. Without it (core on its own), only the in-site message is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction

from xiaoneng.core.models import Applicant, Notification, User

Dispatcher = Callable[..., list[Notification]]
_dispatcher: Dispatcher | None = None


def set_dispatcher(dispatcher: Dispatcher | None) -> None:
    """Registered once by the notifications context (its AppConfig.ready)."""
    global _dispatcher
    _dispatcher = dispatcher


def _in_site_only(
    *, recipients: Iterable[User], title: str, body: str, link: str, level: str, dedupe_key: str
) -> list[Notification]:
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
    return created


def notify(
    *,
    recipients: Iterable[User] = (),
    applicants: Iterable[Applicant] = (),
    title: str = "",
    body: str = "",
    link: str = "",
    level: str = "info",
    dedupe_key: str,
    kind: str = "",
    context: Mapping[str, Any] | None = None,
) -> list[Notification]:
    """Notify each recipient once per `dedupe_key`; return the in-site messages newly created.

    `kind` (a `notifications.kinds.MessageKind`) picks the administrator's template for each
    channel, filled from `context` ({case_number}, {due_on}, ...); without it the message is an
    alert whose title and body are `title` and `body`. `applicants` are citizens or enterprises:
    in-site through their portal account, and by SMS to the phone they gave.
    """
    if _dispatcher is not None:
        return _dispatcher(
            recipients=recipients,
            applicants=applicants,
            title=title,
            body=body,
            link=link,
            level=level,
            dedupe_key=dedupe_key,
            kind=kind,
            context=context or {},
        )
    return _in_site_only(
        recipients=[*recipients, *(a.account for a in applicants if a.account is not None)],
        title=title,
        body=body,
        link=link,
        level=level,
        dedupe_key=dedupe_key,
    )
