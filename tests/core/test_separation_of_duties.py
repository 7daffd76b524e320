"""三员分立 (separation of the three administrators; 等保2.0 level 3, DOMAIN.md §6).

Rules: only the security administrator grants or revokes the system, security and audit
administrator roles, never on their own account; no account ever holds two of them; every
attempt, allowed or refused, is audited. The same on every door: service, workbench, API, Django
admin and the staff import.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from xiaoneng.core import onboarding, services
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import AuditRecord, User, UserRole
from xiaoneng.core.onboarding import STAFF_COLUMNS, workbook_for
from xiaoneng.core.roles import Role

SYS, SEC, AUD = Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN


@pytest.fixture
def plain(make_user, org_tree) -> User:  # type: ignore[no-untyped-def]
    """A staff account with no role yet."""
    return make_user(organization=org_tree.efficiency_office)


def _refusals(action: str) -> int:
    return AuditRecord.objects.filter(action=action, result="refused").count()


# --- the service: user_set_roles ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor_role", "target", "roles", "allowed"),
    [
        # only the security administrator grants an administrator role …
        (SYS, "plain", [SEC], False),
        (SYS, "plain", [AUD], False),
        (SYS, "plain", [SYS], False),
        (SEC, "plain", [AUD], True),
        (SEC, "plain", [SYS], True),
        (SEC, "plain", [SEC], True),
        # … and revokes one
        (SYS, AUD, [], False),
        (SEC, AUD, [], True),
        (SEC, SYS, [], True),
        # never on their own account
        (SEC, SEC, [], False),
        (SEC, SEC, [AUD], False),
        # business roles stay the system administrator's
        (SYS, "plain", [Role.REVIEWER], True),
        (SEC, "plain", [Role.REVIEWER], False),
        (AUD, "plain", [AUD], False),
    ],
)
def test_who_may_change_administrator_roles(personas, plain, actor_role, target, roles, allowed):  # type: ignore[no-untyped-def]
    actor = personas[actor_role]
    user = plain if target == "plain" else personas[target]
    before = set(user.role_set)
    if allowed:
        services.user_set_roles(actor=actor, user=user, roles=roles)
        assert set(User.objects.get(pk=user.pk).role_set) == set(roles)
        record = AuditRecord.objects.filter(action="user.set_roles", result="ok").last()
        assert record is not None and record.actor_id == actor.pk
    else:
        with pytest.raises(NotPermitted) as error:
            services.user_set_roles(actor=actor, user=user, roles=roles)
        assert set(User.objects.get(pk=user.pk).role_set) == before
        if (set(roles) ^ before) & {SYS, SEC, AUD}:
            assert error.value.field == "roles"
            refused = AuditRecord.objects.get(action="user.set_roles", result="refused")
            assert refused.actor_id == actor.pk and refused.object_id == str(user.pk)


def test_granting_to_a_business_account_needs_its_business_roles_gone_first(personas):
    reviewer = personas[Role.REVIEWER]
    with pytest.raises(NotPermitted):
        services.user_set_roles(actor=personas[SEC], user=reviewer, roles=[AUD])
    services.user_set_roles(actor=personas[SYS], user=reviewer, roles=[])
    services.user_set_roles(actor=personas[SEC], user=reviewer, roles=[AUD])
    assert User.objects.get(pk=reviewer.pk).role_set == {AUD}


@pytest.mark.parametrize("roles", [[SYS, AUD], [SEC, AUD], [SYS, SEC, AUD], [AUD, Role.REVIEWER]])
def test_no_account_holds_two_administrator_roles(personas, plain, roles):
    with pytest.raises(InvalidInput) as error:
        services.user_set_roles(actor=personas[SEC], user=plain, roles=roles)
    assert error.value.field == "roles"
    assert _refusals("user.set_roles") == 1
    assert not plain.roles.exists()


def test_the_database_keeps_one_administrator_role_per_account(plain):
    UserRole.objects.create(user=plain, role=SYS)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserRole.objects.create(user=plain, role=AUD)


# --- the service: user_create -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor_role", "roles", "allowed"),
    [
        (SYS, [SEC], False),
        (SYS, [AUD], False),
        (SYS, [SYS], False),
        (SEC, [AUD], False),  # the security administrator grants, the system one creates
        (SYS, [Role.REVIEWER], True),
        (SYS, [], True),
    ],
)
def test_who_may_create_an_account_with_a_role(personas, org_tree, actor_role, roles, allowed):
    def create() -> User:
        return services.user_create(
            actor=personas[actor_role],
            username="newcomer",
            password="Abcdef1!",
            real_name="新同事",
            organization=org_tree.efficiency_office,
            roles=roles,
        )

    if allowed:
        assert set(create().role_set) == set(roles)
    else:
        with pytest.raises(NotPermitted) as error:
            create()
        assert error.value.field == "roles"
        assert not User.objects.filter(username="newcomer").exists()
        refused = AuditRecord.objects.get(action="user.create", result="refused")
        assert refused.object_id == "newcomer" and refused.detail["roles"] == roles


def test_system_jobs_still_seed_the_first_administrators(org_tree):
    user = services.user_create(
        actor=None,
        username="first-admin",
        password="Abcdef1!",
        real_name="管理员",
        organization=org_tree.efficiency_office,
        roles=[SYS],
    )
    assert user.role_set == {SYS}


# --- the doors: workbench, API, Django admin, staff import --------------------------------------


def _verified(client, user):  # type: ignore[no-untyped-def]
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def test_workbench_system_admin_cannot_create_a_security_admin(client, personas, org_tree):
    _verified(client, personas[SYS])
    response = client.post(
        "/workbench/staff/new/",
        {
            "username": "shadow",
            "real_name": "影子",
            "organization": org_tree.efficiency_office.pk,
            "roles": [SEC],
            "password": "Abcdef1!",
        },
    )
    assert response.status_code == 200
    assert "roles" in response.context["form"].errors
    assert not User.objects.filter(username="shadow").exists()
    assert _refusals("user.create") == 1


def test_workbench_system_admin_cannot_grant_an_audit_admin(client, personas, plain):
    _verified(client, personas[SYS])
    response = client.post(f"/workbench/staff/{plain.pk}/roles/", {"roles": [AUD]})
    assert response.status_code == 200
    assert "roles" in response.context["form"].errors
    assert not plain.roles.exists()
    assert _refusals("user.set_roles") == 1


def test_workbench_security_admin_grants_on_the_security_page(client, personas, plain):
    _verified(client, personas[SEC])
    assert b"security/admin-role/" in client.get("/workbench/security/").content
    response = client.post(
        "/workbench/security/admin-role/", {"username": plain.username, "role": AUD}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=plain.pk).role_set == {AUD}
    client.post("/workbench/security/admin-role/", {"username": plain.username, "role": ""})
    assert not plain.roles.exists()


def test_workbench_security_admin_cannot_grant_to_themself(client, personas):
    security = personas[SEC]
    _verified(client, security)
    client.post("/workbench/security/admin-role/", {"username": security.username, "role": SYS})
    assert User.objects.get(pk=security.pk).role_set == {SEC}
    assert _refusals("user.set_roles") == 1


def test_workbench_admin_role_page_is_closed_to_the_system_admin(client, personas, plain):
    _verified(client, personas[SYS])
    response = client.post(
        "/workbench/security/admin-role/", {"username": plain.username, "role": SEC}
    )
    assert response.status_code == 403
    assert not plain.roles.exists()


def test_api_system_admin_cannot_create_a_security_admin(personas, org_tree):
    api = APIClient()
    api.force_authenticate(personas[SYS])
    response = api.post(
        "/api/v1/staff/",
        {
            "username": "shadow",
            "real_name": "影子",
            "organization": org_tree.efficiency_office.pk,
            "roles": [SEC],
            "password": "Abcdef1!",
        },
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] == "roles"
    assert not User.objects.filter(username="shadow").exists()


@pytest.mark.parametrize("url", ["/admin/core/user/add/", "/admin/core/userrole/add/"])
def test_django_admin_offers_no_way_to_accounts_or_roles(client, personas, url):
    """People and roles are not in the admin at all: grants go through the services."""
    _verified(client, personas[SYS])
    assert client.get("/admin/").status_code == 200
    assert client.get(url).status_code == 404


def test_the_staff_import_refuses_and_audits_an_administrator_role(personas, org_tree):
    data = workbook_for(
        STAFF_COLUMNS,
        [{"real_name": "影子", "username": "shadow", "unit": org_tree.efficiency_office.name,
          "roles": "security_admin"}],
        "人员",
    )  # fmt: skip
    report = onboarding.staff_import(actor=personas[SYS], data=data)
    assert report.errors and not report.ok
    assert not User.objects.filter(username="shadow").exists()
    assert _refusals("user.import") == 1
