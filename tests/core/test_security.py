"""Security basics (等保2.0 level 3, DOMAIN.md §6): passwords, lock-out, idle timeout, 2FA, 三员分立."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import PASSWORD
from xiaoneng.core import services
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Abcdef1!", True),  # 4 classes, 8 chars
        ("abcdef12", False),  # 2 classes
        ("Abcdefgh", False),  # 2 classes
        ("Qwzrtk71", True),  # 3 classes
        ("Ab1!", False),  # too short
        ("xiaoneng#2026", True),  # lower, digit, symbol
    ],
)
def test_password_policy(org_tree, password, ok):
    call = lambda: services.user_create(  # noqa: E731
        actor=None,
        username="p1",
        password=password,
        real_name="测试",
        organization=org_tree.department,
    )
    if ok:
        assert call().check_password(password)
    else:
        with pytest.raises(InvalidInput) as error:
            call()
        assert error.value.field == "password"


@pytest.mark.parametrize(
    ("roles", "ok"),
    [
        ([Role.SYSTEM_ADMIN], True),
        ([Role.AUDIT_ADMIN], True),
        ([Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN], False),
        ([Role.SECURITY_ADMIN, Role.REVIEWER], False),
        ([Role.REVIEWER, Role.DEPARTMENT_HEAD], True),
        (["no_such_role"], False),
    ],
)
def test_three_administrators_are_kept_apart(org_tree, roles, ok):
    call = lambda: services.user_create(  # noqa: E731
        actor=None,
        username="a1",
        password="Abcdef1!",
        real_name="测试",
        organization=org_tree.efficiency_office,
        roles=roles,
    )
    if ok:
        assert set(call().role_set) == set(roles)
    else:
        with pytest.raises(InvalidInput) as error:
            call()
        assert error.value.field == "roles"


def test_lock_out_after_five_failures_even_with_the_right_password(client, personas):
    user = personas[Role.REVIEWER]
    for _ in range(5):
        client.post("/workbench/sign-in/", {"username": user.username, "password": "Wrong-pass1"})
    response = client.post("/workbench/sign-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditRecord.objects.filter(action="auth.sign_in", result="failed").count() >= 5


def test_sign_in_and_out_are_audited(client, personas):
    user = personas[Role.REVIEWER]
    response = client.post("/workbench/sign-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    client.post("/workbench/sign-out/")
    actions = list(AuditRecord.objects.filter(actor=user).values_list("action", flat=True))
    assert actions[-2:] == ["auth.sign_in", "auth.sign_out"]


def test_idle_session_is_signed_out_after_30_minutes(client, personas):
    client.force_login(personas[Role.REVIEWER])
    assert client.get("/workbench/").status_code == 200
    session = client.session
    session["last_activity"] = time.time() - 31 * 60
    session.save()
    response = client.get("/workbench/")
    assert response.status_code == 302 and "idle=1" in response["Location"]


def test_expired_password_must_be_changed_first(client, personas):
    user = personas[Role.REVIEWER]
    user.password_changed_at = timezone.now() - timedelta(days=91)
    user.save()
    client.force_login(user)
    response = client.get("/workbench/")
    assert response.status_code == 302 and response["Location"].endswith("/account/password/")


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_administrators_must_pass_a_second_factor(client, personas, role):
    client.force_login(personas[role])
    response = client.get("/workbench/")
    assert response.status_code == 302 and "two-factor" in response["Location"]


def test_business_roles_need_no_second_factor(client, personas):
    client.force_login(personas[Role.REVIEWER])
    assert client.get("/workbench/").status_code == 200


def test_password_change_rejects_weak_and_reused_passwords(client, personas):
    user = personas[Role.REVIEWER]
    client.force_login(user)
    url = "/workbench/account/password/"
    weak = {"old_password": PASSWORD, "new_password": "abc", "new_password_again": "abc"}
    assert "new_password" in client.post(url, weak).context["form"].errors
    same = {"old_password": PASSWORD, "new_password": PASSWORD, "new_password_again": PASSWORD}
    assert "new_password" in client.post(url, same).context["form"].errors
    good = {
        "old_password": PASSWORD,
        "new_password": "Better#2027",
        "new_password_again": "Better#2027",
    }
    assert client.post(url, good).status_code == 302
    user.refresh_from_db()
    assert user.check_password("Better#2027")


def _run_with_production_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XIAONENG_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="xiaoneng.config.settings.production")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "xiaoneng",
            "check",
            "--deploy",
            "--tag",
            "security",
            "--fail-level",
            "WARNING",
        ],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_with_production_settings({"XIAONENG_ALLOWED_HOSTS": "example.gov.cn"})
    assert result.returncode != 0
    assert "XIAONENG_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run_with_production_settings(
        {"XIAONENG_SECRET_KEY": "k" * 60, "XIAONENG_AUDIT_KEY": "a" * 40}
    )
    assert result.returncode != 0
    assert "XIAONENG_ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize(
    "audit_key",
    [None, "too-short-for-a-seal"],
    ids=["missing", "shorter than 32 characters"],
)
def test_production_refuses_to_start_without_a_proper_audit_key(audit_key):
    """The audit seal's key lives outside the database and is required (ADR 0006)."""
    env = {"XIAONENG_SECRET_KEY": "k" * 60, "XIAONENG_ALLOWED_HOSTS": "example.gov.cn"}
    if audit_key is not None:
        env["XIAONENG_AUDIT_KEY"] = audit_key
    result = _run_with_production_settings(env)
    assert result.returncode != 0
    assert "XIAONENG_AUDIT_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _run_with_production_settings(
        {
            "XIAONENG_SECRET_KEY": "a-long-random-secret-Qm3vT8wLp2ZsK7dR4nXj6HcY9bGf5UeA1oIi0",
            "XIAONENG_AUDIT_KEY": "another-long-random-key-Jq8Ws2Lm5Xe9Rt4Yb7Nc",
            "XIAONENG_ALLOWED_HOSTS": "xiaoneng.example.gov.cn",
            "XIAONENG_VAR_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
