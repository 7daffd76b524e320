"""The Django admin holds reference data for the system administrator only (三员分立)."""

from __future__ import annotations

from django.core.management import call_command

from tests.core.test_workbench_pages import login_admin
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Role


def test_createsuperuser_makes_a_system_administrator(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "First#Admin2026")
    call_command("createsuperuser", "--noinput", "--username", "root", "--email", "r@example.cn")
    user = User.objects.get(username="root")
    assert user.role_set == {Role.SYSTEM_ADMIN}
    assert user.is_staff and not user.is_superuser


def test_system_admin_edits_organizations_through_the_services(client, personas, org_tree):
    login_admin(client, personas[Role.SYSTEM_ADMIN])
    url = f"/admin/core/organization/{org_tree.street.pk}/change/"
    assert client.get(url).status_code == 200
    form = {
        "name": org_tree.street.name,
        "short_name": "",
        "kind": "street_office",
        "level": 5,
        "credit_code": "",
        "region_code": "",
        "is_active": "on",
        "sort_order": 0,
    }
    outside = client.post(url, {**form, "parent": org_tree.other_city.pk})
    assert outside.status_code == 200 and "parent" in outside.context["adminform"].form.errors
    response = client.post(url, {**form, "parent": org_tree.city.pk})
    assert response.status_code == 302
    org_tree.community.refresh_from_db()
    assert (
        org_tree.community.path
        == f"{org_tree.city.path}{org_tree.street.pk}/{org_tree.community.pk}/"
    )


def test_other_administrators_and_business_roles_have_no_admin(client, personas):
    for role in (Role.AUDIT_ADMIN, Role.SECURITY_ADMIN):
        login_admin(client, personas[role])
        assert client.get("/admin/core/organization/").status_code in (302, 403)
    client.force_login(personas[Role.DEPARTMENT_HEAD])
    assert client.get("/admin/").status_code == 302  # to the admin sign-in


def test_admin_shows_no_business_data(client, personas):
    login_admin(client, personas[Role.SYSTEM_ADMIN])
    page = client.get("/admin/").content.decode()
    assert "/admin/core/organization/" in page
    for business in (
        "/admin/cases/",
        "/admin/complaints/complaint/",
        "/admin/core/auditrecord/",
        "/admin/core/applicant/",
    ):
        assert business not in page
    assert Organization.objects.exists()


def test_hall_reference_data_is_read_only_and_applicants_data_absent(client, personas):
    from xiaoneng.hall.models import Hall, HallKind

    hall = Hall.objects.create(
        code="JZ01",
        name="江州市民中心",
        kind=HallKind.SERVICE_CENTRE,
        organization=Organization.objects.first(),
    )
    login_admin(client, personas[Role.SYSTEM_ADMIN])
    index = client.get("/admin/").content.decode()
    assert "/admin/hall/hall/" in index and "/admin/hall/window/" in index
    assert "/admin/hall/appointment/" not in index and "/admin/hall/ticket/" not in index
    assert client.get("/admin/hall/hall/").status_code == 200
    assert client.get(f"/admin/hall/hall/{hall.pk}/change/").status_code == 200  # a view page
    assert client.get("/admin/hall/hall/add/").status_code == 403
    form = {"code": "JZ01", "name": "改名", "kind": "service_centre"}
    assert client.post(f"/admin/hall/hall/{hall.pk}/change/", form).status_code == 403
    assert client.post(f"/admin/hall/hall/{hall.pk}/delete/", {"post": "yes"}).status_code == 403
    hall.refresh_from_db()
    assert hall.name == "江州市民中心"
    assert client.get("/admin/hall/appointment/").status_code == 404
