"""Audit every sign-in, sign-out and failed sign-in, and record each sign-in's session
(device, address: core/sessions.py) (等保2.0 level 3)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from xiaoneng.core.audit import audit
from xiaoneng.core.sessions import session_register


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit(actor=user, action="auth.sign_in", obj=user)
    if request is not None and hasattr(request, "session"):
        session_register(request=request, user=user)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit(actor=user, action="auth.sign_out", obj=user)


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    audit(
        actor=None,
        actor_name=str(credentials.get("username", ""))[:150],
        action="auth.sign_in",
        result="failed",
    )
