"""The API's default permission: signed in, and not holding a password that must be changed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request


class SignedInWithOwnPassword(IsAuthenticated):
    """After a password reset the account may only change its password (`POST me/password/`):
    the one-time password was seen by the security administrator, so it must not act."""

    message = _("Change the one-time password first (POST /api/v1/me/password/).")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        return not getattr(request.user, "must_change_password", False)
