"""A hand-computed example: the small tree scored by three scorers (DOMAIN.md §4).

Shares: self-assessment 20 %, supervising leader 30 %, functional department 50 %. The
functional department (the statistics bureau) is assigned indicator 1 only, so for the leaves of
2 the shares of self and leader are scaled up: 20/50 = 0.4 and 30/50 = 0.6.

Unit A (市场监督管理局):
  1.1 target 95    self actual 95 → 40.00   leader 90.25 → 38.00   functional 85.5 → 36.00
                   = 0.2×40 + 0.3×38 + 0.5×36 = 8 + 11.4 + 18 = 37.40
  1.2 A=100 %/B=80 %/C=60 %  self A 20.00, leader B 16.00, functional C 12.00
                   = 4 + 4.8 + 6 = 14.80
  1   = 52.20
  2.1 deduction 5/event: self 0 → 25.00, leader 1 → 20.00     = 0.4×25 + 0.6×20 = 22.00
  2.2 qualitative: self A 15.00, leader B 12.00                = 6 + 7.2 = 13.20
  2.3 bonus 1/event (max 3): self 2 → 2.00, leader 1 → 1.00    = 0.8 + 0.6 = 1.40
  2   = 36.60
  total = 88.80 → grade good (80 ≤ 88.80 < 90)

Unit B (民政局): every scorer gives full marks on 1.x and 2.1/2.2, no bonus → 100.00 → excellent,
rank 1; unit A rank 2.
"""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from tests.evaluation.factories import SMALL_TREE, leaf
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import IndicatorSystem, ScorerRole, UnitKind
from xiaoneng.evaluation.selectors.rounds import results_visible
from xiaoneng.evaluation.services.indicators import system_create, system_save_tree
from xiaoneng.evaluation.services.rounds import (
    round_assign,
    round_close_scoring,
    round_create,
    round_open,
    round_publish,
    score_enter,
)

D = Decimal
S, LDR, F = (
    ScorerRole.SELF_ASSESSMENT,
    ScorerRole.SUPERVISING_LEADER,
    ScorerRole.FUNCTIONAL_DEPARTMENT,
)


@pytest.fixture
def setting(org_tree, make_user):
    t = org_tree
    officer = make_user(Role.EVALUATION_OFFICER, organization=t.efficiency_office)
    head_a = make_user(Role.DEPARTMENT_HEAD, organization=t.department)
    head_b = make_user(Role.DEPARTMENT_HEAD, organization=t.other_department)
    statistics = t.service_centre  # plays the functional department
    functional = make_user(Role.DEPARTMENT_HEAD, organization=statistics)
    system = system_create(
        actor=officer, name="市直部门", year=2026, unit_kind=UnitKind.CITY_DEPARTMENT, owner=t.city
    )
    system_save_tree(actor=officer, system=system, nodes=SMALL_TREE)
    evaluation_round = round_create(
        actor=officer,
        name="2026年度市直部门绩效评估",
        system=system,
        units=[t.department, t.other_department],
        score_deadline=date(2026, 12, 20),
        shares={S: D(20), LDR: D(30), F: D(50)},
    )
    round_assign(
        actor=officer,
        evaluation_round=evaluation_round,
        indicator=leaf(system, "1"),
        department=statistics,
    )
    round_open(actor=officer, evaluation_round=evaluation_round)
    return locals()


def _enter(actor, evaluation_round, unit, system, role, rows):
    for code, value in rows.items():
        kw = {}
        if code.startswith("1.1"):
            kw["actual"] = D(str(value))
        elif code in ("1.2", "2.2"):
            kw["grade"] = value
        else:
            kw["events"] = value
        score_enter(
            actor=actor,
            evaluation_round=evaluation_round,
            unit=unit,
            indicator=leaf(system, code),
            scorer_role=role,
            evidence="台账",
            **kw,
        )


@time_machine.travel(date(2026, 12, 1), tick=False)
def test_small_tree_scored_by_three_scorers(setting, org_tree):
    s = setting
    r, system, t = s["evaluation_round"], s["system"], org_tree
    _enter(
        s["head_a"],
        r,
        t.department,
        system,
        S,
        {"1.1": 95, "1.2": "A", "2.1": 0, "2.2": "A", "2.3": 2},
    )
    _enter(
        s["officer"],
        r,
        t.department,
        system,
        LDR,
        {"1.1": "90.25", "1.2": "B", "2.1": 1, "2.2": "B", "2.3": 1},
    )
    _enter(s["functional"], r, t.department, system, F, {"1.1": "85.5", "1.2": "C"})
    for actor, role in ((s["head_b"], S), (s["officer"], LDR)):
        _enter(
            actor,
            r,
            t.other_department,
            system,
            role,
            {"1.1": 95, "1.2": "A", "2.1": 0, "2.2": "A", "2.3": 0},
        )
    _enter(s["functional"], r, t.other_department, system, F, {"1.1": 95, "1.2": "A"})

    results = {res.unit: res for res in round_close_scoring(actor=s["officer"], evaluation_round=r)}
    a, b = results[t.department], results[t.other_department]
    assert a.node_points["1.1"] == D("37.40")
    assert a.node_points["1.2"] == D("14.80")
    assert a.node_points["1"] == D("52.20")
    assert a.node_points["2.1"] == D("22.00")
    assert a.node_points["2.2"] == D("13.20")
    assert a.node_points["2.3"] == D("1.40")
    assert a.node_points["2"] == D("36.60")
    assert a.total == D("88.80") and a.grade == "good" and a.rank == 2 and a.is_complete
    assert b.total == D("100.00") and b.grade == "excellent" and b.rank == 1

    round_publish(actor=s["officer"], evaluation_round=r)
    published = list(results_visible(user=s["head_a"], evaluation_round=r))
    assert [(x.unit, x.rank, x.total) for x in published] == [
        (t.other_department, 1, D("100.00")),
        (t.department, 2, D("88.80")),
    ]


@time_machine.travel(date(2026, 12, 1), tick=False)
def test_every_score_and_change_is_audited(setting, org_tree):
    s = setting
    r, system = s["evaluation_round"], s["system"]
    before = AuditRecord.objects.filter(action__startswith="evaluation.score").count()
    _enter(s["head_a"], r, org_tree.department, system, S, {"1.2": "A"})
    _enter(s["head_a"], r, org_tree.department, system, S, {"1.2": "B"})
    records = list(
        AuditRecord.objects.filter(action__startswith="evaluation.score").order_by("id")
    )[before:]
    assert [x.action for x in records] == ["evaluation.score.enter", "evaluation.score.change"]
    assert records[1].detail["before"]["grade"] == "A"
    assert records[1].detail["after"]["grade"] == "B"
    assert records[1].detail["after"]["points"] == "16.00"


def test_tree_system_is_versioned_per_year_and_kind(setting, org_tree):
    s = setting
    again = system_create(
        actor=s["officer"],
        name="市直部门",
        year=2026,
        unit_kind=UnitKind.CITY_DEPARTMENT,
        owner=org_tree.city,
    )
    county = system_create(
        actor=s["officer"],
        name="县区政府",
        year=2026,
        unit_kind=UnitKind.COUNTY_GOVERNMENT,
        owner=org_tree.city,
    )
    assert (again.version, county.version) == (2, 1)
    assert IndicatorSystem.objects.filter(year=2026).count() == 3
