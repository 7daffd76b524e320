"""The cockpit's figures equal the contexts' own selectors; only leaders and the efficiency office
open it (HTML and API); tables export to Excel; the hall display refreshes itself."""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.urls import reverse

from tests.supervision.factories import make_case, make_version
from xiaoneng.cockpit.periods import current_span, previous_span, year_ago_span
from xiaoneng.cockpit.selectors import cockpit_headlines
from xiaoneng.complaints.selectors import complaint_list_for_user
from xiaoneng.complaints.selectors.stats import complaint_figures
from xiaoneng.core.models import Organization
from xiaoneng.core.roles import Role
from xiaoneng.supervision.figures import period_figures
from xiaoneng.supervision.lights import light_summary

pytestmark = pytest.mark.django_db
D = date.fromisoformat
AS_OF = D("2025-09-26")


@pytest.fixture
def scene(org_tree):
    version = make_version(org_tree.department, committed=5, legal=20)
    other = make_version(org_tree.other_department, committed=10, legal=20)
    make_case(version, accepted_on=D("2025-09-01"), decided_on=D("2025-09-03"))
    make_case(version, accepted_on=D("2025-09-01"), decided_on=D("2025-09-10"))
    make_case(version, accepted_on=D("2025-09-01"))  # open and overdue
    make_case(other, accepted_on=D("2025-09-22"))  # open, in time
    make_case(version, accepted_on=D("2025-08-01"), decided_on=D("2025-08-05"))
    make_case(version, accepted_on=D("2024-09-02"), decided_on=D("2024-09-04"))


def _cases(user, span):
    return period_figures(user=user, start=span.start, end=span.end)


def _complaints(user, span):
    return complaint_figures(
        queryset=complaint_list_for_user(user=user),
        date_from=span.start,
        date_to=span.end,
        as_of=span.end,
    )


# Each row: the headline's code and how its owning context computes it.
SOURCES = [
    ("case_on_time_rate", lambda u, s: _cases(u, s).on_time_rate),
    ("cases_closed", lambda u, s: _cases(u, s).closed),
    ("lights_red", lambda u, s: light_summary(user=u, as_of=s.end).red),
    ("lights_yellow", lambda u, s: light_summary(user=u, as_of=s.end).yellow),
    ("complaints_received", lambda u, s: _complaints(u, s).received),
    ("complaints_due", lambda u, s: _complaints(u, s).due),
    ("complaints_closed", lambda u, s: _complaints(u, s).closed),
    ("complaint_closure_rate", lambda u, s: _complaints(u, s).closure_rate),
]


@pytest.mark.parametrize(("code", "source"), SOURCES)
@pytest.mark.parametrize("period", ["month", "quarter", "year"])
def test_headline_equals_the_context_selector(scene, personas, code, source, period):
    leader = personas[Role.LEADER]
    cockpit = cockpit_headlines(user=leader, as_of=AS_OF, period=period)
    headline = cockpit.headline(code)
    span = current_span(AS_OF, period)
    assert headline.value == source(leader, span)
    assert headline.previous == source(leader, previous_span(span, period))
    assert headline.year_ago == source(leader, year_ago_span(span))
    assert len(headline.trend) == 12 and headline.trend[-1].value == headline.value


def test_figures_of_the_scene(scene, personas):
    cockpit = cockpit_headlines(user=personas[Role.LEADER], as_of=AS_OF, period="month")
    assert cockpit.headline("cases_closed").value == 2
    assert cockpit.headline("cases_closed").previous == 1  # 环比: August 1–26
    assert cockpit.headline("cases_closed").year_ago == 1  # 同比: September 2024
    assert cockpit.headline("cases_closed").period_on_period == 100  # +100 %
    assert cockpit.headline("lights_red").value == 1
    ranking = cockpit.headline("lights_red").ranking
    assert ranking[0].unit == "江州市市场监督管理局" and ranking[0].value == 1


