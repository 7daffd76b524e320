"""Staff set an item's search keywords on its workbench page; the portal then finds it by them
(and their pinyin initials). Only CATALOG_MANAGE of the item's agency may."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.catalog.factories import make_item
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def item(org_tree):
    return make_item(agency=org_tree.department, name="个体工商户设立登记")


def test_department_head_sets_keywords_and_the_portal_finds_them(item, personas):
    client = _client(personas[Role.DEPARTMENT_HEAD])
    detail = client.get(reverse("catalog:detail", kwargs={"code": item.implementation_code}))
    assert detail.context["keywords_form"] is not None
    url = reverse("catalog:keywords", kwargs={"code": item.implementation_code})
    assert client.post(url, {"keywords": "开店、创业"}).status_code == 302
    item.refresh_from_db()
    assert item.keywords == "开店 创业"
    assert AuditRecord.objects.filter(action="catalog.item_set_keywords").count() == 1
    found = Client().get(reverse("portal_catalog:list"), {"q": "kd"}).context["page"]
    assert [i.pk for i in found] == [item.pk]


@pytest.mark.parametrize("role", [Role.WINDOW_CLERK, Role.REVIEWER, Role.EFFICIENCY_SUPERVISOR])
def test_keywords_refused_without_catalog_manage(item, personas, role):
    client = _client(personas[role])
    url = reverse("catalog:keywords", kwargs={"code": item.implementation_code})
    assert client.post(url, {"keywords": "开店"}).status_code in (403, 404)
    item.refresh_from_db()
    assert item.keywords == ""


def test_too_long_keyword_is_a_message_not_a_500(item, personas):
    client = _client(personas[Role.DEPARTMENT_HEAD])
    url = reverse("catalog:keywords", kwargs={"code": item.implementation_code})
    response = client.post(url, {"keywords": "超" * 21}, follow=True)
    assert response.status_code == 200
    assert any("20" in str(m) for m in response.context["messages"])
    item.refresh_from_db()
    assert item.keywords == ""
