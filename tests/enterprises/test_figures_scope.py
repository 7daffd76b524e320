"""The figures pages and APIs of monitored enterprises and of efficiency monitors count only
the records of units in the reader's supervision.view scope (docs/enterprises.md, "Figures"):
a county efficiency office reads its county, never the city's departments; the city's office
reads both. Refused without supervision.view, on the page and on the API alike."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import OrganizationFactory
from tests.reports.test_institution_figures import END, START, observation, problem
from xiaoneng.core.models import Level, OrganizationKind
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.django_db
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}

# (figures, what creates one record at a unit, the API's figure, the page's context → figure)
ROWS = [
    (
        "enterprises",
        problem,
        ("api-enterprise-figures", "problems"),
        ("enterprises:figures", lambda c: c["figures"].problems),
    ),
    (
        "monitors",
        observation,
        ("api-monitor-figures", "observations"),
        ("enterprises:monitor_figures", lambda c: dict(c["rows"])["Observations"]),
    ),
]


@pytest.fixture
def readers(org_tree, make_user):  # type: ignore[no-untyped-def]
    county_office = OrganizationFactory(
        name="江南区效能办",
        kind=OrganizationKind.EFFICIENCY_OFFICE,
        parent=org_tree.county,
        level=Level.COUNTY,
    )
    return {
        "city": make_user(Role.EFFICIENCY_SUPERVISOR, organization=org_tree.efficiency_office),
        "county": make_user(Role.EFFICIENCY_SUPERVISOR, organization=county_office),
        "clerk": make_user(Role.WINDOW_CLERK, organization=org_tree.department),
    }


def _api(user, name: str, field: str):  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(reverse(name), PERIOD, HTTP_ACCEPT_LANGUAGE="en")
    return response.status_code, (
        response.json().get(field) if response.status_code == 200 else None
    )


def _page(client, user, name: str, read):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse(name), PERIOD, HTTP_ACCEPT_LANGUAGE="en")
    return response.status_code, (read(response.context) if response.status_code == 200 else None)


@pytest.mark.parametrize(("what", "make", "api", "page"), ROWS, ids=[r[0] for r in ROWS])
def test_figures_count_only_the_readers_scope(client, org_tree, readers, what, make, api, page):
    make(org_tree.department, readers["city"])  # a city department's record
    make(org_tree.county, readers["city"])  # the county's own record
    assert _api(readers["city"], *api) == (200, 2)
    assert _api(readers["county"], *api) == (200, 1)
    assert _page(client, readers["city"], *page) == (200, 2)
    assert _page(client, readers["county"], *page) == (200, 1)


@pytest.mark.parametrize(("what", "make", "api", "page"), ROWS, ids=[r[0] for r in ROWS])
def test_figures_are_refused_without_supervision_view(client, readers, what, make, api, page):
    assert _api(readers["clerk"], *api)[0] == 403
    assert _page(client, readers["clerk"], *page)[0] == 403


def test_the_overdue_list_keeps_to_the_readers_scope(client, org_tree, readers):  # type: ignore[no-untyped-def]
    """?due=overdue&unit=… of a unit outside the scope lists nothing of it; without
    supervision.view or complaint.reply the list is refused."""
    from datetime import date as day

    from tests.reports.test_institution_figures import _enterprise, _problem

    for unit in (org_tree.department, org_tree.county):
        _problem(
            _enterprise(unit), unit, reported_on=day(2025, 6, 2), due_on=day(2025, 6, 16),
            replied_on=None,
        )  # fmt: skip
    query = {"due": "overdue", "start": "2025-01-01", "end": "2025-12-31"}
    client.force_login(readers["city"])
    assert len(client.get(reverse("enterprises:problems"), query).context["rows"]) == 2
    client.force_login(readers["county"])
    page = client.get(reverse("enterprises:problems"), query, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert [p.unit for p in page.context["rows"]] == [org_tree.county]
    assert "2025-01-01至2025-12-31反映" in page.content.decode()
    forged = {**query, "unit": org_tree.department.pk}
    assert client.get(reverse("enterprises:problems"), forged).context["rows"] == []
    assert client.get(reverse("enterprises:problems"), {**query, "unit": "x"}).status_code == 200
    client.force_login(readers["clerk"])
    assert client.get(reverse("enterprises:problems"), query).status_code == 403
