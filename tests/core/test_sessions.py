"""Signed-in sessions (core/sessions.py; 等保2.0 level 3, DOMAIN.md §6).

Rules: every sign-in is recorded (device, address, time) and listed to its holder alone; the
holder ends one session or all the others, never someone else's (not found); only the
security administrator ends every session of another staff member, with a reason, audited;
an ended session's next request is signed out (the workbench's sign-in page, the API's 401).
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.factories import PASSWORD
from xiaoneng.core import sessions
from xiaoneng.core.errors import InvalidInput, NotFound, NotPermitted
from xiaoneng.core.models import AuditRecord, SignedInSession
from xiaoneng.core.roles import Role

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
WECHAT_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.49"
)


def signed_in(user, *, agent: str = CHROME_WINDOWS, ip: str = "10.1.2.3") -> Client:  # type: ignore[no-untyped-def]
    """A browser that signed in through the workbench's sign-in page."""
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/workbench/sign-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def verified_admin(user) -> Client:  # type: ignore[no-untyped-def]
    """An administrator's browser past the second factor."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def record_of(client: Client) -> SignedInSession:
    return SignedInSession.objects.get(session_id=client.session.session_key)


def is_signed_out(client: Client) -> bool:
    page = client.get("/workbench/")
    api = client.get("/api/v1/me/")
    return (
        page.status_code == 302
        and page["Location"].startswith("/workbench/sign-in/")
        and api.status_code == 401
    )


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (CHROME_WINDOWS, "Chrome · Windows"),
        (WECHAT_ANDROID, "WeChat · Android"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like "
            "Gecko) Version/17.5 Safari/605.1.15",
            "Safari · macOS",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge · Windows",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox · Linux",
        ),
        ("curl/8.5.0", ""),
        ("", ""),
    ],
)
def test_the_device_is_read_from_the_user_agent(agent, device):
    assert sessions.device_of(agent) == device


def test_a_sign_in_is_recorded_and_listed_to_its_holder(personas):
    reviewer = personas[Role.REVIEWER]
    browser = signed_in(reviewer)
    phone = signed_in(reviewer, agent=WECHAT_ANDROID, ip="10.9.9.9")
    browser.get("/workbench/")  # an activity of the first session
    record = record_of(browser)
    assert (record.user, record.ip, record.user_agent) == (reviewer, "10.1.2.3", CHROME_WINDOWS)
    page = browser.get("/workbench/account/sessions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Chrome · Windows" in html and "WeChat · Android" in html and "10.9.9.9" in html
    assert html.count("This session") == 1
    listed = {row["device"]: row for row in phone.get("/api/v1/me/sessions/").json()["results"]}
    assert set(listed) == {"Chrome · Windows", "WeChat · Android"}
    assert listed["WeChat · Android"]["is_current"] and not listed["Chrome · Windows"]["is_current"]
    assert listed["Chrome · Windows"]["last_activity_at"] is not None
    assert (
        "session_key" not in str(listed)
        and record.session_id not in phone.get("/api/v1/me/sessions/").content.decode()
    )


def test_others_do_not_see_ones_sessions(personas):
    signed_in(personas[Role.REVIEWER])
    other = signed_in(personas[Role.LEADER])
    assert len(other.get("/api/v1/me/sessions/").json()["results"]) == 1


def test_the_holder_ends_another_of_their_sessions_on_the_page(personas):
    reviewer = personas[Role.REVIEWER]
    left_open = signed_in(reviewer, ip="10.0.0.7")
    here = signed_in(reviewer)
    response = here.post(f"/workbench/account/sessions/{record_of(left_open).pk}/end/")
    assert response.status_code == 302
    assert is_signed_out(left_open)
    assert here.get("/workbench/").status_code == 200
    assert AuditRecord.objects.filter(action="auth.session_end", actor=reviewer).count() == 1


def test_the_holder_ends_another_of_their_sessions_on_the_api(personas):
    reviewer = personas[Role.REVIEWER]
    left_open = signed_in(reviewer)
    api = APIClient()
    api.force_authenticate(reviewer)
    response = api.delete(f"/api/v1/me/sessions/{record_of(left_open).pk}/")
    assert response.status_code == 200 and response.json() == {"ended": 1}
    assert is_signed_out(left_open)


def test_ending_all_other_sessions_keeps_this_one(personas):
    reviewer = personas[Role.REVIEWER]
    others = [signed_in(reviewer), signed_in(reviewer, agent=WECHAT_ANDROID)]
    here = signed_in(reviewer)
    stranger = signed_in(personas[Role.LEADER])
    assert here.post("/workbench/account/sessions/end-others/").status_code == 302
    assert all(is_signed_out(c) for c in others)
    assert here.get("/workbench/").status_code == 200
    assert stranger.get("/workbench/").status_code == 200
    # on the API: the same, from the session making the request
    again = signed_in(reviewer)
    answer = here.post("/api/v1/me/sessions/revoke-others/", HTTP_X_CSRFTOKEN=_csrf(here))
    assert answer.status_code == 200 and answer.json() == {"ended": 1}
    assert is_signed_out(again) and here.get("/workbench/").status_code == 200


def _csrf(client: Client) -> str:
    client.get("/workbench/account/sessions/")
    return client.cookies["csrftoken"].value


def test_with_a_token_every_session_is_an_other_one(personas):
    reviewer = personas[Role.REVIEWER]
    browser = signed_in(reviewer)
    key = (
        APIClient()
        .post("/api/v1/auth/token/", {"username": reviewer.username, "password": PASSWORD})
        .json()["token"]
    )
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert not any(row["is_current"] for row in api.get("/api/v1/me/sessions/").json()["results"])
    assert api.post("/api/v1/me/sessions/revoke-others/").json() == {"ended": 1}
    assert is_signed_out(browser)
    assert api.get("/api/v1/me/").status_code == 200  # the token is not a session


def test_no_one_ends_someone_elses_session(personas):
    """Not found on the page, on the API and in the service; the session stays open."""
    victim = signed_in(personas[Role.REVIEWER])
    target = record_of(victim).pk
    intruder = personas[Role.LEADER]
    page = signed_in(intruder).post(f"/workbench/account/sessions/{target}/end/")
    assert page.status_code == 404
    api = APIClient()
    api.force_authenticate(intruder)
    assert api.delete(f"/api/v1/me/sessions/{target}/").status_code == 404
    with pytest.raises(NotFound):
        sessions.session_end(actor=intruder, session_id=target)
    assert victim.get("/workbench/").status_code == 200


def test_an_unknown_session_is_not_found(personas):
    api = APIClient()
    api.force_authenticate(personas[Role.REVIEWER])
    response = api.delete("/api/v1/me/sessions/987654/")
    assert response.status_code == 404 and response.json()["errors"][0]["field"] == "session"


def test_signing_out_ends_the_record(personas):
    browser = signed_in(personas[Role.REVIEWER])
    key = browser.session.session_key
    browser.post("/workbench/sign-out/")
    assert not SignedInSession.objects.filter(session_id=key).exists()


def test_a_password_change_keeps_the_session_listed(personas):
    """Django gives the session a new key; the record follows it (core/session_store.py)."""
    reviewer = personas[Role.REVIEWER]
    browser = signed_in(reviewer)
    old_key = browser.session.session_key
    response = browser.post(
        "/workbench/account/password/",
        {
            "old_password": PASSWORD,
            "new_password": "Jiangzhou@2027xn",
            "new_password_again": "Jiangzhou@2027xn",
        },
    )
    assert response.status_code == 302
    assert browser.session.session_key != old_key
    rows = browser.get("/api/v1/me/sessions/").json()["results"]
    assert [row["is_current"] for row in rows] == [True]


# --- the security administrator -----------------------------------------------------------------


def test_the_security_administrator_ends_a_staff_members_sessions_on_the_page(personas):
    reviewer = personas[Role.REVIEWER]
    browsers = [signed_in(reviewer), signed_in(reviewer, agent=WECHAT_ANDROID)]
    security = verified_admin(personas[Role.SECURITY_ADMIN])
    assert b"security/end-sessions/" in security.get("/workbench/security/").content
    response = security.post(
        "/workbench/security/end-sessions/",
        {"username": reviewer.username, "reason": "工作电脑遗失"},
        follow=True,
    )
    assert f"Sessions of {reviewer.username} ended: 2." in response.content.decode()
    assert all(is_signed_out(b) for b in browsers)
    record = AuditRecord.objects.get(action="auth.session_revoke", result="ok")
    assert record.detail == {"reason": "工作电脑遗失", "ended": 2}
    assert record.object_id == str(reviewer.pk)


def test_the_security_administrator_ends_a_staff_members_sessions_on_the_api(personas):
    reviewer = personas[Role.REVIEWER]
    browser = signed_in(reviewer)
    api = APIClient()
    api.force_authenticate(personas[Role.SECURITY_ADMIN])
    url = f"/api/v1/staff/{reviewer.pk}/sessions/revoke/"
    assert api.post(url, {}, format="json").status_code == 400  # the reason is required
    response = api.post(url, {"reason": "账号疑似被盗用"}, format="json")
    assert response.status_code == 200 and response.json() == {"ended": 1}
    assert is_signed_out(browser)
    assert api.post("/api/v1/staff/987654/sessions/revoke/", {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN])
def test_other_administrators_cannot_end_someone_elses_sessions(personas, role):
    reviewer = personas[Role.REVIEWER]
    browser = signed_in(reviewer)
    page = verified_admin(personas[role]).post(
        "/workbench/security/end-sessions/", {"username": reviewer.username, "reason": "x"}
    )
    assert page.status_code == 403
    api = APIClient()
    api.force_authenticate(personas[role])
    answer = api.post(f"/api/v1/staff/{reviewer.pk}/sessions/revoke/", {"reason": "x"})
    assert answer.status_code == 403
    assert browser.get("/workbench/").status_code == 200
    refused = AuditRecord.objects.get(action="auth.session_revoke", result="refused")
    assert refused.actor == personas[role]


@pytest.mark.parametrize("role", [Role.LEADER, Role.REVIEWER, Role.EFFICIENCY_SUPERVISOR])
def test_business_staff_cannot_end_someone_elses_sessions(personas, role):
    target = personas[Role.WINDOW_CLERK]
    browser = signed_in(target)
    page = signed_in(personas[role]).post(
        "/workbench/security/end-sessions/", {"username": target.username, "reason": "x"}
    )
    assert page.status_code == 403
    api = APIClient()
    api.force_authenticate(personas[role])
    assert (
        api.post(f"/api/v1/staff/{target.pk}/sessions/revoke/", {"reason": "x"}).status_code == 403
    )
    with pytest.raises(NotPermitted):
        sessions.staff_sessions_end(actor=personas[role], user=target, reason="x")
    assert browser.get("/workbench/").status_code == 200


@pytest.mark.parametrize(
    ("reason", "field"), [("", "reason"), ("  ", "reason"), ("x" * 201, "reason")]
)
def test_the_reason_is_required(personas, reason, field):
    with pytest.raises(InvalidInput) as refused:
        sessions.staff_sessions_end(
            actor=personas[Role.SECURITY_ADMIN], user=personas[Role.REVIEWER], reason=reason
        )
    assert refused.value.field == field


def test_the_security_administrator_ends_their_own_sessions_on_their_account_page(personas):
    security = personas[Role.SECURITY_ADMIN]
    with pytest.raises(InvalidInput):
        sessions.staff_sessions_end(actor=security, user=security, reason="x")


def test_sessions_from_before_the_record_are_ended_too(personas):
    """A session without a record (signed in before this feature) still ends."""
    reviewer = personas[Role.REVIEWER]
    browser = signed_in(reviewer)
    key = browser.session.session_key
    SignedInSession.objects.all().delete()
    ended = sessions.staff_sessions_end(
        actor=personas[Role.SECURITY_ADMIN], user=reviewer, reason="清理"
    )
    assert ended == 1 and is_signed_out(browser)
    assert not Session.objects.filter(session_key=key).exists()


def test_the_security_administrator_of_another_city_cannot_end_sessions_here(
    personas, make_user, org_tree
):
    """The security administrator acts within their own government (core/access.py)."""
    reviewer = personas[Role.REVIEWER]
    browser = signed_in(reviewer)
    elsewhere = make_user(Role.SECURITY_ADMIN, organization=org_tree.other_city)
    page = verified_admin(elsewhere).post(
        "/workbench/security/end-sessions/",
        {"username": reviewer.username, "reason": "x"},
        follow=True,
    )
    assert "Only the security administrator" in page.content.decode()
    api = APIClient()
    api.force_authenticate(elsewhere)
    answer = api.post(f"/api/v1/staff/{reviewer.pk}/sessions/revoke/", {"reason": "x"})
    assert answer.status_code == 403
    assert browser.get("/workbench/").status_code == 200
