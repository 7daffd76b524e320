"""The administrators' second factor and password expiry on the API (等保2.0 level 3, DOMAIN.md §6).

Rules: the system, security and audit administrators get no token and no API session until they
give the current TOTP code (`otp_token`); business staff sign in with their password; an expired
password is refused by the token endpoint and by every authenticated API request; five failures
lock the account and the API says so (429, `locked_out`).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD
from xiaoneng.core import services
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role

ADMINS = [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN]
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def device_for(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(code_of(device)) + 1) % 1_000_000:06d}"


def errors_of(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {e["field"]: e["reason"] for e in response.json()["errors"]}


@pytest.mark.parametrize("role", ADMINS)
@pytest.mark.parametrize(
    ("otp", "status", "code"),
    [
        (None, 400, "otp_required"),  # password alone: refused, the missing code named
        ("", 400, "otp_required"),
        ("wrong", 400, "otp_invalid"),
        ("right", 200, None),
    ],
)
def test_administrator_token_needs_the_current_code(api, personas, role, otp, status, code):
    user = personas[role]
    device = device_for(user)
    body = {"username": user.username, "password": PASSWORD}
    if otp is not None:
        body["otp_token"] = {"wrong": wrong_code(device), "right": code_of(device)}.get(otp, otp)
    response = api.post(TOKEN_URL, body)
    assert response.status_code == status, response.content
    if code:
        assert response.json()["code"] == code
        assert "otp_token" in errors_of(response)
        assert not Token.objects.filter(user=user).exists()
    else:
        token = response.json()["token"]
        me = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
        assert me.status_code == 200 and me.json()["username"] == user.username


def test_a_wrong_code_is_audited_and_counts_towards_the_lock_out(api, personas):
    user = personas[Role.SYSTEM_ADMIN]
    device = device_for(user)
    body = {"username": user.username, "password": PASSWORD, "otp_token": wrong_code(device)}
    codes = []
    for _attempt in range(5):
        device.throttling_failure_count = 0  # django-otp's own back-off aside
        device.save()
        codes.append(api.post(TOKEN_URL, body).json()["code"])
    assert codes == ["otp_invalid"] * 4 + ["locked_out"]  # the fifth failure locks
    assert AuditRecord.objects.filter(action="auth.two_factor", result="failed").count() == 5
    locked = api.post(TOKEN_URL, {**body, "otp_token": code_of(device)})
    assert locked.status_code == 429 and locked.json()["code"] == "locked_out"


def test_an_administrator_without_a_device_is_told_to_set_one_up(api, personas):
    user = personas[Role.AUDIT_ADMIN]
    response = api.post(TOKEN_URL, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 400 and response.json()["code"] == "otp_not_set_up"
    assert "two-factor" in errors_of(response)["otp_token"]


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.WINDOW_CLERK, Role.LEADER])
def test_business_staff_get_a_token_with_the_password_alone(api, personas, role):
    user = personas[role]
    response = api.post(TOKEN_URL, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["idle_minutes"] == 480


def test_an_administrator_token_made_without_the_second_factor_is_refused(api, personas):
    """A token from before this rule (or made in the database) carries no administrator rights."""
    token = Token.objects.create(user=personas[Role.SYSTEM_ADMIN])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post(
        "/api/v1/staff/",
        {"username": "intruder", "real_name": "x", "organization": 1, "password": "Abcdef1!"},
    )
    assert response.status_code == 401
    assert "second factor" in response.json()["errors"][0]["reason"]


def test_a_token_stops_serving_when_its_holder_becomes_an_administrator(api, personas):
    reviewer = personas[Role.REVIEWER]
    token = api.post(TOKEN_URL, {"username": reviewer.username, "password": PASSWORD}).json()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")
    assert api.get("/api/v1/me/").status_code == 200
    services.user_set_roles(actor=None, user=reviewer, roles=[])
    services.user_set_roles(actor=personas[Role.SECURITY_ADMIN], user=reviewer,
                            roles=[Role.AUDIT_ADMIN])  # fmt: skip
    assert api.get("/api/v1/me/").status_code == 401


# --- sessions: the workbench's sign-in serves the API only after the second factor -------------


@pytest.mark.parametrize("role", ADMINS)
def test_an_administrator_session_serves_the_api_only_after_the_code(client, personas, role):
    user = personas[role]
    device = device_for(user)
    signed_in = client.post(
        "/workbench/sign-in/", {"username": user.username, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    refused = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 403  # known by the password, the step-up is missing
    assert refused.json()["code"] == "second_factor_required"
    assert "second factor" in refused.json()["errors"][0]["reason"]
    assert (
        client.post("/workbench/account/two-factor/", {"token": code_of(device)}).status_code == 302
    )
    assert client.get("/api/v1/me/").status_code == 200


def test_the_browsable_api_signs_in_through_the_workbench(client, personas):
    """/api/v1/auth/login/ does not sign in by itself: it hands over to the workbench's page."""
    user = personas[Role.SYSTEM_ADMIN]
    device_for(user)
    page = client.get("/api/v1/auth/login/?next=/api/v1/me/")
    assert page.status_code == 302
    assert page["Location"].startswith("/workbench/sign-in/?next=")
    posted = client.post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD})
    assert posted.status_code == 302 and "_auth_user_id" not in client.session
    assert client.get("/api/v1/me/").status_code == 401


