"""How the API knows who calls: a token that lapses when idle, or a workbench session — either
way an administrator must have passed the second factor (core/sign_in.py).

No credential, or one that does not authenticate (unknown, lapsed, revoked, of an inactive
account, an administrator's token issued without the second factor), answers 401 with the
challenge `WWW-Authenticate: Token realm="api"`: the token class is the first authentication
class, and DRF takes the challenge from the first one. A credential that does authenticate but
may not do something answers 403 — an administrator's session before the second factor too:
the person is known, the step-up is missing (docs/api.md, "Authentication")."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from xiaoneng.core.sign_in import second_factor_required
from xiaoneng.core.tokens import token_refusal, token_touch


class SecondFactorRequired(exceptions.PermissionDenied):
    """An administrator's session that has not passed the second factor: known, not yet allowed."""

    default_code = "second_factor_required"


class IdleExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`; the token lapses after TOKEN_IDLE_MINUTES without use and
    an administrator's token must have been issued with the second factor."""

    realm = "api"

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="{self.realm}"'

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        # The caller's organization and its parent come along: nearly every view asks for the
        # caller's scope, whose root is the organization or the government above it.
        token = (
            Token.objects.select_related("user__organization__parent", "use")
            .filter(key=key)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        refusal = token_refusal(token)
        if refusal is not None:
            raise exceptions.AuthenticationFailed(refusal)
        token_touch(token)
        return token.user, token


class SecondFactorSessionAuthentication(SessionAuthentication):
    """The workbench's session (CSRF-checked); an administrator's session must have passed the
    second factor (django-otp marks it verified)."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        verified = getattr(user, "is_verified", lambda: False)
        if second_factor_required(user) and not verified():
            raise SecondFactorRequired(
                _(
                    "Administrators must pass the second factor first "
                    "(/workbench/account/two-factor/)."
                )
            )
        return result


class SecondFactorSessionScheme(OpenApiAuthenticationExtension):
    """The session cookie in the OpenAPI document (the token scheme matches subclasses itself)."""

    target_class = SecondFactorSessionAuthentication
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