def test_drill_down_leads_to_the_cases_behind_the_number(scene, personas, client):
    leader = personas[Role.LEADER]
    headline = cockpit_headlines(user=leader, as_of=AS_OF).headline("lights_red")
    client.force_login(leader)
    response = client.get(headline.drill_url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == headline.value == 1


@pytest.mark.parametrize("role", [Role.LEADER, Role.EFFICIENCY_SUPERVISOR])
def test_leaders_and_efficiency_office_open_the_cockpit(personas, client, role):
    client.force_login(personas[role])
    assert client.get(reverse("cockpit:cockpit")).status_code == 200
    assert client.get(reverse("cockpit:display")).status_code == 200
    assert client.get("/api/v1/cockpit/").status_code == 200


@pytest.mark.parametrize(
    "role", [Role.WINDOW_CLERK, Role.REVIEWER, Role.COMPLAINT_HANDLER, Role.STREET_OFFICE_STAFF]
)
def test_others_are_refused_on_html_and_api(personas, client, role):
    client.force_login(personas[role])
    assert client.get(reverse("cockpit:cockpit")).status_code == 403
    assert client.get(reverse("cockpit:display")).status_code == 403
    assert client.get("/api/v1/cockpit/").status_code == 403


def test_citizens_and_anonymous_are_refused(client, db):
    assert client.get(reverse("cockpit:cockpit")).status_code == 302  # to sign-in
    assert client.get("/api/v1/cockpit/").status_code in (401, 403)


@pytest.mark.parametrize(
    ("query", "field"), [("as_of=yesterday", "as_of"), ("period=week", "period")]
)
def test_bad_input_is_a_400_naming_the_field(personas, client, query, field):
    client.force_login(personas[Role.LEADER])
    response = client.get(f"/api/v1/cockpit/?{query}")
    assert response.status_code == 400
    assert field in response.content.decode()
    assert client.get(f"{reverse('cockpit:cockpit')}?{query}").status_code == 400


def test_api_answers_the_typed_headlines(scene, personas, client):
    client.force_login(personas[Role.LEADER])
    data = client.get("/api/v1/cockpit/?as_of=2025-09-26&period=month").json()
    codes = {h["code"]: h for h in data["headlines"]}
    assert codes["cases_closed"]["value"] == 2.0
    assert codes["lights_red"]["drill_url"].startswith("/workbench/supervision/cases/")
    assert len(codes["cases_closed"]["trend"]) == 12


def test_excel_export_reads_back(scene, personas, client):
    client.force_login(personas[Role.LEADER])
    response = client.get(f"{reverse('cockpit:cockpit')}?as_of=2025-09-26&format=xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[2][2] == 2  # the second headline: cases closed
    assert len(list(workbook.worksheets[1].iter_rows(values_only=True))[0]) == 13


def test_hall_display_polls_itself(personas, client):
    client.force_login(personas[Role.LEADER])
    page = client.get(reverse("cockpit:display")).content.decode()
    assert 'hx-trigger="every 60s"' in page
    fragment = client.get(reverse("cockpit:display"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "cockpit-grid" in fragment


def test_units_are_ranked_by_on_time_rate_worst_first_with_the_list_behind_each(
    scene, personas, client
):
    """The ranking's rate is period_figures' rate of the agency (closed on time ÷ (closed + open
    and overdue)); each unit links to the supervision dashboard narrowed to it."""
    leader = personas[Role.LEADER]
    cockpit = cockpit_headlines(user=leader, as_of=AS_OF, period="month")
    ranking = cockpit.headline("case_on_time_rate").ranking
    span = current_span(AS_OF, "month")
    assert [r.unit for r in ranking] == ["江州市市场监督管理局"]  # the other has nothing due
    department = scene_department(ranking[0].drill_url)
    expected = period_figures(
        user=leader, start=span.start, end=span.end, organization=department
    ).on_time_rate
    assert ranking[0].value == expected
    assert ranking[0].drill_url.startswith(reverse("supervision:dashboard"))

    client.force_login(leader)
    page = client.get(reverse("cockpit:cockpit"), {"as_of": AS_OF.isoformat()}).content.decode()
    assert ranking[0].drill_url.replace("&", "&amp;") in page
    drilled = client.get(ranking[0].drill_url)
    assert drilled.status_code == 200
    api = client.get(reverse("api-cockpit"), {"as_of": AS_OF.isoformat()}).json()
    rates = next(h for h in api["headlines"] if h["code"] == "case_on_time_rate")
    assert rates["ranking"][0]["drill_url"] == ranking[0].drill_url


@pytest.mark.parametrize("code", ["lights_red", "warnings_issued", "complaints_received"])
def test_every_ranked_unit_links_to_its_list(scene, personas, client, code):
    leader = personas[Role.LEADER]
    client.force_login(leader)
    for row in cockpit_headlines(user=leader, as_of=AS_OF, period="month").headline(code).ranking:
        assert row.drill_url and client.get(row.drill_url).status_code == 200


def scene_department(url: str) -> Organization:
    query = parse_qs(urlsplit(url).query)
    return Organization.objects.get(pk=int(query["organization"][0]))
