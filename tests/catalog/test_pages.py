"""Workbench catalog pages and the public service guide render and act through the services."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from tests.catalog.factories import make_item
from xiaoneng.catalog import services
from xiaoneng.catalog.models import ItemStatus, ServiceItem
from xiaoneng.core.excel import workbook_bytes
from xiaoneng.core.roles import Role


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def item(org_tree):
    return make_item(
        agency=org_tree.department,
        name="食品经营许可",
        has_fee=True,
        fee_amount="50",
        fee_basis="浙价费〔2017〕1号",
        is_online=True,
    )


def test_portal_guide_lists_and_shows_every_material(item, org_tree):
    hidden = make_item(agency=org_tree.department, name="药品零售许可")
    services.item_suspend(actor=None, item=hidden, reason="上级暂停")
    client = _client()
    page = client.get(reverse("portal_catalog:list"), {"q": "食品"})
    assert page.status_code == 200
    assert "食品经营许可" in page.content.decode()
    assert "药品零售许可" not in client.get(reverse("portal_catalog:list")).content.decode()
    detail = client.get(reverse("portal_catalog:detail", kwargs={"code": item.implementation_code}))
    html = detail.content.decode()
    assert detail.status_code == 200
    for text in (
        "食品经营许可申请书",
        "营业执照",
        "申请人具有与经营的食品品种",
        "浙价费〔2017〕1号",
        "0571-87000001",
        "0571-12345",
        "受理",
        "审查决定",
    ):
        assert text in html, text
    assert (
        client.get(
            reverse("portal_catalog:detail", kwargs={"code": hidden.implementation_code})
        ).status_code
        == 404
    )
    assert client.get(reverse("portal_catalog:detail", kwargs={"code": "NOPE"})).status_code == 404


def test_workbench_list_shows_compression(item, personas):
    page = _client(personas[Role.REVIEWER]).get(reverse("catalog:list"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "食品经营许可" in html and "25%" in html  # 5 of 20 working days
    assert _client(personas[Role.HR_OFFICER]).get(reverse("catalog:list")).status_code == 403
    export = _client(personas[Role.REVIEWER]).get(reverse("catalog:list"), {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_edit_form_creates_a_new_version(item, personas):
    client = _client(personas[Role.DEPARTMENT_HEAD])
    url = reverse("catalog:revise", kwargs={"code": item.implementation_code})
    form = client.get(url)
    assert form.status_code == 200 and "食品经营许可申请书 | 1 | 0" in form.content.decode()
    data = dict(form.context["form"].initial)
    data = {k: ("" if v is None else v) for k, v in data.items() if v is not False}
    data.update(
        committed_limit_days=6,
        change_reason="压缩时限",
        steps="受理 | 1\n审查决定 | 5",
        has_fee="on",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    item.refresh_from_db()
    assert item.current_version.version == 2 and item.current_version.committed_limit_days == 6
    assert item.versions.get(version=1).committed_limit_days == 5
    old = client.get(
        reverse("catalog:version", kwargs={"code": item.implementation_code, "version": 1})
    )
    assert old.status_code == 200 and old.context["is_current"] is False
    assert old.context["version"].committed_limit_days == 5


def test_edit_form_shows_rule_errors_on_the_field(item, personas):
    client = _client(personas[Role.DEPARTMENT_HEAD])
    url = reverse("catalog:revise", kwargs={"code": item.implementation_code})
    response = client.post(
        url,
        {
            "name": "食品经营许可",
            "item_type": "01",
            "handling_type": "promised",
            "legal_limit_days": 20,
            "committed_limit_days": 30,
            "change_reason": "x",
            "materials": "申请书 | 0 | 0",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "committed_limit_days" in errors and "materials" in errors
    assert item.versions.count() == 1
    assert _client(personas[Role.REVIEWER]).get(url).status_code == 403


def test_status_form_suspends_with_reason(item, personas):
    client = _client(personas[Role.DEPARTMENT_HEAD])
    url = reverse("catalog:status", kwargs={"code": item.implementation_code})
    client.post(url, {"action": "suspend", "reason": ""})
    item.refresh_from_db()
    assert item.status == ItemStatus.ACTIVE
    client.post(url, {"action": "suspend", "reason": "省级部门调整"})
    item.refresh_from_db()
    assert item.status == ItemStatus.SUSPENDED and item.status_reason == "省级部门调整"
    detail = client.get(reverse("catalog:detail", kwargs={"code": item.implementation_code}))
    assert "省级部门调整" in detail.content.decode()


def test_create_page(org_tree, personas):
    client = _client(personas[Role.DEPARTMENT_HEAD])
    url = reverse("catalog:create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "agency": org_tree.department.pk,
            "basic_code": "000101005000",
            "implementation_code": "11330100MB12345670000101005000",
            "name": "即办事项",
            "item_type": "20",
            "handling_type": "immediate",
            "committed_limit_days": 0,
            "materials": "身份证 | 1 | 0 | 是",
            "change_reason": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    created = ServiceItem.objects.get(basic_code="000101005000").current_version
    assert created.handling_type == "immediate" and created.committed_limit_days == 0
    assert created.materials.get().name == "身份证"
    assert _client(personas[Role.WINDOW_CLERK]).get(url).status_code == 403


def test_import_page_shows_row_errors(item, org_tree, personas):
    client = _client(personas[Role.DEPARTMENT_HEAD])
    sheets = services.catalog_export_sheets([item])
    sheets[0].rows = [list(sheets[0].rows[0])]
    sheets[0].rows[0][9] = 99  # committed above legal
    upload = io.BytesIO(workbook_bytes(sheets))
    upload.name = "catalog.xlsx"
    response = client.post(reverse("catalog:import"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "事项" in html and "承诺时限(工作日)" in html
    assert ServiceItem.objects.get().versions.count() == 1


def test_apply_link_never_breaks_the_guide(monkeypatch):
    from django.urls import NoReverseMatch

    from xiaoneng.catalog import portal_views

    def absent(*args, **kwargs):
        raise NoReverseMatch

    monkeypatch.setattr(portal_views, "reverse", absent)
    assert portal_views.apply_url("X") is None

    def by_code(name, kwargs=None):
        if kwargs and "code" in kwargs:
            return f"/cases/apply/{kwargs['code']}/"
        raise NoReverseMatch

    monkeypatch.setattr(portal_views, "reverse", by_code)
    assert portal_views.apply_url("ABC") == "/cases/apply/ABC/"
