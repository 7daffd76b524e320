"""The cockpit's headlines of the efficiency office's other institutions (monitored enterprises,
key projects, special campaigns, rule filings, efficiency monitors): each equals its context's
selector for the period, the previous period and the year before; the batched figures equal one
selector call per figure; a county's supervisor sees the county's numbers only; a user without
supervision.view has none of them; each drills down to a page that opens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from rest_framework.test import APIClient

from tests.factories import OrganizationFactory
from tests.reports.test_institution_figures import (
    _enterprise,
    _problem,
    campaign,
    observation,
    problem,
    project_meeting,
)
from xiaoneng.cockpit.periods import Span, current_span, previous_span, year_ago_span
from xiaoneng.cockpit.selectors import cockpit_headlines, cockpit_headlines_per_figure
from xiaoneng.core.models import Level, OrganizationKind, User
from xiaoneng.core.roles import Role
from xiaoneng.enterprises.campaigns.selectors import campaign_figures, campaign_list
from xiaoneng.enterprises.monitors.selectors import monitor_figures
from xiaoneng.enterprises.selectors import enterprise_figures
from xiaoneng.evaluation.selectors.filings import units_missing_on
from xiaoneng.projects.selectors import project_figures

pytestmark = pytest.mark.django_db
D = date.fromisoformat
AS_OF = D("2025-09-26")
CODES = [
    "enterprise_on_time_rate",
    "enterprise_problems_overdue",
    "projects_helped",
    "campaign_enterprises_investigated",
    "campaign_amount_refunded",
    "units_missing_rules",
    "monitor_observations",
]


@pytest.fixture
def scene(org_tree, personas):
    """Records of each institution this month, last month and a year ago, at a city department;
    one problem unanswered past its due day."""
    user = personas[Role.EFFICIENCY_SUPERVISOR]
    for on in (D("2025-09-10"), D("2025-09-12"), D("2025-08-11"), D("2024-09-09")):
        for make in (problem, project_meeting, campaign, observation):
            make(org_tree.department, user, on)
    _problem(
        _enterprise(org_tree.department),
        org_tree.department,
        reported_on=D("2025-09-01"),
        due_on=D("2025-09-15"),
        replied_on=None,
    )


def _enterprises(u: User, s: Span) -> object:
    return enterprise_figures(user=u, start=s.start, end=s.end)


def _campaigns(u: User, s: Span):  # type: ignore[no-untyped-def]
    return campaign_figures(campaigns=campaign_list(user=u), start=s.start, end=s.end, as_of=s.end)


# Each row: the headline's code and how its owning context computes it (the rule it reads).
SOURCES: list[tuple[str, Callable[[User, Span], object]]] = [
    # replied on time ÷ (replied + unanswered past the 10-working-day due day), DOMAIN.md §3
    ("enterprise_on_time_rate", lambda u, s: _enterprises(u, s).on_time_rate),  # type: ignore[attr-defined]
    ("enterprise_problems_overdue", lambda u, s: _enterprises(u, s).overdue_open),  # type: ignore[attr-defined]
    # the seed's "116 projects" whose problems joint review meetings solved
    (
        "projects_helped",
        lambda u, s: project_figures(user=u, start=s.start, end=s.end).projects_helped,
    ),
    # the seed's "调查企业360家"
    ("campaign_enterprises_investigated", lambda u, s: _campaigns(u, s).enterprises_investigated),
    # yuan refunded on findings, whole yuan half up in the cockpit
    (
        "campaign_amount_refunded",
        lambda u, s: _campaigns(u, s).amount_refunded.quantize(Decimal(1), rounding=ROUND_HALF_UP),
    ),
    # units with one of the eight rules not accepted at the period's end
    ("units_missing_rules", lambda u, s: units_missing_on(user=u, days=[s.end])[s.end]),
    (
        "monitor_observations",
        lambda u, s: monitor_figures(user=u, start=s.start, end=s.end).observations,
    ),
]


@pytest.mark.parametrize(("code", "source"), SOURCES, ids=[r[0] for r in SOURCES])
@pytest.mark.parametrize("period", ["month", "quarter", "year"])
def test_headline_equals_the_context_selector(scene, personas, code, source, period):
    leader = personas[Role.LEADER]
    headline = cockpit_headlines(user=leader, as_of=AS_OF, period=period).headline(code)
    span = current_span(AS_OF, period)
    assert headline.value == source(leader, span)
    assert headline.previous == source(leader, previous_span(span, period))
    assert headline.year_ago == source(leader, year_ago_span(span))
    assert len(headline.trend) == 12 and headline.trend[-1].value == headline.value


def test_the_scenes_numbers(scene, personas):
    cockpit = cockpit_headlines(user=personas[Role.LEADER], as_of=AS_OF, period="month")
    values = {code: cockpit.headline(code).value for code in CODES}
    assert values["enterprise_on_time_rate"] == Decimal("66.7")  # 2 on time, 1 overdue
    assert values["enterprise_problems_overdue"] == 1
    assert values["projects_helped"] == 2
    assert values["campaign_enterprises_investigated"] == 2
    assert values["campaign_amount_refunded"] == 1000
    assert values["monitor_observations"] == 2
    assert values["units_missing_rules"] and values["units_missing_rules"] > 0
    assert cockpit.headline("monitor_observations").previous == 1


@pytest.mark.parametrize("period", ["month", "quarter", "year"])
def test_batched_cockpit_equals_one_selector_call_per_figure(scene, personas, period):
    for role in (Role.LEADER, Role.EFFICIENCY_SUPERVISOR, Role.DEPARTMENT_HEAD):
        user = personas[role]
        batched = cockpit_headlines(user=user, as_of=AS_OF, period=period)
        assert batched == cockpit_headlines_per_figure(user=user, as_of=AS_OF, period=period)


@pytest.fixture
def county_supervisor(org_tree, make_user) -> User:  # type: ignore[no-untyped-def]
    office = OrganizationFactory(
        name="江南区效能办",
        kind=OrganizationKind.EFFICIENCY_OFFICE,
        parent=org_tree.county,
        level=Level.COUNTY,
    )
    return make_user(Role.EFFICIENCY_SUPERVISOR, organization=office)


def test_a_county_supervisor_sees_only_the_countys_figures(scene, county_supervisor, client):
    cockpit = cockpit_headlines(user=county_supervisor, as_of=AS_OF)
    for code in CODES:
        if code == "units_missing_rules":
            continue  # the county's own departments are flagged: none file yet
        assert cockpit.headline(code).value in (0, None), code
    api = APIClient()
    api.force_authenticate(county_supervisor)
    data = api.get("/api/v1/cockpit/", {"as_of": "2025-09-26"}).json()
    codes = {h["code"]: h for h in data["headlines"]}
    assert codes["campaign_enterprises_investigated"]["value"] == 0
    assert codes["monitor_observations"]["value"] == 0
    client.force_login(county_supervisor)
    page = client.get("/workbench/cockpit/", {"as_of": "2025-09-26"})
    assert page.status_code == 200
    headline = next(
        h for h in page.context["cockpit"].headlines if h.code == "campaign_amount_refunded"
    )
    assert headline.value == 0


def test_without_supervision_view_there_is_no_such_headline(scene, personas, org_tree, make_user):
    community = make_user(Role.COMMUNITY_STAFF, organization=org_tree.community)
    codes = {h.code for h in cockpit_headlines(user=community, as_of=AS_OF).headlines}
    assert not codes & set(CODES)
    leader = {h.code for h in cockpit_headlines(user=personas[Role.LEADER], as_of=AS_OF).headlines}
    assert set(CODES) <= leader


@pytest.mark.parametrize("role", [Role.DEPARTMENT_HEAD, Role.COMMUNITY_STAFF])
def test_others_see_no_headline_on_the_page_or_the_api(personas, org_tree, make_user, client, role):
    user = personas[role]
    client.force_login(user)
    assert client.get("/workbench/cockpit/").status_code == 403
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/v1/cockpit/").status_code == 403


@pytest.mark.parametrize("code", CODES)
def test_every_headline_drills_down_to_a_page_that_opens(scene, personas, client, code):
    leader = personas[Role.LEADER]
    headline = cockpit_headlines(user=leader, as_of=AS_OF).headline(code)
    client.force_login(personas[Role.EFFICIENCY_SUPERVISOR])
    assert client.get(headline.drill_url).status_code == 200


def test_the_labels_are_chinese_by_default(scene, personas, client):
    client.force_login(personas[Role.LEADER])
    html = client.get("/workbench/cockpit/", {"as_of": "2025-09-26"}).content.decode()
    for label in ("按期答复率", "项目", "清退", "未备案", "效能监督员"):
        assert label in html, label


@pytest.mark.parametrize("period", ["month", "quarter", "year"])
def test_the_overdue_headline_drills_down_to_exactly_its_problems(scene, personas, client, period):
    """The list behind "unanswered past the deadline" holds the problems the number counts:
    reported in the period, unreplied after the due day as of the period's end."""
    leader = personas[Role.LEADER]
    headline = cockpit_headlines(user=leader, as_of=AS_OF, period=period).headline(
        "enterprise_problems_overdue"
    )
    client.force_login(leader)
    page = client.get(headline.drill_url)
    assert page.status_code == 200
    assert page.context["overdue"] is True
    rows = page.context["rows"]
    assert len(rows) == headline.value == 1
    assert rows[0].replied_on is None and rows[0].due_on < AS_OF
    assert "逾期未答复的企业问题" in page.content.decode()


def test_the_overdue_headline_ranks_units_worst_first_with_their_lists(
    scene, personas, org_tree, client
):
    """Ranking: units by problems unanswered past the deadline, most first; each row opens the
    list of that unit's overdue problems."""
    for due_on in (D("2025-09-05"), D("2025-09-08")):
        _problem(
            _enterprise(org_tree.other_department),
            org_tree.other_department,
            reported_on=D("2025-09-01"),
            due_on=due_on,
            replied_on=None,
        )
    leader = personas[Role.LEADER]
    headline = cockpit_headlines(user=leader, as_of=AS_OF).headline("enterprise_problems_overdue")
    assert headline.value == 3
    ranked = [(r.rank, r.unit, r.value) for r in headline.ranking]
    assert ranked == [
        (1, org_tree.other_department.name, 2),
        (2, org_tree.department.name, 1),
    ]
    client.force_login(leader)
    for row in headline.ranking:
        page = client.get(row.drill_url)
        assert page.status_code == 200
        assert len(page.context["rows"]) == row.value
        assert {p.unit.name for p in page.context["rows"]} == {row.unit}
