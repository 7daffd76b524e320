"""Democratic appraisal of units (民主评议政风行风, seed document 1): four respondent groups with
weights summing to 100; the weighted result scores a round's indicator live."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from tests.evaluation.factories import SMALL_TREE, leaf
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import LiveFigureValue, Question, ScorerRole, UnitKind
from xiaoneng.evaluation.selectors.appraisals import appraisal_results, weighted_result
from xiaoneng.evaluation.services.appraisals import (
    appraisal_answer_paper,
    appraisal_create,
    appraisal_issue,
    appraisal_link,
    validate_group_weights,
)
from xiaoneng.evaluation.services.indicators import system_create, system_save_tree
from xiaoneng.evaluation.services.rounds import (
    round_close_scoring,
    round_compute,
    round_create,
    round_open,
    score_enter,
)

D = Decimal
WEIGHTS = {"public": 40, "enterprise": 30, "deputy": 20, "monitor": 10}
TODAY = date(2026, 11, 2)


@pytest.mark.parametrize(
    ("weights", "ok"),
    [
        (WEIGHTS, True),
        ({"public": 100}, True),
        ({"public": "50.5", "enterprise": "49.5"}, True),
        ({"public": 40, "enterprise": 30, "deputy": 20}, False),  # 90
        ({"public": 60, "enterprise": 50}, False),  # 110
        ({"public": 110, "enterprise": -10}, False),  # negative
        ({"public": 50, "press": 50}, False),  # unknown group
        ({"public": "half", "enterprise": 50}, False),
    ],
)
def test_group_weights_sum_to_100(weights, ok):
    if ok:
        assert sum(validate_group_weights(weights).values()) == 100
    else:
        with pytest.raises(InvalidInput) as error:
            validate_group_weights(weights)
        assert error.value.field == "weights"


@pytest.mark.parametrize(
    ("by_group", "expected"),
    [
        ({"public": D(100), "enterprise": D(50), "deputy": D(0), "monitor": D(80)}, D("63.00")),
        ({"public": D(100), "enterprise": D(50), "deputy": None, "monitor": None}, D("78.57")),
        ({"public": None, "enterprise": None, "deputy": None, "monitor": None}, None),
    ],
)
def test_weighted_result_scales_up_the_groups_that_answered(by_group, expected):
    weights = {g: D(w) for g, w in WEIGHTS.items()}
    assert weighted_result(by_group, weights) == expected


@pytest.fixture
def setting(org_tree, make_user, django_capture_on_commit_callbacks):
    t = org_tree
    officer = make_user(Role.EVALUATION_OFFICER, organization=t.efficiency_office)
    head = make_user(Role.DEPARTMENT_HEAD, organization=t.department)
    system = system_create(
        actor=officer, name="市直部门", year=2026, unit_kind=UnitKind.CITY_DEPARTMENT, owner=t.city
    )
    system_save_tree(actor=officer, system=system, nodes=SMALL_TREE)
    evaluation_round = round_create(
        actor=officer,
        name="2026年度绩效评估",
        system=system,
        units=[t.department, t.other_department],
        score_deadline=date(2026, 12, 20),
        shares={ScorerRole.SELF_ASSESSMENT: D(50), ScorerRole.SUPERVISING_LEADER: D(50)},
    )
    round_open(actor=officer, evaluation_round=evaluation_round)
    appraisal = appraisal_create(
        actor=officer,
        title="2026年度民主评议政风行风",
        year=2026,
        owner=t.city,
        units=[t.department, t.other_department],
        weights=WEIGHTS,
    )
    return {
        "t": t,
        "officer": officer,
        "head": head,
        "round": evaluation_round,
        "system": system,
        "appraisal": appraisal,
        "on_commit": django_capture_on_commit_callbacks,
    }


def _answer(s, unit, group, value):
    survey = s["appraisal"].units.get(unit=unit).survey
    values = {q.pk: value for q in Question.objects.filter(section__survey=survey)}
    with s["on_commit"](execute=True):  # survey_answered is sent after the commit
        return appraisal_answer_paper(
            actor=s["officer"], appraisal=s["appraisal"], unit=unit, group=group, values=values
        )


@time_machine.travel(TODAY, tick=False)
def test_each_unit_has_a_questionnaire_and_copies_per_group(setting):
    s, t = setting, setting["t"]
    assert s["appraisal"].units.count() == 2
    copies = appraisal_issue(
        actor=s["officer"], appraisal=s["appraisal"], unit=t.department, group="monitor", copies=3
    )
    assert {c.respondent_kind for c in copies} == {"monitor"}
    with pytest.raises(InvalidInput) as bad:
        appraisal_issue(
            actor=s["officer"], appraisal=s["appraisal"], unit=t.department, group="press", copies=1
        )
    assert bad.value.field == "group"
    with pytest.raises(NotPermitted):  # a unit does not run its own appraisal
        appraisal_issue(
            actor=s["head"], appraisal=s["appraisal"], unit=t.department, group="public", copies=1
        )


@time_machine.travel(TODAY, tick=False)
def test_the_linked_indicator_follows_the_answers_and_refuses_hand_scores(setting):
    s, t = setting, setting["t"]
    indicator = leaf(s["system"], "1.2")  # qualitative, weight 20
    appraisal_link(
        actor=s["officer"],
        appraisal=s["appraisal"],
        evaluation_round=s["round"],
        indicator=indicator,
    )
    value = LiveFigureValue.objects.get(round=s["round"], unit=t.department, indicator=indicator)
    assert value.points is None  # nobody answered yet: unscored, not 0
    _answer(s, t.department, "public", 5)  # index 100
    _answer(s, t.department, "enterprise", 3)  # index 50
    value.refresh_from_db()
    # (100×40 + 50×30) ÷ 70 = 78.57 → 20 × 78.57 % = 15.71
    assert (value.value, value.points) == (D("78.57"), D("15.71"))
    _answer(s, t.department, "deputy", 1)  # index 0 → (4000 + 1500) ÷ 90 = 61.11
    value.refresh_from_db()
    assert (value.value, value.points) == (D("61.11"), D("12.22"))
    results = {r.unit: r for r in appraisal_results(appraisal=s["appraisal"])}
    assert results[t.department].by_group["deputy"] == D("0.00")
    assert results[t.other_department].result is None
    with pytest.raises(Conflict) as refused:
        score_enter(
            actor=s["officer"],
            evaluation_round=s["round"],
            unit=t.department,
            indicator=indicator,
            scorer_role=ScorerRole.SUPERVISING_LEADER,
            grade="A",
        )
    assert refused.value.field == "indicator"
    computed = {r.unit: r for r in round_compute(s["round"])}
    assert computed[t.department].node_points["1.2"] == D("12.22")
    assert not computed[t.other_department].is_complete  # its appraisal has no answers yet
    round_close_scoring(actor=s["officer"], evaluation_round=s["round"])
    _answer(s, t.department, "monitor", 5)  # after scoring closed: fixed
    value.refresh_from_db()
    assert value.points == D("12.22")


@pytest.mark.parametrize(
    ("code", "field"),
    [("2.1", "indicator"), ("2.3", "indicator"), ("1", "indicator")],
)
@time_machine.travel(TODAY, tick=False)
def test_only_a_plain_leaf_can_follow_an_appraisal(setting, code, field):
    s = setting
    with pytest.raises(InvalidInput) as error:
        appraisal_link(
            actor=s["officer"],
            appraisal=s["appraisal"],
            evaluation_round=s["round"],
            indicator=leaf(s["system"], code),
        )
    assert error.value.field == field


@time_machine.travel(TODAY, tick=False)
def test_linking_needs_the_evaluation_office_and_no_hand_scores(setting):
    s, t = setting, setting["t"]
    with pytest.raises(NotPermitted):
        appraisal_link(
            actor=s["head"],
            appraisal=s["appraisal"],
            evaluation_round=s["round"],
            indicator=leaf(s["system"], "1.2"),
        )
    score_enter(
        actor=s["officer"],
        evaluation_round=s["round"],
        unit=t.department,
        indicator=leaf(s["system"], "1.1"),
        scorer_role=ScorerRole.SUPERVISING_LEADER,
        actual=D(90),
    )
    with pytest.raises(Conflict):
        appraisal_link(
            actor=s["officer"],
            appraisal=s["appraisal"],
            evaluation_round=s["round"],
            indicator=leaf(s["system"], "1.1"),
        )
