"""Unified sign-in (OpenID Connect) against a real provider in its own process.

The provider is django-oauth-toolkit (tests/oidc_provider), started here on a free port, as a
city's unified identity platform would be on its own server; xiaoneng runs as the live server.
Every hop is real HTTP: authorization with PKCE, the provider's sign-in form, the code exchange,
the RS256 ID token checked against the provider's published keys, the userinfo call.
"""

from __future__ import annotations

import re

import pytest
import requests
from django.test import RequestFactory

from tests.oidc_provider.fixtures import CITIZEN_ID, PASSWORD
from xiaoneng.core.models import Applicant, ApplicantKind, AuditRecord, User, UserKind
from xiaoneng.core.roles import Role
from xiaoneng.core.sso import ApplicantOIDCBackend, StaffOIDCBackend


def _sign_in_through_platform(
    base: str, realm: str, username: str, session: requests.Session | None = None
) -> tuple[requests.Session, requests.Response]:
    """Start at xiaoneng, sign in on the platform's own form, follow it back."""
    session = session or requests.Session()
    page = session.get(f"{base}/sso/{realm}/start/", timeout=20)
    assert "统一身份认证平台" in page.text, page.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    nxt = re.search(r'name="next" value="([^"]*)"', page.text)
    assert token and nxt
    response = session.post(
        page.url,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": PASSWORD,
            "next": nxt.group(1).replace("&amp;", "&"),
        },
        headers={"Referer": page.url},
        timeout=30,
    )
    return session, response


def _me(base: str, session: requests.Session) -> dict[str, object] | None:
    response = session.get(f"{base}/api/v1/me/", timeout=10)
    return response.json() if response.status_code == 200 else None


def test_staff_sign_in_through_the_platform(realms, live_server, org_tree, make_user):
    user = make_user(Role.REVIEWER, organization=org_tree.department, username="liwei")
    session, response = _sign_in_through_platform(live_server.url, "staff", "liwei")
    assert response.status_code == 200 and response.url == f"{live_server.url}/workbench/"
    me = _me(live_server.url, session)
    assert me is not None and me["username"] == "liwei"
    assert AuditRecord.objects.filter(action="auth.sign_in", actor_id=user.pk).exists()


@pytest.mark.parametrize(
    ("username", "set_up", "reason"),
    [
        ("stranger", None, "no onboarded staff account"),
        ("sysadmin", "admin", "administrators sign in locally"),
        ("leaver", "offboarded", "deactivated"),
    ],
    ids=["not onboarded", "an administrator", "offboarded"],
)
def test_staff_sign_in_is_refused(
    realms, live_server, org_tree, make_user, username, set_up, reason
):
    """The platform never creates staff, never replaces an administrator's second factor, and
    never revives a deactivated account."""
    if set_up == "admin":
        make_user(Role.SYSTEM_ADMIN, organization=org_tree.city, username=username)
    elif set_up == "offboarded":
        make_user(
            Role.REVIEWER, organization=org_tree.department, username=username, is_active=False
        )
    session, response = _sign_in_through_platform(live_server.url, "staff", username)
    assert response.url.startswith(f"{live_server.url}/workbench/sign-in/?sso=failed")
    assert _me(live_server.url, session) is None
    refusal = AuditRecord.objects.filter(action="auth.sso_refused").last()
    assert refusal is not None and refusal.result == "refused"
    assert reason in refusal.detail["reason"] and refusal.detail["realm"] == "staff"
    assert (
        not User.objects.filter(username=username, kind=UserKind.STAFF, is_active=True)
        .exclude(roles__role=Role.SYSTEM_ADMIN)
        .exists()
    )


def test_a_citizen_is_registered_on_first_sign_in_and_found_afterwards(realms, live_server):
    session, response = _sign_in_through_platform(live_server.url, "applicant", "zhangsan")
    assert response.status_code == 200 and response.url == f"{live_server.url}/"
    applicant = Applicant.objects.get(kind=ApplicantKind.NATURAL_PERSON, id_number=CITIZEN_ID)
    assert applicant.name == "张三" and applicant.account is not None
    assert (
        applicant.account.kind == UserKind.APPLICANT and not applicant.account.has_usable_password()
    )
    session.get(f"{live_server.url}/sign-out/", timeout=10)
    _, again = _sign_in_through_platform(live_server.url, "applicant", "zhangsan")
    assert again.url == f"{live_server.url}/"
    assert User.objects.filter(kind=UserKind.APPLICANT).count() == 1


