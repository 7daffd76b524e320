"""A unit never sees another unit's scores or results before publication (DOMAIN.md §4)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from tests.evaluation.factories import SMALL_TREE, leaf
from xiaoneng.core.errors import Conflict, NotPermitted
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import ScorerRole, UnitKind
from xiaoneng.evaluation.selectors.rounds import results_visible, round_list, scores_visible
from xiaoneng.evaluation.services.indicators import system_create, system_save_tree
from xiaoneng.evaluation.services.rounds import (
    appeal_decide,
    appeal_file,
    round_assign,
    round_close_scoring,
    round_create,
    round_open,
    round_publish,
    score_enter,
)

S, F = ScorerRole.SELF_ASSESSMENT, ScorerRole.FUNCTIONAL_DEPARTMENT


@pytest.fixture
def scored(org_tree, make_user):
    t = org_tree
    officer = make_user(Role.EVALUATION_OFFICER, organization=t.efficiency_office)
    head_a = make_user(Role.DEPARTMENT_HEAD, organization=t.department)
    head_b = make_user(Role.DEPARTMENT_HEAD, organization=t.other_department)
    functional = make_user(Role.DEPARTMENT_HEAD, organization=t.service_centre)
    outsider = make_user(Role.DEPARTMENT_HEAD, organization=t.county_department)
    system = system_create(
        actor=officer, name="x", year=2026, unit_kind=UnitKind.CITY_DEPARTMENT, owner=t.city
    )
    system_save_tree(actor=officer, system=system, nodes=SMALL_TREE)
    r = round_create(
        actor=officer,
        name="r",
        system=system,
        units=[t.department, t.other_department],
        score_deadline=date(2026, 12, 20),
        shares={S: Decimal(40), F: Decimal(60)},
    )
    round_assign(
        actor=officer,
        evaluation_round=r,
        indicator=leaf(system, "1.2"),
        department=t.service_centre,
    )
    round_open(actor=officer, evaluation_round=r)
    with time_machine.travel(date(2026, 12, 1), tick=False):
        for head, unit in ((head_a, t.department), (head_b, t.other_department)):
            score_enter(
                actor=head,
                evaluation_round=r,
                unit=unit,
                indicator=leaf(system, "1.2"),
                scorer_role=S,
                grade="A",
            )
            score_enter(
                actor=functional,
                evaluation_round=r,
                unit=unit,
                indicator=leaf(system, "1.2"),
                scorer_role=F,
                grade="B",
            )
    return locals()


def test_unit_sees_only_its_own_scores_before_publication(scored, org_tree):
    s = scored
    r = s["r"]
    own = scores_visible(user=s["head_a"], evaluation_round=r)
    assert {x.unit for x in own} == {org_tree.department}
    assert scores_visible(user=s["officer"], evaluation_round=r).count() == 4
    # the functional department sees what it entered itself, for both units
    assert {x.scorer_role for x in scores_visible(user=s["functional"], evaluation_round=r)} == {F}


@time_machine.travel(date(2026, 12, 21), tick=False)
def test_results_hidden_from_other_units_until_published(scored, org_tree):
    s = scored
    r = s["r"]
    round_close_scoring(actor=s["officer"], evaluation_round=r)
    assert [x.unit for x in results_visible(user=s["head_a"], evaluation_round=r)] == [
        org_tree.department
    ]
    assert results_visible(user=s["outsider"], evaluation_round=r).count() == 0
    assert r not in round_list(user=s["outsider"])
    appeal = appeal_file(
        actor=s["head_a"], evaluation_round=r, unit=org_tree.department, reason="1.2 证据未采纳"
    )
    with pytest.raises(Conflict):
        round_publish(actor=s["officer"], evaluation_round=r)
    appeal_decide(actor=s["officer"], appeal=appeal, is_upheld=False, response="证据不足")
    round_publish(actor=s["officer"], evaluation_round=r)
    assert results_visible(user=s["head_a"], evaluation_round=r).count() == 2
    assert scores_visible(user=s["head_a"], evaluation_round=r).count() == 4


def test_unit_cannot_score_another_unit_or_as_functional(scored, org_tree):
    s = scored
    r, system = s["r"], s["system"]
    with time_machine.travel(date(2026, 12, 1), tick=False):
        with pytest.raises(NotPermitted):
            score_enter(
                actor=s["head_a"],
                evaluation_round=r,
                unit=org_tree.other_department,
                indicator=leaf(system, "1.2"),
                scorer_role=S,
                grade="A",
            )
        with pytest.raises(NotPermitted):
            score_enter(
                actor=s["head_a"],
                evaluation_round=r,
                unit=org_tree.department,
                indicator=leaf(system, "1.2"),
                scorer_role=F,
                grade="A",
            )


def test_self_assessment_refused_after_deadline(scored, org_tree):
    s = scored
    with time_machine.travel(date(2026, 12, 21), tick=False), pytest.raises(Conflict) as error:
        score_enter(
            actor=s["head_a"],
            evaluation_round=s["r"],
            unit=org_tree.department,
            indicator=leaf(s["system"], "1.2"),
            scorer_role=S,
            grade="B",
        )
    assert error.value.field == "score_deadline"


@time_machine.travel(date(2026, 12, 21), tick=False)
def test_appeal_window_in_working_days(scored, org_tree):
    s = scored
    round_close_scoring(actor=s["officer"], evaluation_round=s["r"], today=date(2026, 12, 21))
    # Monday 21 December 2026 + 5 working days → Monday 28 December
    assert s["r"].appeal_deadline == date(2026, 12, 28)
    with time_machine.travel(date(2026, 12, 29), tick=False), pytest.raises(Conflict):
        appeal_file(
            actor=s["head_a"], evaluation_round=s["r"], unit=org_tree.department, reason="late"
        )


@time_machine.travel(date(2026, 12, 21), tick=False)
def test_upheld_appeal_is_followed_by_a_correction_that_updates_the_result(scored, org_tree):
    s = scored
    r = s["r"]
    round_close_scoring(actor=s["officer"], evaluation_round=r)
    before = r.results.get(unit=org_tree.department).total
    appeal = appeal_file(
        actor=s["head_a"], evaluation_round=r, unit=org_tree.department, reason="职能部门评分有误"
    )
    appeal_decide(actor=s["officer"], appeal=appeal, is_upheld=True, response="予以更正")
    with pytest.raises(Conflict):  # the unit itself cannot change scores after scoring closed
        score_enter(
            actor=s["head_a"],
            evaluation_round=r,
            unit=org_tree.department,
            indicator=leaf(s["system"], "1.2"),
            scorer_role=S,
            grade="A",
        )
    score_enter(
        actor=s["officer"],
        evaluation_round=r,
        unit=org_tree.department,
        indicator=leaf(s["system"], "1.2"),
        scorer_role=F,
        grade="A",
        evidence="申诉成立，更正",
    )
    after = r.results.get(unit=org_tree.department).total
    # 1.2 weight 20: functional B (16) → A (20) at a 60 % share: +2.40
    assert after - before == Decimal("2.40")
