"""The complaint figures read like the other dashboards (issue 20, part 3): the summary row
first with the overdue ones marked in text, anchored sections, dates YYYY-MM-DD with the local
picker, and the unit filter a type-ahead over the complaint.view scope that narrows the
figures; a unit outside the scope is refused on the page, never applied."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.utils import translation

from tests.complaints.factories import make_complaint
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db
FIGURES = "/workbench/complaints/figures/"
AT = datetime.fromisoformat("2026-03-02T10:00:00+08:00")


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def county_head(make_user, org_tree):  # type: ignore[no-untyped-def]
    return make_user(Role.DEPARTMENT_HEAD, organization=org_tree.county_department)


@pytest.fixture
def two_units(handler, org_tree):  # type: ignore[no-untyped-def]
    """One open complaint about the county department (overdue by April), two about the city's."""
    make_complaint(handler=handler, unit=org_tree.county_department, state="accepted", at=AT)
    for _ in range(2):
        make_complaint(handler=handler, unit=org_tree.department, state="accepted", at=AT)


def test_summary_row_first_with_overdue_marked_in_text(handler, two_units):  # type: ignore[no-untyped-def]
    query = "?date_from=2026-01-01&date_to=2026-04-30&as_of=2026-04-30"
    with translation.override("zh-hans"):
        html = client_for(handler).get(FIGURES + query).content.decode()
    summary = html.index('class="summary-row"')
    assert html.index('class="filters"') < summary < html.index('id="figures"')
    row = html[summary : html.index("</ul>", summary)]
    assert '<span class="figure">3</span>' in row  # received
    assert 'class="light red">已超期</span>' in row  # colour and text
    assert "超期未办结" in row


@pytest.mark.parametrize(
    "anchor", ["figures", "outcomes", "signals", "by-category", "by-unit", "by-month"]
)
def test_sections_are_anchored_and_reached_from_the_nav(handler, anchor):  # type: ignore[no-untyped-def]
    html = client_for(handler).get(FIGURES).content.decode()
    nav = html[html.index('class="section-nav"') :]
    assert f'href="#{anchor}"' in nav[: nav.index("</nav>")]
    assert f'id="{anchor}"' in html


def test_dates_are_iso_text_with_the_picker_and_the_unit_a_combobox(handler):  # type: ignore[no-untyped-def]
    html = client_for(handler).get(FIGURES + "?date_from=2026-01-05").content.decode()
    assert 'type="text" name="date_from" value="2026-01-05"' in html
    assert 'type="date"' not in html
    assert "/static/vendor/flatpickr-4.6.13/l10n/zh.js" in html
    assert 'role="combobox"' in html and 'data-unit-perm="complaint.view"' in html


def test_bad_date_is_a_message_naming_how_to_write_it(handler):  # type: ignore[no-untyped-def]
    with translation.override("zh-hans"):
        response = client_for(handler).get(FIGURES, {"as_of": "30/04/2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2025-09-30" in html[html.index('class="error" role="alert"') :][:200]


@pytest.mark.parametrize("by", ["name", "id"])
def test_unit_filter_narrows_the_figures(handler, org_tree, two_units, by):  # type: ignore[no-untyped-def]
    unit = org_tree.department
    params = {"unit": "市市场监督"} if by == "name" else {"organization": unit.pk}
    response = client_for(handler).get(FIGURES, {"date_from": "2026-01-01", **params})
    assert response.context["figures"].received == 2
    assert f'name="organization" value="{unit.pk}"' in response.content.decode()


@pytest.mark.parametrize("by", ["id", "name"])
def test_unit_outside_the_scope_is_refused_on_the_page(county_head, org_tree, two_units, by):  # type: ignore[no-untyped-def]
    """Attacker's side: the county head puts the city department in the URL."""
    city_unit = org_tree.department
    params = {"organization": city_unit.pk} if by == "id" else {"unit": city_unit.name}
    with translation.override("zh-hans"):
        response = client_for(county_head).get(FIGURES, {"date_from": "2026-01-01", **params})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error" role="alert"' in html
    if by == "id":  # nothing of the unit is shown (a typed name is only echoed in its field)
        assert city_unit.name not in html
    assert response.context["figures"].received <= 1  # the county's own at most
