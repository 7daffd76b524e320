"""Own messages (HTML and API): nobody sees another's; mark read; opt-outs; the delivery log
for the system administrator only, filtered by status."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from tests.notifications.test_templates import sign_in_admin
from xiaoneng.core.models import UserKind
from xiaoneng.core.notifications import notify
from xiaoneng.core.roles import Role
from xiaoneng.notifications.models import DeliveryStatus, Message, Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(org_tree, make_user):  # type: ignore[no-untyped-def]
    me = make_user(Role.REVIEWER, organization=org_tree.department)
    other = make_user(Role.REVIEWER, organization=org_tree.department)
    notify(recipients=[me], title="给我的", dedupe_key="mine")
    notify(recipients=[other], title="别人的秘密", dedupe_key="theirs")
    return me, other


def test_html_inbox_shows_only_own_messages_and_marks_read(client, two):
    me, other = two
    client.force_login(me)
    page = client.get("/workbench/notifications/").content.decode()
    assert "给我的" in page and "别人的秘密" not in page
    assert client.post("/workbench/notifications/read/").status_code == 302
    assert not me.notifications.filter(read_at__isnull=True).exists()
    assert other.notifications.filter(read_at__isnull=True).exists()


def test_api_lists_own_messages_and_cannot_touch_others(two):
    me, other = two
    api = APIClient()
    api.force_authenticate(me)
    listing = api.get("/api/v1/notifications/").json()
    assert [row["title"] for row in listing["results"]] == ["给我的"]
    theirs = other.notifications.get()
    assert api.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert api.post("/api/v1/notifications/read/", {"ids": [theirs.pk]}, format="json").json() == {
        "marked": 0
    }
    theirs.refresh_from_db()
    assert theirs.read_at is None
    mine = me.notifications.get()
    assert api.post(f"/api/v1/notifications/{mine.pk}/read/").json() == {"marked": 1}
    assert api.get("/api/v1/notifications/?unread=1").json()["count"] == 0
    assert api.post("/api/v1/notifications/read/", {"ids": ["x"]}, format="json").status_code == 400


def test_preferences_html_and_api(client, two):
    me, _other = two
    client.force_login(me)
    assert (
        client.post("/workbench/notifications/preferences/", {"sms_opt_out": "on"}).status_code
        == 302
    )
    assert Preference.objects.get(user=me).sms_opt_out is True
    api = APIClient()
    api.force_authenticate(me)
    assert api.get("/api/v1/notifications/preferences/").json() == {
        "email_opt_out": False,
        "sms_opt_out": True,
    }
    changed = api.put(
        "/api/v1/notifications/preferences/",
        {"email_opt_out": True, "sms_opt_out": False},
        format="json",
    )
    assert changed.status_code == 200 and Preference.objects.get(user=me).email_opt_out is True


def test_delivery_log_for_the_system_administrator_filtered_by_status(client, personas, two):
    Message.objects.filter(dedupe_key="theirs").update(
        status=DeliveryStatus.FAILED, last_error="SMS gateway answered HTTP 500"
    )
    admin = personas[Role.SYSTEM_ADMIN]
    sign_in_admin(client, admin)
    page = client.get("/workbench/notifications/log/?status=failed").content.decode()
    assert "别人的秘密" in page and "HTTP 500" in page and "给我的" not in page
    api = APIClient()
    api.force_authenticate(admin)
    failed = api.get("/api/v1/notifications/deliveries/?status=failed").json()
    assert [(r["subject"], r["status"]) for r in failed["results"]] == [("别人的秘密", "failed")]
    assert api.get("/api/v1/notifications/deliveries/?status=lost").status_code == 400


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.EFFICIENCY_SUPERVISOR, Role.AUDIT_ADMIN])
def test_delivery_log_refused_to_others(client, personas, two, role):
    user = personas[role]
    if role == Role.AUDIT_ADMIN:
        sign_in_admin(client, user)
    else:
        client.force_login(user)
    assert client.get("/workbench/notifications/log/").status_code == 403
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/v1/notifications/deliveries/").status_code == 403


def test_sms_numbers_are_masked_in_the_log(personas, org_tree, make_user, settings):
    settings.NOTIFICATION_CHANNELS = ["in_site", "sms"]
    reviewer = make_user(Role.REVIEWER, organization=org_tree.department, phone="13812345678")
    notify(recipients=[reviewer], title="t", dedupe_key="m")
    api = APIClient()
    api.force_authenticate(personas[Role.SYSTEM_ADMIN])
    rows = api.get("/api/v1/notifications/deliveries/?channel=sms").json()["results"]
    assert rows[0]["address"] != "13812345678" and rows[0]["address"].endswith("5678")


def test_portal_inbox_and_preferences_for_the_applicant(client, org_tree, make_user):
    applicant = make_user(organization=None, kind=UserKind.APPLICANT)
    stranger = make_user(organization=None, kind=UserKind.APPLICANT)
    notify(recipients=[applicant], title="您的申请已受理", dedupe_key="a")
    notify(recipients=[stranger], title="别人的申请", dedupe_key="b")
    assert client.get("/notifications/").status_code == 302  # sign in first
    client.force_login(applicant)
    page = client.get("/notifications/").content.decode()
    assert "您的申请已受理" in page and "别人的申请" not in page
    assert client.post("/notifications/read/").status_code == 302
    assert not applicant.notifications.filter(read_at__isnull=True).exists()
    assert stranger.notifications.filter(read_at__isnull=True).exists()
    assert client.post("/notifications/preferences/", {"email_opt_out": "on"}).status_code == 302
    assert Preference.objects.get(user=applicant).email_opt_out is True


def test_the_header_links_to_the_inbox_with_the_own_unread_count(client, two):
    me, _other = two
    notify(recipients=[me], title="第二条", dedupe_key="mine-2")
    client.force_login(me)
    page = client.get("/workbench/").content.decode()
    assert '<a href="/workbench/notifications/" class="badge-link">' in page
    assert re.search(r'<span class="badge" aria-label="[^"]+">2</span>', page)
    client.post("/workbench/notifications/read/")
    assert 'class="badge"' not in client.get("/workbench/").content.decode()
