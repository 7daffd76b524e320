"""The compliance dashboard reads like the other dashboards (issue 20, part 3): the totals
first, anchored sections per street and per community, and a street or community chosen by
type-ahead over the community.view scope; one outside the scope is refused on the page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db
DASHBOARD = "/workbench/community/"


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_summary_row_first_then_anchored_sections(cm):  # type: ignore[no-untyped-def]
    with translation.override("zh-hans"):
        html = client_for(cm.street_head).get(DASHBOARD, {"year": 2026}).content.decode()
    summary = html.index('class="summary-row"')
    assert html.index('class="filters"') < summary < html.index('id="streets"')
    row = html[summary : html.index("</ul>", summary)]
    assert "违规" in row and "未结问责" in row
    nav = html[html.index('class="section-nav"') :]
    nav = nav[: nav.index("</nav>")]
    for anchor in ("streets", "communities"):
        assert f'href="#{anchor}"' in nav and f'id="{anchor}"' in html
    assert "year=2025" in nav and "year=2027" in nav and "export=xlsx" in nav


def test_unit_filter_is_a_combobox_and_narrows_to_the_community(cm):  # type: ignore[no-untyped-def]
    response = client_for(cm.street_head).get(DASHBOARD, {"unit": cm.community.name})
    html = response.content.decode()
    assert 'role="combobox"' in html and 'data-unit-perm="community.view"' in html
    table = html[html.index('id="community-figures"') :]
    assert cm.community.name in table and cm.other_community.name not in table


def test_year_and_unit_kept_in_the_nav_links(cm):  # type: ignore[no-untyped-def]
    html = (
        client_for(cm.street_head)
        .get(DASHBOARD, {"year": 2026, "organization": cm.community.pk})
        .content.decode()
    )
    assert f"year=2025&amp;organization={cm.community.pk}" in html


@pytest.mark.parametrize("by", ["id", "name"])
def test_unit_outside_the_scope_is_refused_on_the_page(cm, by):  # type: ignore[no-untyped-def]
    """Attacker's side: the staff of one community ask for the neighbouring one."""
    other = cm.other_community
    params = {"organization": other.pk} if by == "id" else {"unit": other.name}
    with translation.override("zh-hans"):
        response = client_for(cm.community_staff).get(DASHBOARD, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error" role="alert"' in html
    table = html[html.index('id="community-figures"') :]
    assert other.name not in table
    assert cm.community.name in table  # the own scope, unchanged


def test_bad_year_is_a_message(cm):  # type: ignore[no-untyped-def]
    response = client_for(cm.street_head).get(DASHBOARD, {"year": "1999"})
    assert response.status_code == 200
    assert 'class="error" role="alert"' in response.content.decode()
