"""Templates: the system administrator edits the wording; unknown placeholders are refused with
a field error (HTML and API); nobody else may edit; the default comes back on reset."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.notifications import notify
from xiaoneng.core.roles import Role
from xiaoneng.notifications import services
from xiaoneng.notifications.defaults import DEFAULT_TEMPLATES
from xiaoneng.notifications.kinds import PLACEHOLDERS, Channel, MessageKind
from xiaoneng.notifications.models import MessageTemplate
from xiaoneng.notifications.rendering import render, template_validate

pytestmark = pytest.mark.django_db

URL = "/workbench/notifications/templates/case_accepted/in_site/"
API = "/api/v1/notifications/templates/case_accepted/in_site/"


def sign_in_admin(client, user):  # type: ignore[no-untyped-def]
    """The system administrator, past the TOTP second factor (等保2.0)."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def test_every_default_uses_only_its_kinds_placeholders():
    assert set(DEFAULT_TEMPLATES) == {(k, c) for k in MessageKind.values for c in Channel.values}
    for (kind, channel), (subject, body) in DEFAULT_TEMPLATES.items():
        template_validate(kind=kind, channel=channel, subject=subject, body=body)


@pytest.mark.parametrize(
    ("subject", "body", "field", "reason"),
    [
        ("受理 {case_number}", "您好 {applicant}", "body", "{applicant}"),  # unknown name
        ("受理 {due_on.year}", "x", "subject", "{due_on.year}"),  # attribute access
        ("受理", "{case_number!r}", "body", "{case_number!r}"),  # conversion
        ("受理", "{due_on:%Y}", "body", "{due_on:%Y}"),  # format spec
        ("受理", "括号 { 未闭合", "body", "{{"),  # unbalanced brace
        ("受理", "  ", "body", ""),  # empty text
        ("", "正文", "subject", ""),  # e-mail and in-site need a subject
    ],
)
def test_placeholder_rules(subject, body, field, reason):
    with pytest.raises(InvalidInput) as caught:
        template_validate(
            kind=MessageKind.CASE_ACCEPTED, channel=Channel.IN_SITE, subject=subject, body=body
        )
    assert caught.value.field == field and reason in str(caught.value.message)


def test_literal_braces_and_missing_values_render():
    assert render(MessageKind.ALERT, Channel.SMS, {"title": "{x}"}) == (
        "",
        "【政务服务效能平台】{x}",
    )


def test_saved_template_is_used_and_reset_brings_the_default_back(personas, make_user, org_tree):
    admin = personas[Role.SYSTEM_ADMIN]
    services.template_save(
        actor=admin,
        kind=MessageKind.ALERT,
        channel=Channel.IN_SITE,
        subject="提醒：{title}",
        body="{body}！",
    )
    reviewer = make_user(Role.REVIEWER, organization=org_tree.department)
    [first] = notify(recipients=[reviewer], title="超期", body="请办理", dedupe_key="a")
    assert (first.title, first.body) == ("提醒：超期", "请办理！")
    services.template_reset(actor=admin, kind=MessageKind.ALERT, channel=Channel.IN_SITE)
    [second] = notify(recipients=[reviewer], title="超期", body="请办理", dedupe_key="b")
    assert (second.title, second.body) == ("超期", "请办理")


def test_html_unknown_placeholder_is_a_field_error(client, personas):
    sign_in_admin(client, personas[Role.SYSTEM_ADMIN])
    page = client.get(URL)
    assert page.status_code == 200 and "{case_number}" in page.content.decode()
    response = client.post(URL, {"subject": "已受理", "body": "{applicant_nam} 您好"})
    assert response.status_code == 200
    assert "{applicant_nam}" in response.context["form"].errors["body"][0]
    assert not MessageTemplate.objects.exists()
    response = client.post(
        URL, {"subject": "已受理 {case_number}", "body": "{applicant_name} 您好"}
    )
    assert response.status_code == 302
    assert MessageTemplate.objects.get().body == "{applicant_name} 您好"
    assert client.get("/workbench/notifications/templates/").status_code == 200
    assert client.post(URL, {"reset": "1"}).status_code == 302
    assert not MessageTemplate.objects.exists()


def test_api_templates_crud_and_field_error(personas):
    api = APIClient()
    api.force_authenticate(personas[Role.SYSTEM_ADMIN])
    listing = api.get("/api/v1/notifications/templates/")
    assert listing.status_code == 200 and len(listing.json()) == len(DEFAULT_TEMPLATES)
    bad = api.put(API, {"subject": "x", "body": "{nope}"}, format="json")
    assert bad.status_code == 400
    assert (
        bad.json()["errors"][0]["field"] == "body" and "{nope}" in bad.json()["errors"][0]["reason"]
    )
    good = api.put(API, {"subject": "受理 {case_number}", "body": "{item_name}"}, format="json")
    assert good.status_code == 200 and good.json()["is_default"] is False
    assert good.json()["placeholders"] == list(PLACEHOLDERS[MessageKind.CASE_ACCEPTED])
    assert api.get(API).json()["body"] == "{item_name}"
    assert api.delete(API).status_code == 204
    assert api.get(API).json()["is_default"] is True
    assert api.get("/api/v1/notifications/templates/nope/in_site/").status_code == 404


@pytest.mark.parametrize(
    "role", [Role.REVIEWER, Role.EFFICIENCY_SUPERVISOR, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN]
)
def test_nobody_else_edits_templates(client, personas, role):
    user = personas[role]
    if role in (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        sign_in_admin(client, user)
    else:
        client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"subject": "x", "body": "y"}).status_code == 403
    assert client.get("/workbench/notifications/templates/").status_code == 403
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/v1/notifications/templates/").status_code == 403
    assert api.put(API, {"subject": "x", "body": "y"}, format="json").status_code == 403
    assert api.delete(API).status_code == 403
    with pytest.raises(NotPermitted):
        services.template_save(actor=user, kind="alert", channel="sms", subject="", body="x")
    assert not MessageTemplate.objects.exists()
