"""The situation report's figures of the efficiency office's other institutions — monitored
enterprises' problems, joint review meetings on key projects, special campaigns, rule filings
and efficiency monitors — each the owning context's selector for the period, narrowed to a unit
like the report's other figures (a unit counts itself and the units under it).

Seed (DOMAIN.md §4, seed document 1): "召开各类项目协调会和联审联办会31场次，解决了116个项目落地的
具体问题"; "解决了130多起企业群众的矛盾纠纷和问题投诉"; "调查企业360家"; "八项制度……报市效能办备案";
"效能办十家监测联系企业制度"; "组织效能监督员和新闻媒体参与舆论和社会监督"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import OrganizationFactory, UserFactory
from tests.supervision.factories import make_case, make_version
from xiaoneng.cases.models import JointReviewMeeting
from xiaoneng.core.models import (
    Applicant,
    ApplicantKind,
    Level,
    Organization,
    OrganizationKind,
    User,
    UserKind,
)
from xiaoneng.core.roles import Role
from xiaoneng.enterprises.models import (
    Campaign,
    CampaignEnterprise,
    CampaignKind,
    Enterprise,
    Finding,
    FindingKind,
    Monitor,
    Observation,
    ObservationSource,
    Problem,
    Visit,
    VisitKind,
)
from xiaoneng.enterprises.selectors import enterprise_figures
from xiaoneng.enterprises.workflow import FindingStatus, ObservationStatus, Status
from xiaoneng.evaluation.models import EfficiencyRule, RuleFiling
from xiaoneng.evaluation.workflow import FilingStatus
from xiaoneng.projects.models import Project
from xiaoneng.reports.figures import situation_figures

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)
IN_PERIOD = date(2025, 6, 16)
DUE = date(2025, 6, 30)
SERIAL = count(1)


def _enterprise(unit: Organization) -> Enterprise:
    n = next(SERIAL)
    applicant = Applicant.objects.create(
        kind=ApplicantKind.LEGAL_PERSON, name=f"企业{n}", id_number=f"91330100MA{n:08d}"
    )
    return Enterprise.objects.create(applicant=applicant, contact_unit=unit, designated_on=START)


def _problem(
    enterprise: Enterprise,
    unit: Organization,
    *,
    reported_on: date = IN_PERIOD,
    due_on: date = DUE,
    replied_on: date | None = IN_PERIOD,
    satisfaction: str = "",
) -> Problem:
    status = Status.REPORTED if replied_on is None else Status.REPLIED
    if satisfaction:
        status = Status.RATED
    return Problem.objects.create(
        number=f"P{next(SERIAL)}",
        enterprise=enterprise,
        title="审批慢",
        description="d",
        unit=unit,
        status=status,
        reported_on=reported_on,
        due_on=due_on,
        replied_on=replied_on,
        satisfaction=satisfaction,
    )


def problem(unit: Organization, user: User, on: date = IN_PERIOD) -> None:
    _problem(
        _enterprise(unit),
        unit,
        reported_on=on,
        due_on=on + timedelta(days=14),
        replied_on=on,
        satisfaction="satisfied",
    )


def enterprise_visit(unit: Organization, user: User, on: date = IN_PERIOD) -> None:
    visit = Visit.objects.create(kind=VisitKind.VISIT, held_on=on, unit=unit, topic="走访")
    visit.enterprises.add(_enterprise(unit))


def _project(unit: Organization) -> Project:
    investor = _enterprise(unit)
    project = Project.objects.create(
        number=f"XM{next(SERIAL)}", name="新材料产业园", lead_unit=unit, investor=investor.applicant
    )
    project.cases.add(make_case(make_version(unit), accepted_on=date(2025, 6, 2)))
    return project


def project_meeting(unit: Organization, user: User, on: date = IN_PERIOD) -> None:
    project = _project(unit)
    meeting = JointReviewMeeting.objects.create(
        held_on=on,
        organizer=unit,
        problems="用地、环评",
        solutions="并联审批",
        problems_solved=3,
        recorded_at=timezone.now(),
    )
    meeting.cases.set(project.cases.all())


def investor_problem(unit: Organization, user: User, on: date = IN_PERIOD) -> None:
    project = _project(unit)
    _problem(
        Enterprise.objects.get(applicant=project.investor),
        unit,
        reported_on=on,
        due_on=on + timedelta(days=14),
        replied_on=on,
    )


def campaign(unit: Organization, user: User, on: date = IN_PERIOD) -> None:
    found = Campaign.objects.create(
        title="涉企收费清理", kind=CampaignKind.FEE_CLEANUP, lead_unit=unit, started_on=START
    )
    enterprise = CampaignEnterprise.objects.create(
        campaign=found, name=f"被调查企业{next(SERIAL)}", investigated_on=on
    )
    Finding.objects.create(
        number=f"F{next(SERIAL)}",
        campaign=found,
        enterprise=enterprise,
        kind=FindingKind.UNREASONABLE_CHARGE,
        description="超标准收费",
        unit=unit,
        amount_charged=Decimal("800.00"),
        amount_refunded=Decimal("500.00"),
        found_on=on,
        due_on=on + timedelta(days=14),
        status=FindingStatus.RECTIFIED,
        rectified_on=on,
    )


def observation(unit: Organization, user: User, on: date = IN_PERIOD) -> None:
    account = UserFactory(kind=UserKind.APPLICANT, organization=None, roles=[])
    applicant = Applicant.objects.create(
        kind=ApplicantKind.NATURAL_PERSON,
        name="监督员",
        id_number=f"3601021988{next(SERIAL):08d}",
        account=account,
    )
    monitor = Monitor.objects.create(
        applicant=applicant, office=unit, appointed_on=START, term_ends_on=date(2026, 12, 31)
    )
    Observation.objects.create(
        number=f"O{next(SERIAL)}",
        office=unit,
        source=ObservationSource.MONITOR,
        monitor=monitor,
        title="窗口无人",
        description="d",
        submitted_on=on,
        status=ObservationStatus.REPLIED,
        unit=unit,
        forwarded_on=on,
        due_on=on + timedelta(days=14),
        replied_on=on,
    )


# (figure, what creates one record at a unit, the figure for one such record)
ROWS: list[tuple[str, Callable[[Organization, User], None], object]] = [
    ("enterprise_problems", problem, 1),
    ("enterprise_problems_replied", problem, 1),
    ("enterprise_problems_replied_on_time", problem, 1),
    ("enterprise_visits", enterprise_visit, 1),
    ("project_meetings", project_meeting, 1),
    ("projects_helped", project_meeting, 1),
    ("project_problems_solved", project_meeting, 3),
    ("project_disputes_resolved", investor_problem, 1),
    ("campaign_enterprises_investigated", campaign, 1),
    ("campaign_findings", campaign, 1),
    ("campaign_findings_rectified", campaign, 1),
    ("campaign_amount_refunded", campaign, Decimal("500.00")),
    ("monitors_serving", observation, 1),
    ("monitor_observations", observation, 1),
    ("observations_forwarded", observation, 1),
    ("observations_replied_on_time", observation, 1),
]


@pytest.fixture
def office_user(org_tree, make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user(Role.EFFICIENCY_SUPERVISOR, organization=org_tree.efficiency_office)


@pytest.mark.parametrize(
    ("figure", "make", "one"), ROWS, ids=[f"{r[0]}-{r[1].__name__}" for r in ROWS]
)
def test_a_units_report_counts_only_that_unit(org_tree, office_user, figure, make, one):
    make(org_tree.department, office_user)
    make(org_tree.other_department, office_user)

    def value(unit: Organization | None) -> object:
        figures = situation_figures(
            user=office_user, start=START, end=END, as_of=END, organization=unit
        )
        return getattr(figures, figure)

    assert value(None) == 2 * one  # type: ignore[operator]
    assert value(org_tree.department) == one
    assert value(org_tree.city) == 2 * one  # type: ignore[operator]
    assert value(org_tree.county) == 0


@pytest.mark.parametrize(("figure", "make"), [(r[0], r[1]) for r in ROWS], ids=[r[0] for r in ROWS])
def test_a_county_supervisor_sees_only_the_countys_figures(
    org_tree, office_user, make_user, figure, make
):
    """Scope: the city's records are outside a county efficiency office's supervision.view."""
    make(org_tree.department, office_user)
    county_office = OrganizationFactory(
        name="江南区效能办",
        kind=OrganizationKind.EFFICIENCY_OFFICE,
        parent=org_tree.county,
        level=Level.COUNTY,
    )
    county_supervisor = make_user(Role.EFFICIENCY_SUPERVISOR, organization=county_office)
    figures = situation_figures(user=county_supervisor, start=START, end=END, as_of=END)
    assert getattr(figures, figure) == 0
    assert getattr(situation_figures(user=office_user, start=START, end=END, as_of=END), figure)


def _accept_all(unit: Organization, user: User, on: datetime) -> None:
    for rule in EfficiencyRule.values:
        RuleFiling.objects.create(
            unit=unit,
            rule=rule,
            version=1,
            text="制度文本",
            filed_on=on.date(),
            filed_by=user,
            status=FilingStatus.ACCEPTED,
            reviewed_by=user,
            reviewed_at=on,
        )


def test_units_missing_a_rule_as_of_the_day(org_tree, office_user):
    """A unit is flagged while one of its eight rules has no accepted version (evaluation.
    selectors.filings.units_missing_rules); read back in time, a version counts from the day it
    was accepted — so a report as of an earlier day flags the unit again."""
    before = situation_figures(user=office_user, start=START, end=END, as_of=END)
    assert before.rule_filing_units > 2
    assert before.rule_filing_units_missing == before.rule_filing_units
    _accept_all(org_tree.department, office_user, datetime(2025, 6, 16, 2, tzinfo=UTC))
    _accept_all(org_tree.other_department, office_user, datetime(2025, 6, 16, 2, tzinfo=UTC))
    RuleFiling.objects.filter(unit=org_tree.other_department, rule=EfficiencyRule.STAND_IN).update(
        status=FilingStatus.RETURNED
    )
    after = situation_figures(user=office_user, start=START, end=END, as_of=END)
    assert after.rule_filing_units_missing == before.rule_filing_units - 1
    earlier = situation_figures(user=office_user, start=START, end=END, as_of=date(2025, 6, 15))
    assert earlier.rule_filing_units_missing == before.rule_filing_units
    unit = situation_figures(
        user=office_user, start=START, end=END, as_of=END, organization=org_tree.department
    )
    assert (unit.rule_filing_units, unit.rule_filing_units_missing) == (1, 0)


# Monitored enterprises' problems (enterprises.selectors.enterprise_figures): reply due in 10
# working days; a reply on the due day is on time, a day later is late; unanswered past the due
# day counts against the on-time rate (as the closure rate counts open overdue complaints as
# due, DOMAIN.md §3); satisfied = satisfied or basically satisfied (the complaint centre's
# three levels), of those rated.
PROBLEM_TABLE = [
    # (due_on, replied_on, satisfaction) → counted as of 2025-07-10
    ((date(2025, 6, 30), date(2025, 6, 30), "satisfied"), "on time, on the due day"),
    ((date(2025, 6, 30), date(2025, 7, 1), "dissatisfied"), "late by a day"),
    ((date(2025, 6, 30), None, ""), "unanswered past the due day"),
    ((date(2025, 7, 20), None, ""), "unanswered, not yet due"),
    ((date(2025, 6, 30), date(2025, 6, 20), "basically_satisfied"), "early"),
]


def test_enterprise_problem_rules(org_tree, office_user):
    enterprise = _enterprise(org_tree.department)
    for (due_on, replied_on, satisfaction), _why in PROBLEM_TABLE:
        _problem(
            enterprise,
            org_tree.department,
            due_on=due_on,
            replied_on=replied_on,
            satisfaction=satisfaction,
        )
    as_of = date(2025, 7, 10)
    figures = enterprise_figures(user=office_user, start=START, end=END, as_of=as_of)
    assert (figures.problems, figures.replied, figures.replied_on_time) == (5, 3, 2)
    assert figures.overdue_open == 1
    assert figures.on_time_rate == Decimal("50.0")  # 2 ÷ (3 replied + 1 overdue)
    assert figures.satisfaction_percent == Decimal("66.7")  # 2 of 3 rated, half up
    report = situation_figures(user=office_user, start=START, end=END, as_of=as_of)
    assert (
        report.enterprise_problems_on_time_rate,
        report.enterprise_satisfaction_rate,
        report.enterprise_problems_overdue,
    ) == (Decimal("50.0"), Decimal("66.7"), 1)


def test_project_figures_count_a_meeting_once_and_only_meetings_that_solved(org_tree, office_user):
    """A meeting discussing two projects is one meeting and helps two projects; a meeting that
    solved nothing counts as held but helps no project; a meeting out of the period is not
    counted; a meeting on cases of no project is not a project meeting."""
    unit = org_tree.department
    first, second = _project(unit), _project(unit)

    def meeting(held_on: date, solved: int, *cases: object) -> None:
        row = JointReviewMeeting.objects.create(
            held_on=held_on,
            organizer=unit,
            problems="p",
            problems_solved=solved,
            recorded_at=timezone.now(),
        )
        row.cases.set(cases)

    meeting(IN_PERIOD, 4, *first.cases.all(), *second.cases.all())
    meeting(IN_PERIOD, 0, *first.cases.all())
    meeting(START - timedelta(days=1), 5, *first.cases.all())
    meeting(IN_PERIOD, 7, make_case(make_version(unit), accepted_on=IN_PERIOD))
    figures = situation_figures(user=office_user, start=START, end=END, as_of=END)
    assert (figures.project_meetings, figures.projects_helped, figures.project_problems_solved) == (
        2,
        2,
        4,
    )


def test_the_report_figures_api_answers_the_new_fields_typed(org_tree, office_user):
    campaign(org_tree.department, office_user)
    problem(org_tree.department, office_user)
    api = APIClient()
    api.force_authenticate(office_user)
    data = api.get(
        "/api/v1/reports/situation/figures/", {"from": "2025-01-01", "to": "2025-12-31"}
    ).json()
    assert data["campaign_amount_refunded"] == 500.0
    assert data["enterprise_problems_on_time_rate"] == 100.0
    assert data["rule_filing_units_missing"] >= 1
    scoped = api.get(
        "/api/v1/reports/situation/figures/",
        {"from": "2025-01-01", "to": "2025-12-31", "unit": org_tree.other_department.pk},
    ).json()
    assert (scoped["campaign_findings"], scoped["enterprise_problems"]) == (0, 0)


def test_the_report_figures_api_refuses_who_may_not_read_reports(org_tree, make_user):
    api = APIClient()
    api.force_authenticate(make_user(Role.REVIEWER, organization=org_tree.department))
    response = api.get(
        "/api/v1/reports/situation/figures/", {"from": "2025-01-01", "to": "2025-12-31"}
    )
    assert response.status_code == 403
