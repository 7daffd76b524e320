"""Rule 6 (控制评比检查): departments inspect streets only; a street inspects a community ≤ 3
times a month; one combined evaluation a year, residents' opinion the main part, no ledgers,
plaques or signs as indicators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xiaoneng.community.models import Violation, ViolationRule
from xiaoneng.community.services import inspections as inspection_services
from xiaoneng.core.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db


def inspect(cm, inspector, inspected, day, actor=None):  # type: ignore[no-untyped-def]
    return inspection_services.inspection_record(
        actor=actor or cm.community_staff,
        inspector=inspector,
        inspected=inspected,
        inspected_on=day,
        subject="检查",
    )


def test_department_inspecting_a_community_is_a_violation(cm):
    """Rule 6: 部门工作检查只针对街道办事处."""
    inspection = inspect(cm, cm.county_department, cm.community, date(2026, 3, 2))
    assert inspection.is_violation
    violation = Violation.objects.get()
    assert violation.rule == ViolationRule.DEPARTMENT_INSPECTS_COMMUNITY
    assert violation.offender == cm.county_department


def test_department_inspecting_the_street_office_is_fine(cm):
    inspection = inspect(
        cm, cm.county_department, cm.street, date(2026, 3, 2), actor=cm.district_staff
    )
    assert not inspection.is_violation
    assert not Violation.objects.exists()


@pytest.mark.parametrize(
    ("earlier", "day", "breach"),
    [
        # rule 6: 街道办事处对社区工作的检查每月不超过3次
        (2, date(2026, 3, 25), False),  # 3rd in March
        (3, date(2026, 3, 25), True),  # 4th in March
        (3, date(2026, 4, 1), False),  # 1st in April
    ],
)
def test_street_inspections_quota_three_a_month(cm, earlier, day, breach):
    for i in range(earlier):
        inspect(cm, cm.street, cm.community, date(2026, 3, 2 + i), actor=cm.street_staff)
    inspection = inspect(cm, cm.street, cm.community, day, actor=cm.street_staff)
    assert inspection.is_violation is breach
    rules = list(Violation.objects.values_list("rule", flat=True))
    assert rules == ([ViolationRule.INSPECTION_OVER_QUOTA] if breach else [])


def test_street_department_inspections_count_as_the_streets(cm):
    for i in range(3):
        inspect(cm, cm.street_department, cm.community, date(2026, 3, 2 + i))
    assert inspect(cm, cm.street, cm.community, date(2026, 3, 20)).is_violation


@pytest.mark.parametrize(
    ("inspected_on", "earlier", "expected"),
    [(None, 0, None), (None, 3, ViolationRule.INSPECTION_OVER_QUOTA)],
)
def test_inspection_breach_is_pure(cm, inspected_on, earlier, expected):
    assert (
        inspection_services.inspection_breach(
            inspector=cm.street, inspected=cm.community, earlier_this_month=earlier
        )
        == expected
    )


def indicators(opinion: str = "60", **extra):  # type: ignore[no-untyped-def]
    rest = str(100 - Decimal(opinion))
    rows = [
        {"name": "居民满意度测评", "kind": "resident_opinion", "weight": opinion},
        {"name": "为民服务实效", "kind": "service", "weight": rest},
    ]
    rows[1].update(extra)
    return rows


@pytest.mark.parametrize(
    ("opinion", "ok"),
    [("49", False), ("50", True), ("60", True)],  # rule 6: 以社区居民的评价意见为主
)
def test_residents_opinion_is_the_main_weight(cm, opinion, ok):
    if ok:
        evaluation = inspection_services.evaluation_create(
            actor=cm.street_staff, community=cm.community, year=2026, indicators=indicators(opinion)
        )
        assert evaluation.indicators.count() == 2
    else:
        with pytest.raises(InvalidInput) as caught:
            inspection_services.evaluation_create(
                actor=cm.street_staff,
                community=cm.community,
                year=2026,
                indicators=indicators(opinion),
            )
        assert caught.value.field == "indicators"


def test_opinion_weight_is_configurable(cm, settings):
    settings.COMMUNITY_RULES = {"resident_opinion_min_weight": 70}
    with pytest.raises(InvalidInput):
        inspection_services.evaluation_create(
            actor=cm.street_staff, community=cm.community, year=2026, indicators=indicators("60")
        )


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        ("台账完整率", True),  # rule 6: 不得以台账、奖牌、挂牌为评估指标
        ("获得奖牌数量", True),
        ("挂牌规范", True),
        ("Ledger completeness", True),
        ("Plaques won", True),
        ("Signs displayed", True),
        ("Design of services", False),
        ("为民服务实效", False),
    ],
)
def test_ledgers_plaques_and_signs_are_never_indicators(cm, name, refused):
    rows = indicators("60", name=name)
    if refused:
        with pytest.raises(InvalidInput) as caught:
            inspection_services.evaluation_create(
                actor=cm.street_staff, community=cm.community, year=2026, indicators=rows
            )
        assert caught.value.field == "indicators[1].name"
    else:
        inspection_services.evaluation_create(
            actor=cm.street_staff, community=cm.community, year=2026, indicators=rows
        )


def test_one_combined_evaluation_a_year(cm):
    inspection_services.evaluation_create(
        actor=cm.street_staff, community=cm.community, year=2026, indicators=indicators()
    )
    with pytest.raises(Conflict):
        inspection_services.evaluation_create(
            actor=cm.street_staff, community=cm.community, year=2026, indicators=indicators()
        )
    inspection_services.evaluation_create(
        actor=cm.street_staff, community=cm.community, year=2027, indicators=indicators()
    )


def test_weights_must_add_up_to_100(cm):
    rows = indicators()
    rows[1]["weight"] = "30"
    with pytest.raises(InvalidInput) as caught:
        inspection_services.evaluation_create(
            actor=cm.street_staff, community=cm.community, year=2026, indicators=rows
        )
    assert caught.value.field == "indicators"


def test_scores_give_the_weighted_total(cm):
    evaluation = inspection_services.evaluation_create(
        actor=cm.street_staff, community=cm.community, year=2026, indicators=indicators("60")
    )
    ids = [i.pk for i in evaluation.indicators.all()]
    assert evaluation.total_score is None
    inspection_services.evaluation_score(
        actor=cm.street_staff, evaluation=evaluation, scores={ids[0]: "90", ids[1]: "80"}
    )
    evaluation.refresh_from_db()
    assert evaluation.total_score == Decimal("86")
    with pytest.raises(InvalidInput):
        inspection_services.evaluation_score(
            actor=cm.street_staff, evaluation=evaluation, scores={ids[0]: "101"}
        )
