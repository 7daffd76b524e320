"""System checks: NOTIFICATION_CHANNELS names known channels, and SMS has a gateway."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from xiaoneng.notifications.kinds import Channel
from xiaoneng.notifications.outbox import LEGACY_CHANNELS


@checks.register()
def channels_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    known = {*Channel.values, *LEGACY_CHANNELS}
    for name in settings.NOTIFICATION_CHANNELS:
        if name not in known:
            problems.append(
                checks.Error(
                    f"NOTIFICATION_CHANNELS: unknown channel {name!r}",
                    hint=f"Use {', '.join(Channel.values)}.",
                    id="notifications.E001",
                )
            )
    named = {LEGACY_CHANNELS.get(c, c) for c in settings.NOTIFICATION_CHANNELS}
    has_gateway = getattr(settings, "SMS_GATEWAY", "") or getattr(settings, "SMS_GATEWAY_URL", "")
    if Channel.SMS in named and not has_gateway:
        problems.append(
            checks.Warning(
                "SMS is enabled but no gateway is configured; SMS messages will fail.",
                hint="Set XIAONENG_SMS_GATEWAY_URL (or SMS_GATEWAY to a gateway class).",
                id="notifications.W001",
            )
        )
    return problems
