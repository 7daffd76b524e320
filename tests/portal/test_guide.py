"""The item page as a service guide (办事指南, issue 20 part 4): time limits in working days,
fee, online or at the window, visits, every material, place and hours; only active items."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.catalog.factories import make_item
from xiaoneng.catalog import services
from xiaoneng.hall.models import Hall, HallKind, Window, WindowKind


def _guide(item):
    return Client().get(reverse("portal_catalog:detail", kwargs={"code": item.implementation_code}))


@pytest.fixture
def item(org_tree):
    return make_item(
        agency=org_tree.department,
        name="食品经营许可",
        legal_limit_days=20,
        committed_limit_days=5,
        has_fee=True,
        fee_amount="50",
        fee_basis="浙价费〔2017〕1号",
        is_online=True,
        is_appointment=True,
        materials=[
            {"name": "食品经营许可申请书", "originals": 1, "copies": 0},
            {"name": "营业执照", "originals": 0, "copies": 1, "is_mandatory": False},
        ],
    )


def test_guide_shows_limits_fee_channels_visits_and_every_material(item):
    response = _guide(item)
    assert response.status_code == 200
    html = response.content.decode()
    glance = html[html.index('id="glance-title"') : html.index('id="materials-title"')]
    for text in [
        "5 working days",  # committed
        "20 working days",  # legal
        "50.00",
        "浙价费〔2017〕1号",
        "Online or at the window",
        "Appointments available",
        "None to apply: apply online",  # visits
    ]:
        assert text in glance, text
    for text in ["食品经营许可申请书", "营业执照", "0571-87000001", "0571-12345"]:
        assert text in html, text
    assert f'class="button" href="{reverse("portal_cases:apply")}' in html  # online: apply


def test_window_only_item_says_one_visit_and_has_no_apply_button(org_tree):
    item = make_item(agency=org_tree.department, name="特种设备使用登记", is_online=False)
    html = _guide(item).content.decode()
    assert f'class="button" href="{reverse("portal_cases:apply")}' not in html
    glance = response_text(html, "glance-title", "materials-title")
    assert "At the window" in glance and "One, with every material below" in glance
    assert "Free of charge" in glance
    # no hall window lists the item: the page says so instead of inventing a place
    assert "no service hall window is listed" in response_text(html, "place-title", "process-title")


def response_text(html: str, start_id: str, end_id: str) -> str:
    return html[html.index(f'id="{start_id}"') : html.index(f'id="{end_id}"')]


def test_guide_shows_the_halls_windows_with_address_and_hours(item, org_tree):
    hall = Hall.objects.create(
        code="JZ01",
        name="江州市民中心",
        kind=HallKind.SERVICE_CENTRE,
        organization=org_tree.service_centre,
        address="江州市江南大道 100 号",
        opens_at=time(8, 30),
        closes_at=time(17, 30),
    )
    window = Window.objects.create(
        hall=hall, number="A08", name="市场监管综合窗口", kind=WindowKind.DEPARTMENT
    )
    window.items.add(item)
    closed = Window.objects.create(
        hall=hall, number="A09", name="停用窗口", kind=WindowKind.DEPARTMENT, is_active=False
    )
    closed.items.add(item)
    html = response_text(_guide(item).content.decode(), "place-title", "process-title")
    for text in [
        "江州市民中心",
        "江州市江南大道 100 号",
        "08:30",
        "17:30",
        "A08",
        "市场监管综合窗口",
    ]:
        assert text in html, text
    assert "A09" not in html  # an inactive window is not a place to go
    assert f"/hall/halls/JZ01/book/?item={item.implementation_code}" in html


@pytest.mark.parametrize("change", ["suspend", "cancel"])
def test_guide_of_a_suspended_or_cancelled_item_is_not_found(item, change):
    getattr(services, f"item_{change}")(actor=None, item=item, reason="上级调整")
    assert _guide(item).status_code == 404
    listed = Client().get(reverse("portal_catalog:list"), {"q": "食品"}).context["page"]
    assert list(listed) == []


def test_guide_of_an_unknown_code_is_not_found(db):
    response = Client().get(reverse("portal_catalog:detail", kwargs={"code": "NOPE"}))
    assert response.status_code == 404