def test_a_citizen_who_registered_locally_gets_the_same_account(realms, live_server):
    from xiaoneng.core.services import applicant_register

    local = applicant_register(
        kind=ApplicantKind.NATURAL_PERSON,
        name="张三",
        id_number=CITIZEN_ID,
        username="zhangsan-local",
        password="Local#Pass2026",
    )
    session, _ = _sign_in_through_platform(live_server.url, "applicant", "zhangsan")
    me = _me(live_server.url, session)
    assert me is not None and me["username"] == "zhangsan-local"
    assert local.account is not None and User.objects.filter(kind=UserKind.APPLICANT).count() == 1


def test_a_citizen_without_an_id_number_is_refused(realms, live_server):
    session, response = _sign_in_through_platform(live_server.url, "applicant", "noid")
    assert response.url.startswith(f"{live_server.url}/sign-in/?sso=failed")
    assert _me(live_server.url, session) is None
    assert not User.objects.filter(kind=UserKind.APPLICANT).exists()


def test_a_forged_callback_signs_no_one_in(realms, live_server, org_tree, make_user):
    make_user(Role.REVIEWER, organization=org_tree.department, username="liwei")
    session = requests.Session()
    response = session.get(
        f"{live_server.url}/sso/staff/callback/?code=forged&state=forged", timeout=10
    )
    assert response.url.startswith(f"{live_server.url}/workbench/sign-in/")
    assert _me(live_server.url, session) is None


def test_each_realm_answers_only_on_its_own_callback(settings):
    settings.OIDC_REALMS = {"staff": {"OIDC_RP_CLIENT_ID": "x"}, "applicant": {}}
    request = RequestFactory().get("/sso/applicant/callback/?code=c&state=s")
    request.session = {}  # type: ignore[attr-defined]
    staff = StaffOIDCBackend.__new__(StaffOIDCBackend)
    staff.configured = True
    assert staff.authenticate(request) is None
    assert ApplicantOIDCBackend().authenticate(request) is None  # not configured: never answers


def test_unconfigured_realms_are_off(client, db, settings):
    settings.OIDC_REALMS = {}
    assert client.get("/sso/staff/start/").status_code == 404
    assert client.get("/sso/applicant/callback/?code=a&state=b").status_code == 404
    page = client.get("/workbench/sign-in/")
    assert page.status_code == 200 and page.context["sso"] is None
    assert b"sso-sign-in" not in page.content


def test_sign_in_pages_offer_the_platform_when_configured(client, db, settings):
    settings.OIDC_REALMS = {"staff": {"LABEL": ""}, "applicant": {"LABEL": "江州市统一身份认证"}}
    page = client.get("/workbench/sign-in/")
    assert page.context["sso"]["url"] == "/sso/staff/start/"
    assert b'id="sso-sign-in"' in page.content
    portal = client.get("/sign-in/")
    assert "江州市统一身份认证" in portal.content.decode()


def test_password_sign_in_still_works_with_the_realms_configured(
    client, settings, org_tree, make_user
):
    """Django builds every backend for a password sign-in; configured realms must not get in the way."""
    settings.OIDC_REALMS = {
        "staff": {
            "OIDC_RP_CLIENT_ID": "x",
            "OIDC_RP_CLIENT_SECRET": "y",
            "OIDC_OP_TOKEN_ENDPOINT": "http://127.0.0.1:9/t",
            "OIDC_OP_USER_ENDPOINT": "http://127.0.0.1:9/u",
            "OIDC_OP_JWKS_ENDPOINT": "http://127.0.0.1:9/j",
            "OIDC_RP_SIGN_ALGO": "RS256",
        }
    }
    user = make_user(Role.REVIEWER, organization=org_tree.department, username="local")
    user.set_password("Local#Pass2026")
    user.save()
    response = client.post(
        "/workbench/sign-in/", {"username": "local", "password": "Local#Pass2026"}
    )
    assert response.status_code == 302
