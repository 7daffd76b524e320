"""Workbench administration pages: forms give field errors, never a 500; roles respected."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Role


def login_admin(client, user):  # type: ignore[no-untyped-def]
    """Sign in an administrator who has passed the TOTP second factor."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def test_system_admin_creates_an_organization(client, personas, org_tree):
    login_admin(client, personas[Role.SYSTEM_ADMIN])
    response = client.post(
        "/workbench/organizations/new/",
        {
            "name": "江州市数据局",
            "kind": "department",
            "level": 3,
            "parent": org_tree.city.pk,
        },
    )
    assert response.status_code == 302
    assert Organization.objects.get(name="江州市数据局").parent == org_tree.city


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "kind": "department", "level": 3}, "name"),
        ({"name": "x", "kind": "ufo", "level": 3}, "kind"),
        ({"name": "x", "kind": "department", "level": 3, "credit_code": "ABC"}, "credit_code"),
        ({"name": "x", "kind": "department", "level": 3, "region_code": "12"}, "region_code"),
        (
            {"name": "江州市市场监督管理局", "kind": "department", "level": 3, "parent": "PARENT"},
            "name",
        ),
    ],
)
def test_organization_form_errors(client, personas, org_tree, data, field):
    login_admin(client, personas[Role.SYSTEM_ADMIN])
    data = {k: (org_tree.city.pk if v == "PARENT" else v) for k, v in data.items()}
    response = client.post("/workbench/organizations/new/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_system_admin_creates_staff_and_roles_stay_apart(client, personas, org_tree):
    login_admin(client, personas[Role.SYSTEM_ADMIN])
    base = {
        "username": "newclerk",
        "real_name": "新窗口",
        "organization": org_tree.service_centre.pk,
        "password": "Window#2026",
    }
    response = client.post("/workbench/staff/new/", {**base, "roles": ["system_admin", "reviewer"]})
    assert "roles" in response.context["form"].errors
    response = client.post("/workbench/staff/new/", {**base, "roles": ["window_clerk"]})
    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    assert user.role_set == {"window_clerk"}
    response = client.post(
        f"/workbench/staff/{user.pk}/roles/", {"roles": ["audit_admin", "security_admin"]}
    )
    assert "roles" in response.context["form"].errors


def test_weak_initial_password_is_a_field_error(client, personas, org_tree):
    login_admin(client, personas[Role.SYSTEM_ADMIN])
    response = client.post(
        "/workbench/staff/new/",
        {
            "username": "weak",
            "real_name": "弱",
            "organization": org_tree.department.pk,
            "password": "12345678",
        },
    )
    assert "password" in response.context["form"].errors


@pytest.mark.parametrize(
    "url",
    [
        "/workbench/staff/new/",
        "/workbench/organizations/new/",
        "/workbench/audit/",
        "/workbench/security/",
    ],
)
def test_business_roles_cannot_open_administration_pages(client, personas, url):
    client.force_login(personas[Role.DEPARTMENT_HEAD])
    assert client.get(url).status_code == 403


def test_audit_admin_reads_verifies_and_exports_the_trail(
    client, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the sign-in's checkpoint
        login_admin(client, personas[Role.AUDIT_ADMIN])
    response = client.get("/workbench/audit/?verify=1")
    assert response.status_code == 200 and response.context["chain_break"] is None
    response = client.get("/workbench/audit/?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_system_admin_cannot_read_the_audit_trail(client, personas):
    login_admin(client, personas[Role.SYSTEM_ADMIN])
    assert client.get("/workbench/audit/").status_code == 403


def test_security_admin_unlocks_an_account(client, personas):
    reviewer = personas[Role.REVIEWER]
    for _ in range(5):
        client.post("/workbench/sign-in/", {"username": reviewer.username, "password": "Bad-pass1"})
    login_admin(client, personas[Role.SECURITY_ADMIN])
    page = client.get("/workbench/security/")
    assert reviewer.username in page.content.decode()
    client.post("/workbench/security/unlock/", {"username": reviewer.username})
    client.logout()
    response = client.post(
        "/workbench/sign-in/", {"username": reviewer.username, "password": "Test@2026xn"}
    )
    assert response.status_code == 302


def test_applicant_signs_up_with_a_validated_id(client, db):
    data = {
        "kind": "natural",
        "name": "张三",
        "id_number": "11010519491231002X",
        "phone": "13912345678",
        "username": "zhangsan",
        "password": "Zhang#2026",
        "password_again": "Zhang#2026",
    }
    bad = client.post("/sign-up/", {**data, "id_number": "110105194912310021"})
    assert "id_number" in bad.context["form"].errors
    assert client.post("/sign-up/", data).status_code == 302
    assert User.objects.get(username="zhangsan").applicant.id_number == "11010519491231002X"
