"""Portal search over active items: name, department, keyword and pinyin initials (issue 20
part 4), on the guide list page, the catalog API's `q`, and the pure initials helper."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.catalog.factories import make_item
from xiaoneng.catalog import services
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.catalog.search import keyword_list, pinyin_initials, search_initials
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.roles import Role

ITEMS_API = "/api/v1/catalog/items/"


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("营业执照", "yyzz"),
        ("结婚登记", "jhdj"),
        ("工业产品生产许可证核发(初审)", "gycpscxkzhfcs"),  # brackets dropped
        ("12345热线", "12345rx"),  # digits kept
        ("ICP备案", "icpba"),  # Latin letters kept, lower-cased
        ("", ""),
    ],
)
def test_pinyin_initials(text, initials):
    assert pinyin_initials(text) == initials


def test_search_initials_cover_name_and_each_keyword():
    assert keyword_list("开店 营业执照、开店,创业") == ["开店", "营业执照", "创业"]
    assert search_initials("个体工商户设立登记", "开店 营业执照") == "gtgshsldj kd yyzz"


@pytest.fixture
def catalog(org_tree):
    """Three active items of two departments, one with keywords, and a suspended one."""
    licence = make_item(agency=org_tree.department, name="营业执照遗失补领")
    shop = make_item(agency=org_tree.department, name="个体工商户设立登记", keywords="开店 创业")
    marriage = make_item(agency=org_tree.other_department, name="结婚登记")
    suspended = make_item(agency=org_tree.other_department, name="婚姻登记档案查询")
    services.item_suspend(actor=None, item=suspended, reason="系统升级,暂停受理")
    return {"licence": licence, "shop": shop, "marriage": marriage, "suspended": suspended}


SEARCHES = [
    # (query, items found) — every way people look for a service
    ("营业执照", {"licence"}),  # words of the name
    ("登记", {"shop", "marriage"}),  # a word in several names
    ("民政局", {"marriage"}),  # the department's name
    ("市场监督", {"licence", "shop"}),
    ("开店", {"shop"}),  # a keyword
    ("yyzz", {"licence"}),  # pinyin initials of the name
    ("YYZZ", {"licence"}),  # in capitals
    ("jhdj", {"marriage"}),
    ("kd", {"shop"}),  # initials of a keyword (开店)
    ("gtgsh", {"shop"}),  # a prefix of the initials
    ("登记 民政局", {"marriage"}),  # every word must match
    ("hydj", set()),  # the suspended 婚姻登记… is never found
    ("婚姻登记档案", set()),
    ("火星", set()),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_guide_search_page(catalog, query, expected):
    response = Client().get(reverse("portal_catalog:list"), {"q": query})
    assert response.status_code == 200
    found = {item.implementation_code for item in response.context["page"]}
    assert found == {catalog[key].implementation_code for key in expected}, query


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_api_search(catalog, query, expected):
    response = APIClient().get(ITEMS_API, {"q": query})
    assert response.status_code == 200
    found = {row["implementation_code"] for row in response.json()["results"]}
    assert found == {catalog[key].implementation_code for key in expected}, query


def test_api_refuses_an_overlong_query_naming_q(catalog):
    response = APIClient().get(ITEMS_API, {"q": "营" * 101})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["q"]


def test_guide_page_refuses_an_overlong_query_with_a_field_error(catalog):
    response = Client().get(reverse("portal_catalog:list"), {"q": "营" * 101})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert list(response.context["page"]) == []


def test_revising_the_name_recomputes_the_initials(catalog):
    item = catalog["licence"]
    services.item_revise(actor=None, item=item, change_reason="名称规范", name="营业执照补发")
    assert ServiceItem.objects.get(pk=item.pk).search_initials == "yyzzbf"


def test_keywords_are_set_through_the_service_and_found(catalog, personas):
    item = catalog["marriage"]
    services.item_set_keywords(actor=None, item=item, keywords="领证 婚姻")
    item.refresh_from_db()
    assert (item.keywords, item.search_initials) == ("领证 婚姻", "jhdj lz hy")
    found = Client().get(reverse("portal_catalog:list"), {"q": "lz"}).context["page"]
    assert [i.pk for i in found] == [item.pk]


def test_keywords_need_the_catalog_manage_permission_of_the_agency(catalog, personas):
    """catalog.services: writes need Perm.CATALOG_MANAGE within the agency's scope."""
    with pytest.raises(NotPermitted):
        services.item_set_keywords(
            actor=personas[Role.WINDOW_CLERK], item=catalog["shop"], keywords="开店"
        )


@pytest.mark.parametrize("keywords", ["超" * 21, " ".join(f"词{i:02d}" for i in range(80))])
def test_keywords_too_long_are_refused_naming_the_field(catalog, keywords):
    with pytest.raises(InvalidInput) as error:
        services.item_set_keywords(actor=None, item=catalog["shop"], keywords=keywords)
    assert error.value.errors[0][0] == "keywords"
