"""The portal home (issue 20 part 4): a search box that works without JavaScript, popular
services by cases of the last 90 days, entry by life event and by department."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.cases.factories import ApplicantFactory
from tests.catalog.factories import make_item
from xiaoneng.cases import services as cases
from xiaoneng.cases.models import Channel
from xiaoneng.cases.selectors import popular_items
from xiaoneng.catalog import services
from xiaoneng.catalog.life_events import LIFE_EVENTS, life_event_get


def _cases(item, count, *, days_ago=1):
    applicant = ApplicantFactory()
    for _ in range(count):
        cases.case_submit(
            actor=None,
            item_version=item.current_version,
            applicant=applicant,
            channel=Channel.WINDOW,
            at=timezone.now() - timedelta(days=days_ago),
            actor_name="窗口",
        )


@pytest.fixture
def catalog(org_tree):
    market, civil = org_tree.department, org_tree.other_department
    items = {
        "food": make_item(agency=market, name="食品经营许可"),
        "shop": make_item(agency=market, name="个体工商户设立登记", keywords="开店"),
        "marriage": make_item(agency=civil, name="结婚登记"),
        "birth": make_item(agency=civil, name="出生医学证明补发"),
        "allowance": make_item(agency=civil, name="生育津贴申领"),
        "gone": make_item(agency=org_tree.county_department, name="结婚登记档案查询"),
    }
    services.item_suspend(actor=None, item=items["gone"], reason="暂停受理")
    return items


def test_search_box_is_a_labelled_get_form_to_the_guide(catalog):
    html = Client().get(reverse("portal:home")).content.decode()
    assert f'action="{reverse("portal_catalog:list")}"' in html
    assert 'method="get"' in html and 'role="search"' in html
    assert '<label for="portal-q">' in html and 'id="portal-q" name="q"' in html
    # headings in order: one h1, then the sections' h2
    assert html.count("<h1") == 1 and html.index("<h1") < html.index("<h2")


def test_popular_services_by_cases_of_the_last_90_days(catalog):
    _cases(catalog["marriage"], 3)
    _cases(catalog["food"], 2)
    _cases(catalog["shop"], 2)
    _cases(catalog["birth"], 5, days_ago=91)  # too old to count
    services.item_reactivate(actor=None, item=catalog["gone"], reason="恢复受理")
    _cases(catalog["gone"], 9)
    services.item_suspend(actor=None, item=catalog["gone"], reason="暂停受理")  # not offered
    popular = popular_items(limit=8)
    assert [(i.name, i.recent_cases) for i in popular] == [
        ("结婚登记", 3),
        ("个体工商户设立登记", 2),  # a tie is broken by name (Unicode order)
        ("食品经营许可", 2),
    ]
    html = Client().get(reverse("portal:home")).content.decode()
    positions = [html.index(name) for name in ("结婚登记", "个体工商户设立登记", "食品经营许可")]
    assert positions == sorted(positions)
    assert popular_items(limit=1)[0].name == "结婚登记"


def test_no_popular_services_without_cases(catalog):
    assert popular_items() == []
    assert Client().get(reverse("portal:home")).context["popular"] == []


def test_every_life_event_is_offered_and_leads_to_its_items(catalog):
    html = Client().get(reverse("portal:home")).content.decode()
    for event in LIFE_EVENTS:
        assert f"?event={event.slug}" in html
    response = Client().get(reverse("portal_catalog:list"), {"event": "birth"})
    assert response.context["event"] == life_event_get("birth")
    names = {i.name for i in response.context["page"]}
    assert names == {"出生医学证明补发", "生育津贴申领"}  # 出生, 生育


@pytest.mark.parametrize(
    ("event", "names"),
    [
        ("marriage", {"结婚登记"}),  # the suspended 结婚登记档案查询 is not listed
        ("business", {"个体工商户设立登记"}),
        ("retirement", set()),
    ],
)
def test_life_event_entry(catalog, event, names):
    response = Client().get(reverse("portal_catalog:list"), {"event": event})
    assert {i.name for i in response.context["page"]} == names


def test_unknown_life_event_is_a_form_error_not_a_500(catalog):
    response = Client().get(reverse("portal_catalog:list"), {"event": "mars"})
    assert response.status_code == 200
    assert "event" in response.context["form"].errors
    assert list(response.context["page"]) == []


def test_departments_with_active_items_lead_to_their_items(catalog, org_tree):
    response = Client().get(reverse("portal:home"))
    departments = {d.name: d.active_items for d in response.context["departments"]}
    # the county department's only item is suspended: it is not an entry
    assert departments == {org_tree.department.name: 2, org_tree.other_department.name: 3}
    html = response.content.decode()
    assert f"?agency={org_tree.department.pk}" in html
    listed = Client().get(reverse("portal_catalog:list"), {"agency": org_tree.department.pk})
    assert {i.name for i in listed.context["page"]} == {"食品经营许可", "个体工商户设立登记"}
    assert listed.context["agency"] == org_tree.department


def test_a_department_without_active_items_is_refused(catalog, org_tree):
    response = Client().get(
        reverse("portal_catalog:list"), {"agency": org_tree.county_department.pk}
    )
    assert "agency" in response.context["form"].errors
    assert list(response.context["page"]) == []
    assert "agency" in (
        Client().get(reverse("portal_catalog:list"), {"agency": "x"}).context["form"].errors
    )
