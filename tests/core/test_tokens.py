"""API tokens: lapse after TOKEN_IDLE_MINUTES without use, revoked by the security administrator,
by their holder and on offboarding (等保2.0 level 3, DOMAIN.md §6; docs/api.md, "Authentication")."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD
from xiaoneng.core import staff_lifecycle, tokens
from xiaoneng.core.errors import NotPermitted
from xiaoneng.core.models import ApiTokenUse, AuditRecord
from xiaoneng.core.roles import Role

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def _token_for(api: APIClient, user) -> str:  # type: ignore[no-untyped-def]
    response = api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()["token"]


def _me(api: APIClient, key: str):  # type: ignore[no-untyped-def]
    return api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")


@pytest.mark.parametrize(
    ("idle", "works"),
    [
        (timedelta(minutes=1), True),
        (timedelta(hours=7, minutes=59), True),
        (timedelta(hours=8), True),  # exactly the limit still serves
        (timedelta(hours=8, minutes=1), False),
        (timedelta(days=3), False),
    ],
)
def test_a_token_lapses_after_8_hours_without_use(api, personas, time_machine, idle, works):
    time_machine.move_to(T0, tick=False)
    key = _token_for(api, personas[Role.REVIEWER])
    time_machine.move_to(T0 + idle, tick=False)
    response = _me(api, key)
    assert (response.status_code == 200) is works
    if not works:
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == 'Token realm="api"'
        assert response.json()["code"] == "authentication_failed"
        assert "without use" in response.json()["errors"][0]["reason"]
        assert not Token.objects.filter(key=key).exists() or _me(api, key).status_code == 401


def test_use_keeps_a_token_alive(api, personas, time_machine):
    time_machine.move_to(T0, tick=False)
    key = _token_for(api, personas[Role.REVIEWER])
    for hours in range(1, 30, 7):  # used every 7 hours: never 8 idle
        time_machine.move_to(T0 + timedelta(hours=hours), tick=False)
        assert _me(api, key).status_code == 200


def test_last_use_is_written_at_most_once_a_minute(api, personas, time_machine):
    time_machine.move_to(T0, tick=False)
    key = _token_for(api, personas[Role.REVIEWER])
    time_machine.move_to(T0 + timedelta(seconds=30), tick=False)
    _me(api, key)
    assert ApiTokenUse.objects.get(pk=key).last_used_at == T0
    time_machine.move_to(T0 + timedelta(seconds=61), tick=False)
    _me(api, key)
    assert ApiTokenUse.objects.get(pk=key).last_used_at == T0 + timedelta(seconds=61)


def test_the_idle_limit_is_a_setting(api, personas, time_machine, settings):
    settings.TOKEN_IDLE_MINUTES = 15
    time_machine.move_to(T0, tick=False)
    key = _token_for(api, personas[Role.REVIEWER])
    time_machine.move_to(T0 + timedelta(minutes=16), tick=False)
    assert _me(api, key).status_code == 401


def test_a_lapsed_token_is_replaced_by_a_new_one(api, personas, time_machine):
    time_machine.move_to(T0, tick=False)
    old = _token_for(api, personas[Role.REVIEWER])
    time_machine.move_to(T0 + timedelta(hours=9), tick=False)
    new = _token_for(api, personas[Role.REVIEWER])
    assert new != old and _me(api, new).status_code == 200


# --- revocation ----------------------------------------------------------------------------------


def test_the_security_admin_revokes_by_api(api, personas):
    reviewer = personas[Role.REVIEWER]
    key = _token_for(api, reviewer)
    security = APIClient()
    security.force_authenticate(personas[Role.SECURITY_ADMIN])
    response = security.post("/api/v1/auth/token/revoke/", {"username": reviewer.username})
    assert response.status_code == 200 and response.json() == {"revoked": 1}
    assert _me(api, key).status_code == 401
    assert AuditRecord.objects.filter(action="auth.token_revoke", result="ok").count() == 1


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN, Role.REVIEWER])
def test_no_one_else_revokes_tokens(api, personas, role):
    reviewer = personas[Role.REVIEWER]
    key = _token_for(api, reviewer)
    other = APIClient()
    other.force_authenticate(personas[role])
    response = other.post("/api/v1/auth/token/revoke/", {"username": reviewer.username})
    assert response.status_code == 403
    assert _me(api, key).status_code == 200
    assert AuditRecord.objects.filter(action="auth.token_revoke", result="refused").count() == 1


def test_revoking_an_unknown_account_is_not_found(personas):
    security = APIClient()
    security.force_authenticate(personas[Role.SECURITY_ADMIN])
    response = security.post("/api/v1/auth/token/revoke/", {"username": "nobody"})
    assert response.status_code == 404


def _verified(client, user):  # type: ignore[no-untyped-def]
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def test_the_security_admin_revokes_on_the_security_page(api, client, personas):
    reviewer = personas[Role.REVIEWER]
    key = _token_for(api, reviewer)
    _verified(client, personas[Role.SECURITY_ADMIN])
    assert b"security/revoke-tokens/" in client.get("/workbench/security/").content
    response = client.post("/workbench/security/revoke-tokens/", {"username": reviewer.username})
    assert response.status_code == 302
    assert _me(api, key).status_code == 401


def test_the_system_admin_cannot_revoke_on_the_security_page(api, client, personas):
    reviewer = personas[Role.REVIEWER]
    key = _token_for(api, reviewer)
    _verified(client, personas[Role.SYSTEM_ADMIN])
    response = client.post("/workbench/security/revoke-tokens/", {"username": reviewer.username})
    assert response.status_code == 403
    assert _me(api, key).status_code == 200


def test_the_service_refuses_without_the_security_permission(personas):
    with pytest.raises(NotPermitted):
        tokens.token_revoke(actor=personas[Role.SYSTEM_ADMIN], username="anyone")


def test_the_holder_gives_their_token_back(api, personas):
    key = _token_for(api, personas[Role.REVIEWER])
    response = api.delete("/api/v1/auth/token/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200 and response.json() == {"revoked": 1}
    assert _me(api, key).status_code == 401


def test_offboarding_revokes_tokens(api, personas):
    reviewer = personas[Role.REVIEWER]
    key = _token_for(api, reviewer)
    staff_lifecycle.user_offboard(actor=personas[Role.SYSTEM_ADMIN], user=reviewer)
    assert not Token.objects.filter(key=key).exists()
    assert _me(api, key).status_code == 401


def test_token_revoke_all_for_user_counts(personas):
    user = personas[Role.LEADER]
    assert tokens.token_revoke_all_for_user(user) == 0
    Token.objects.create(user=user)
    assert tokens.token_revoke_all_for_user(user) == 1
