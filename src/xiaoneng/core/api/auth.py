"""Signing in to the API: tokens (obtain, give back, revoke) and the browsable API's sign-in.

The rules are those of the workbench (core/sign_in.py): the three administrators give the
current code of their authenticator, an expired password is refused, and five failed attempts
lock the account (django-axes). See docs/api.md, "Authentication".
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core import tokens
from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.schema import ErrorSerializer, error_responses
from xiaoneng.core.models import User


class TokenRequestSerializer(serializers.Serializer):
    username = JsonStringField()
    password = JsonStringField(trim_whitespace=False, style={"input_type": "password"})
    otp_token = JsonStringField(
        required=False,
        allow_blank=True,
        help_text="The current 6-digit code of the authenticator; required of the system, "
        "security and audit administrators.",
    )


class TokenSerializer(serializers.Serializer):
    token = JsonStringField(help_text="Send as `Authorization: Token <token>`.")
    idle_minutes = serializers.IntegerField(
        help_text="The token lapses after this many minutes without use."
    )


class RevokeRequestSerializer(serializers.Serializer):
    username = JsonStringField()


class RevokedSerializer(serializers.Serializer):
    revoked = serializers.IntegerField(help_text="How many tokens were ended (0 or 1).")


LOCKED_OUT = OpenApiResponse(
    response=ErrorSerializer,
    description="The account is locked after repeated failed sign-ins (code `locked_out`).",
)


class TokenView(APIView):
    """POST: user name + password (+ `otp_token`) → a token. DELETE: end one's own token."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    def get_authenticators(self) -> list[Any]:
        if self.request is not None and self.request.method == "DELETE":
            return [cls() for cls in self.settings.DEFAULT_AUTHENTICATION_CLASSES]
        return []

    def get_permissions(self) -> list[Any]:
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    @extend_schema(
        summary="Obtain a token (administrators also give otp_token)",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **error_responses(400), 429: LOCKED_OUT},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = tokens.token_obtain(request=request._request, **serializer.validated_data)
        return Response({"token": token.key, "idle_minutes": settings.TOKEN_IDLE_MINUTES})

    @extend_schema(
        summary="Give back one's own token (sign out of the API)",
        request=None,
        responses={200: RevokedSerializer, **error_responses(401, 403)},
    )
    def delete(self, request: Request) -> Response:
        assert isinstance(request.user, User)
        return Response({"revoked": tokens.token_revoke_own(user=request.user)})


class TokenRevokeView(APIView):
    @extend_schema(
        summary="Revoke an account's tokens (security administrator)",
        request=RevokeRequestSerializer,
        responses={200: RevokedSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        serializer = RevokeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        revoked = tokens.token_revoke(
            actor=request.user, username=serializer.validated_data["username"]
        )
        return Response({"revoked": revoked})


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes' answer to a locked account (AXES_LOCKOUT_CALLABLE): the API's error shape
    on /api/, the lock-out page elsewhere; both 429 (AXES_HTTP_RESPONSE_CODE)."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        body = {
            "errors": [{"field": "username", "reason": tokens.locked_message()}],
            "code": tokens.AccountLocked.code,
        }
        return JsonResponse(body, status=status)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {}, status=status)


def browsable_api_sign_in(request: HttpRequest) -> HttpResponse:
    """The browsable API signs in through the workbench's page, so the same rules hold: an
    administrator's session serves the API only after the second factor, an expired password
    is changed first."""
    target = request.GET.get("next") or "/api/v1/"
    return redirect(f"{reverse('workbench:login')}?{urlencode({'next': target})}")


# Mounted at /api/v1/auth/ in place of rest_framework.urls (same namespace and names).
browsable_api_urls = (
    [
        path("login/", browsable_api_sign_in, name="login"),
        path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    ],
    "rest_framework",
)