def test_business_staff_session_serves_the_api(client, personas):
    user = personas[Role.REVIEWER]
    client.post("/workbench/sign-in/", {"username": user.username, "password": PASSWORD})
    assert client.get("/api/v1/me/").status_code == 200


# --- expired passwords --------------------------------------------------------------------------


def _expire(user) -> None:  # type: ignore[no-untyped-def]
    user.password_changed_at = timezone.now() - timedelta(days=91)  # PASSWORD_EXPIRY_DAYS = 90
    user.save(update_fields=["password_changed_at"])


def test_the_token_endpoint_refuses_an_expired_password(api, personas):
    user = personas[Role.REVIEWER]
    _expire(user)
    response = api.post(TOKEN_URL, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 400 and response.json()["code"] == "password_expired"
    assert "expired" in errors_of(response)["password"]
    assert not Token.objects.filter(user=user).exists()


def test_an_expired_password_is_refused_on_every_api_request(api, personas):
    user = personas[Role.REVIEWER]
    token = api.post(TOKEN_URL, {"username": user.username, "password": PASSWORD}).json()["token"]
    _expire(user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get("/api/v1/organizations/")
    assert response.status_code == 403
    assert "expired" in response.json()["errors"][0]["reason"]
    # … except changing it
    changed = api.post(
        "/api/v1/me/password/", {"old_password": PASSWORD, "new_password": "Fresh#2027xn"}
    )
    assert changed.status_code == 200
    assert api.get("/api/v1/organizations/").status_code == 200


def test_an_expired_password_is_refused_for_a_session_too(client, personas):
    user = personas[Role.REVIEWER]
    client.force_login(user)
    _expire(user)
    response = client.get("/api/v1/organizations/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "expired" in response.json()["errors"][0]["reason"]


# --- lock-out -----------------------------------------------------------------------------------


def test_the_lock_out_says_the_account_is_locked(api, personas):
    user = personas[Role.REVIEWER]
    statuses = [
        api.post(TOKEN_URL, {"username": user.username, "password": "Wrong-pass1"}).status_code
        for _attempt in range(5)
    ]
    assert statuses == [400, 400, 400, 400, 429]  # the fifth failure locks
    response = api.post(TOKEN_URL, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "locked_out"
    assert "locked" in errors_of(response)["username"]
    assert not Token.objects.filter(user=user).exists()


def test_the_lock_out_is_in_the_users_language(personas):
    user = personas[Role.REVIEWER]
    api = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    for _attempt in range(5):
        api.post(TOKEN_URL, {"username": user.username, "password": "Wrong-pass1"})
    response = api.post(TOKEN_URL, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.json()["errors"][0]["reason"]


def test_the_missing_code_is_named_in_the_users_language(personas):
    user = personas[Role.SECURITY_ADMIN]
    device_for(user)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    response = api.post(TOKEN_URL, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 400
    assert "验证码" in errors_of(response)["otp_token"]


def test_the_workbench_lock_out_page_is_unchanged(client, personas):
    user = personas[Role.REVIEWER]
    for _attempt in range(5):
        client.post("/workbench/sign-in/", {"username": user.username, "password": "Wrong-pass1"})
    response = client.post("/workbench/sign-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429 and b"<html" in response.content.lower()
