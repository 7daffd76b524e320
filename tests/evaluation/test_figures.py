"""Live figures: the registry, defensive providers, and live-figure leaves scored at close."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from xiaoneng.core.roles import Role
from xiaoneng.evaluation import figures
from xiaoneng.evaluation.figures import Period, figure_value, register_figure
from xiaoneng.evaluation.models import FindingKind, Handling, ScorerRole, ScoringMethod, UnitKind
from xiaoneng.evaluation.scoring import NodeSpec
from xiaoneng.evaluation.services.indicators import system_create, system_save_tree
from xiaoneng.evaluation.services.inspections import (
    finding_handle,
    finding_record,
    visit_record,
)
from xiaoneng.evaluation.services.rounds import round_close_scoring, round_create, round_open

D = Decimal
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def test_figure():
    values = {}
    register_figure("test_figure", "test", lambda unit, period: values.get(unit.pk))
    yield values
    figures._FIGURES.pop("test_figure", None)


def test_every_registered_figure_answers_none_or_a_number(org_tree):
    for figure in figures.figures():
        value = figure_value(figure.code, org_tree.department, YEAR)
        assert value is None or isinstance(value, float), figure.code


def test_failing_provider_gives_none(org_tree):
    def broken(unit, period):
        raise RuntimeError("no such table")

    register_figure("broken", "broken", broken)
    try:
        assert figure_value("broken", org_tree.department, YEAR) is None
    finally:
        figures._FIGURES.pop("broken", None)
    assert figure_value("unknown", org_tree.department, YEAR) is None


@time_machine.travel(date(2027, 1, 5), tick=False)
def test_live_leaf_is_scored_from_the_figure_when_scoring_closes(org_tree, make_user, test_figure):
    t = org_tree
    officer = make_user(Role.EVALUATION_OFFICER, organization=t.efficiency_office)
    system = system_create(
        actor=officer, name="x", year=2026, unit_kind=UnitKind.CITY_DEPARTMENT, owner=t.city
    )
    system_save_tree(
        actor=officer,
        system=system,
        nodes=[
            NodeSpec(
                "1",
                "按时办结率",
                D(60),
                None,
                ScoringMethod.LIVE_FIGURE,
                target=D(95),
                figure_code="test_figure",
            ),
            NodeSpec(
                "2",
                "效能告诫",
                D(40),
                None,
                ScoringMethod.LIVE_FIGURE,
                per_event=D(10),
                figure_code="test_figure",
            ),
        ],
    )
    r = round_create(
        actor=officer,
        name="r",
        system=system,
        year=2026,
        units=[t.department, t.other_department],
        score_deadline=date(2027, 1, 1),
        shares={ScorerRole.SELF_ASSESSMENT: D(100)},
    )
    round_open(actor=officer, evaluation_round=r)
    test_figure[t.department.pk] = 2.0  # as ratio: 2 ÷ 95; as deductions: 40 − 2 × 10
    results = {x.unit: x for x in round_close_scoring(actor=officer, evaluation_round=r)}
    department = results[t.department]
    assert department.node_points["1"] == D("1.26")  # 60 × 2 ÷ 95
    assert department.node_points["2"] == D("20.00")
    assert department.is_complete
    assert not results[t.other_department].is_complete  # no figure → unscored, not 0-scored


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_finding_creates_a_real_efficiency_warning_counted_as_live_figure(org_tree, make_user):
    t = org_tree
    supervisor = make_user(Role.EFFICIENCY_SUPERVISOR, organization=t.efficiency_office)
    person = make_user(Role.REVIEWER, organization=t.department)
    visit = visit_record(
        actor=supervisor,
        owner=t.city,
        visited_on=date(2026, 5, 28),
        mode="unannounced",
        units=[t.department],
        inspectors=[supervisor],
    )
    finding = finding_record(
        actor=supervisor,
        visit=visit,
        unit=t.department,
        kind=FindingKind.ONLINE_CHAT,
        person=person,
    )
    finding_handle(actor=supervisor, finding=finding, handling=Handling.EFFICIENCY_WARNING)
    assert finding.warning_ref
    assert figure_value("efficiency_warnings", t.department, YEAR) == 1.0
    assert figure_value("efficiency_warnings", t.other_department, YEAR) == 0.0
