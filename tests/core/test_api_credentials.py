"""401 or 403 on the API (core/api/authentication.py; RFC 9110 §15.5.2, §15.5.4).

Rule: a request without a credential, or with one that does not authenticate — malformed,
unknown, lapsed, revoked, of an offboarded or deactivated account, an administrator's token
issued without the second factor — answers 401 with the challenge
`WWW-Authenticate: Token realm="api"`. A credential that authenticates but may not do the
thing answers 403 without a challenge; a good one 200.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from xiaoneng.core import staff_lifecycle, tokens
from xiaoneng.core.models import ApiTokenUse, User
from xiaoneng.core.roles import Role

CHALLENGE = 'Token realm="api"'
ME = "/api/v1/me/"
REVOKE = "/api/v1/auth/token/revoke/"  # the security administrator's: a reviewer may not


def _valid(personas) -> str:  # type: ignore[no-untyped-def]
    return tokens.token_issue(user=personas[Role.REVIEWER], has_second_factor=False).key


def _lapsed(personas) -> str:  # type: ignore[no-untyped-def]
    key = _valid(personas)
    ApiTokenUse.objects.filter(pk=key).update(last_used_at=timezone.now() - timedelta(hours=9))
    return key


def _revoked(personas) -> str:  # type: ignore[no-untyped-def]
    key = _valid(personas)
    tokens.token_revoke(
        actor=personas[Role.SECURITY_ADMIN], username=personas[Role.REVIEWER].username
    )
    return key


def _offboarded(personas) -> str:  # type: ignore[no-untyped-def]
    key = _valid(personas)
    staff_lifecycle.user_offboard(
        actor=personas[Role.SYSTEM_ADMIN], user=personas[Role.REVIEWER], reason="调离"
    )
    return key


def _deactivated(personas) -> str:  # type: ignore[no-untyped-def]
    """Deactivated outside offboarding (the token row is still there)."""
    key = _valid(personas)
    User.objects.filter(pk=personas[Role.REVIEWER].pk).update(is_active=False)
    return key


def _administrator_without_second_factor(personas) -> str:  # type: ignore[no-untyped-def]
    return Token.objects.create(user=personas[Role.SYSTEM_ADMIN]).key


Header = Callable[[dict], str | None]

CASES: list[tuple[str, Header, str, int]] = [
    # (case, Authorization header, url, status)
    ("none", lambda p: None, ME, 401),
    ("keyword alone", lambda p: "Token", ME, 401),
    ("key with a space", lambda p: "Token abc def", ME, 401),
    ("another scheme", lambda p: "Bearer abc", ME, 401),
    ("unknown token", lambda p: "Token " + "0" * 40, ME, 401),
    ("lapsed token", lambda p: f"Token {_lapsed(p)}", ME, 401),
    ("revoked token", lambda p: f"Token {_revoked(p)}", ME, 401),
    ("offboarded account's token", lambda p: f"Token {_offboarded(p)}", ME, 401),
    ("deactivated account's token", lambda p: f"Token {_deactivated(p)}", ME, 401),
    (
        "administrator's token without second factor",
        lambda p: f"Token {_administrator_without_second_factor(p)}",
        ME,
        401,
    ),
    ("valid token without permission", lambda p: f"Token {_valid(p)}", REVOKE, 403),
    ("valid token", lambda p: f"Token {_valid(p)}", ME, 200),
]


@pytest.mark.parametrize(
    ("header", "url", "status"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_status_says_whether_the_credential_authenticates(personas, header, url, status):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    authorization = header(personas)
    extra = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
    if url == REVOKE:
        response = api.post(url, {"username": "nobody"}, format="json", **extra)
    else:
        response = api.get(url, **extra)
    assert response.status_code == status, response.content
    if status == 401:
        assert response["WWW-Authenticate"] == CHALLENGE
        body = response.json()
        assert body["code"] in {"not_authenticated", "authentication_failed"}
        assert body["errors"][0]["reason"]
    else:
        assert "WWW-Authenticate" not in response


def test_a_signed_out_session_is_challenged(client, personas):
    client.force_login(personas[Role.REVIEWER])
    assert client.get(ME).status_code == 200
    client.logout()
    response = client.get(ME)
    assert response.status_code == 401 and response["WWW-Authenticate"] == CHALLENGE


def test_an_idle_session_is_challenged(client, personas, settings):
    """The idle timeout signs the session out; the API then sees no credential (401)."""
    client.force_login(personas[Role.REVIEWER])
    session = client.session
    session["last_activity"] = (
        timezone.now().timestamp() - settings.SESSION_IDLE_TIMEOUT_SECONDS - 1
    )
    session.save()
    response = client.get(ME)
    assert response.status_code == 401 and response["WWW-Authenticate"] == CHALLENGE


def test_an_administrator_session_before_the_second_factor_is_forbidden(client, personas):
    """Known by the password, the step-up missing: 403, no challenge (the token would not help)."""
    client.force_login(personas[Role.SECURITY_ADMIN])
    response = client.get(ME, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403 and "WWW-Authenticate" not in response
    assert response.json()["code"] == "second_factor_required"


def test_the_schema_documents_the_challenge_on_every_401(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    answers = [
        operation["responses"]["401"]
        for operations in schema["paths"].values()
        for operation in operations.values()
        if "401" in operation.get("responses", {})
    ]
    assert len(answers) > 100
    assert all(a["headers"]["WWW-Authenticate"]["required"] for a in answers)
