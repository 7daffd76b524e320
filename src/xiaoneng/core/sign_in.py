"""The sign-in rules every door applies: workbench pages, the API's tokens and its sessions.

等保2.0 level 3 (DOMAIN.md §6): a password expires after PASSWORD_EXPIRY_DAYS; after a reset the
account may only choose a new one; the three administrators (system, security, audit) also pass
a second factor — the current code of their confirmed TOTP device — before they may act.

Pure rules over the user (no queries): the middleware module, loaded with the settings, uses them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone


def password_has_expired(user: Any) -> bool:
    """True when the password is older than PASSWORD_EXPIRY_DAYS (0 turns expiry off).

    An account without `password_changed_at` (set by every service that sets a password) is not
    held to the rule: it has no password of its own to expire.
    """
    days = settings.PASSWORD_EXPIRY_DAYS
    changed = getattr(user, "password_changed_at", None)
    return bool(days and changed and timezone.now() - changed > timedelta(days=days))


def second_factor_required(user: Any) -> bool:
    """The three administrators pass the second factor; business roles do not."""
    return bool(getattr(user, "is_administrator", False))
