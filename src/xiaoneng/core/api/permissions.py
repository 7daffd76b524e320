"""The API's default permission: signed in, with a password of one's own that has not expired."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request

from xiaoneng.core.sign_in import password_has_expired


class SignedInWithOwnPassword(IsAuthenticated):
    """After a password reset the account may only change its password (`POST me/password/`):
    the one-time password was seen by the security administrator, so it must not act. The same
    holds for a password older than PASSWORD_EXPIRY_DAYS (等保2.0 level 3), as on the workbench.
    The administrators' second factor is checked when the request is authenticated
    (core/api/authentication.py)."""

    message = _("Change the one-time password first (POST /api/v1/me/password/).")
    expired_message = _("Your password has expired; change it first (POST /api/v1/me/password/).")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        if getattr(request.user, "must_change_password", False):
            return False
        if password_has_expired(request.user):
            self.message = self.expired_message
            return False
        return True
