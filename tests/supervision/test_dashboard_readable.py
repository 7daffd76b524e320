"""The supervision dashboard reads at a glance (issue 20, part 3): a summary row first, each
figure linking to its list; anchored sections with an in-page nav; the unit filter a type-ahead
over the user's scope (the JSON lookup refuses what the filter would refuse); dates YYYY-MM-DD
whatever the browser's locale, a bad one a message naming the field, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db
DASHBOARD = "/workbench/supervision/"
LOOKUP = "/api/v1/organizations/lookup/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def supervisor(personas):
    return personas[Role.EFFICIENCY_SUPERVISOR]


@pytest.fixture
def county_supervisor(make_user, org_tree):
    """A supervisor of the county: the government scope is the county's subtree only."""
    return make_user(Role.EFFICIENCY_SUPERVISOR, organization=org_tree.county_department)


def test_summary_row_comes_first_and_links_to_the_lists(supervisor):
    html = client_for(supervisor).get(DASHBOARD + "?as_of=2025-09-09").content.decode()
    summary = html.index('class="summary-row"')
    assert summary < html.index('id="lights-now"')
    row = html[summary : html.index("</ul>", summary)]
    for link in (
        "/workbench/supervision/cases/?as_of=2025-09-09",
        "/workbench/supervision/cases/?light=red&amp;as_of=2025-09-09",
        "/workbench/supervision/cases/?light=legal_overdue&amp;as_of=2025-09-09",
        "/workbench/supervision/breaches/?start=2025-01-01&amp;end=2025-09-09",
        "/workbench/supervision/warnings/?year=2025",
    ):
        assert link in row
    assert "红灯" in row and "黄灯" in row and "逾期" in row  # text, not colour alone


@pytest.mark.parametrize(
    "anchor", ["lights-now", "by-agency", "by-item", "by-handling_type", "period", "breaches"]
)
def test_sections_are_anchored_and_reached_from_the_nav(supervisor, anchor):
    html = client_for(supervisor).get(DASHBOARD).content.decode()
    nav = html[html.index('class="section-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert f'href="#{anchor}"' in nav
    assert f'id="{anchor}"' in html


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("as_of", "09/09/2025", "截至"),
        ("start", "2025-13-01", "期间自"),
        ("end", "tomorrow", "期间至"),
    ],
)
def test_bad_dates_are_a_message_naming_the_field(supervisor, field, value, label):
    with translation.override("zh-hans"):
        response = client_for(supervisor).get(
            DASHBOARD, {field: value}, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error" role="alert"' in html
    error = html[html.index('class="error" role="alert"') :][:200]
    assert "2025-09-30" in error  # says how to write it


def test_dates_are_text_inputs_in_iso_form_with_the_local_picker(supervisor):
    html = client_for(supervisor).get(DASHBOARD + "?as_of=2025-09-09").content.decode()
    assert 'type="text" name="as_of" value="2025-09-09"' in html
    assert "data-datepicker" in html and 'placeholder="YYYY-MM-DD"' in html
    assert "/static/vendor/flatpickr-4.6.13/flatpickr.min.js" in html
    assert "/static/vendor/flatpickr-4.6.13/l10n/zh.js" in html


def test_unit_filter_is_a_combobox_over_the_lookup(supervisor):
    html = client_for(supervisor).get(DASHBOARD).content.decode()
    assert 'role="combobox"' in html
    assert f'data-unit-search="{LOOKUP}"' in html
    assert 'data-unit-perm="supervision.view"' in html
    assert 'type="hidden" name="organization"' in html


def test_lookup_offers_units_of_the_scope_by_part_of_the_name(supervisor, org_tree):
    rows = client_for(supervisor).get(LOOKUP, {"q": "市场监督"}).json()
    names = {row["name"] for row in rows}
    assert names == {"江州市市场监督管理局", "江南区市场监督管理局"}
    assert all({"id", "name", "title"} <= set(row) for row in rows)


def test_lookup_gives_a_unit_scoped_user_only_their_subtree(county_supervisor, org_tree):
    rows = client_for(county_supervisor).get(LOOKUP, {"q": "市场监督"}).json()
    assert [row["name"] for row in rows] == ["江南区市场监督管理局"]
    everything = client_for(county_supervisor).get(LOOKUP).json()
    assert org_tree.city.pk not in {row["id"] for row in everything}
    assert org_tree.other_city_department.pk not in {row["id"] for row in everything}


def test_lookup_gives_nothing_without_the_permission(personas):
    rows = client_for(personas[Role.WINDOW_CLERK]).get(LOOKUP, {"perm": "supervision.view"})
    assert rows.status_code == 200 and rows.json() == []


@pytest.mark.parametrize("params", [{"perm": "anything"}, {"q": "x" * 101}])
def test_lookup_refuses_bad_parameters(supervisor, params):
    response = client_for(supervisor).get(LOOKUP, params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] in params


def test_filter_refuses_a_unit_outside_the_scope_on_the_page(county_supervisor, org_tree):
    """Attacker's side: an id of the city department typed into the URL is not applied."""
    url = f"{DASHBOARD}?organization={org_tree.department.pk}"
    with translation.override("zh-hans"):
        html = client_for(county_supervisor).get(url).content.decode()
    assert 'class="error" role="alert"' in html
    assert "江州市市场监督管理局" not in html


@pytest.mark.parametrize(
    ("unit", "chosen"),
    [("江南区市场监督管理局", "county_department"), ("江南区市场", "county_department")],
)
def test_filter_matches_a_typed_name_without_javascript(county_supervisor, org_tree, unit, chosen):
    response = client_for(county_supervisor).get(DASHBOARD, {"unit": unit})
    assert response.status_code == 200
    pk = getattr(org_tree, chosen).pk
    assert f'name="organization" value="{pk}"' in response.content.decode()


def test_filter_by_id_from_a_link_shows_the_units_name(supervisor, org_tree):
    html = client_for(supervisor).get(f"{DASHBOARD}?organization={org_tree.county.pk}")
    assert 'value="江南区人民政府"' in html.content.decode()
