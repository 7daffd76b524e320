"""Request id, idle-session timeout, password expiry and the administrators' second factor."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from xiaoneng.core.context import request_id_var, source_ip_var
from xiaoneng.core.sign_in import password_has_expired, second_factor_required

Handler = Callable[[HttpRequest], HttpResponse]


def client_ip(request: HttpRequest) -> str:
    """The client's address: the peer's, or behind a proxy (settings.BEHIND_PROXY) the address
    the proxy appended last to X-Forwarded-For; earlier entries come from the client itself and
    are not believed. Without a proxy the header is ignored."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()[:45]
    return request.META.get("REMOTE_ADDR", "") or ""


class RequestIdMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = request.headers.get("X-Request-Id", "")[:40] or uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        t1 = request_id_var.set(rid)
        t2 = source_ip_var.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(t1)
            source_ip_var.reset(t2)
        response["X-Request-Id"] = rid
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get() or "-"
        return True


class IdleTimeoutMiddleware:
    """Sign out a session idle for longer than SESSION_IDLE_TIMEOUT_SECONDS (等保2.0: 30 min)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last = request.session.get("last_activity")
            if last is not None and now - float(last) > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}&idle=1")
            request.session["last_activity"] = now
        return self.get_response(request)


# The API applies the same rules where it authenticates (core/api/authentication.py: second
# factor for sessions and tokens) and in its default permission (core/api/permissions.py:
# forced change, expiry), answering in JSON instead of redirecting.
_EXEMPT_PREFIXES = ("/workbench/account/", "/workbench/sign-out/", "/static/", "/i18n/", "/api/")


class PasswordExpiryMiddleware:
    """Staff whose password is older than PASSWORD_EXPIRY_DAYS must change it first;
    the three administrators must also pass their second factor (TOTP) before anything else."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path.startswith(_EXEMPT_PREFIXES):
            if getattr(user, "must_change_password", False):  # after a password reset
                return redirect("workbench:password_change")
            if password_has_expired(user):
                return redirect("workbench:password_change")
            if second_factor_required(user) and not user.is_verified():  # type: ignore[union-attr,attr-defined]
                return redirect("workbench:two_factor")
        return self.get_response(request)
