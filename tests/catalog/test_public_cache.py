"""The public service guide and catalog list come from the cache while the catalog is unchanged
(core/public_cache.py): a cached answer is never older than the database, only signed-out
visitors get it, and it costs one query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.catalog.factories import make_item
from tests.factories import UserFactory
from xiaoneng.catalog import services
from xiaoneng.core import services as core_services
from xiaoneng.core.roles import Role

PAGE = "/catalog/"
API = "/api/v1/catalog/items/"


def _names(client: Client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def items(org_tree):
    return (
        make_item(agency=org_tree.department, name="食品经营许可"),
        make_item(agency=org_tree.department, name="药品零售许可"),
    )


@pytest.mark.parametrize("url", [PAGE, API], ids=["guide page", "catalog api"])
def test_a_repeated_public_read_costs_one_query_and_gives_the_same_answer(items, url):
    client = Client()
    first = _names(client, url)
    with CaptureQueriesContext(connection) as queries:
        second = _names(client, url)
    assert second == first
    assert len(queries.captured_queries) == 1, [q["sql"] for q in queries.captured_queries]
    assert "core_auditrecord" in queries.captured_queries[0]["sql"]


# Each write a service makes to what the guide shows, and the text that must change with it.
CHANGES = [
    ("suspend", lambda it, org: services.item_suspend(actor=None, item=it, reason="暂停"), None),
    (
        "revise",
        lambda it, org: services.item_revise(
            actor=None, item=it, change_reason="更名", name="食品经营许可（新）"
        ),
        "食品经营许可（新）",
    ),
    (
        "rename agency",
        lambda it, org: core_services.organization_update(
            actor=None, organization=org, name="江州市市场监管局（新）"
        ),
        "江州市市场监管局（新）",
    ),
]


@pytest.mark.parametrize("url", [PAGE, API], ids=["guide page", "catalog api"])
@pytest.mark.parametrize(("change", "write", "shown"), CHANGES, ids=[c[0] for c in CHANGES])
def test_a_change_of_the_catalog_is_seen_at_the_next_read(
    items, org_tree, url, change, write, shown
):
    client = Client()
    before = _names(client, url)
    assert "食品经营许可" in before
    write(items[0], org_tree.department)
    after = _names(client, url)
    assert after != before
    if shown is None:
        assert "食品经营许可" not in after
    else:
        assert shown in after


def test_staff_who_see_more_are_not_served_the_public_answer_nor_feed_it(items, org_tree):
    services.item_suspend(actor=None, item=items[1], reason="暂停")
    staff = UserFactory(organization=org_tree.department, roles=[Role.REVIEWER])
    public = Client()
    assert "药品零售许可" not in _names(public, API)
    signed_in = Client()
    signed_in.force_login(staff)
    assert "药品零售许可" in _names(signed_in, API)  # a suspended item of the staff's scope
    assert "药品零售许可" not in _names(public, API)


def test_a_signed_in_visitor_gets_a_page_of_their_own(items, org_tree):
    person = UserFactory(organization=org_tree.department, real_name="张小能")
    assert "张小能" not in _names(Client(), PAGE)  # cached for the signed-out
    client = Client()
    client.force_login(person)
    assert "张小能" in _names(client, reverse("portal_catalog:list"))
    assert "张小能" not in _names(Client(), PAGE)  # and their page is not served to others
