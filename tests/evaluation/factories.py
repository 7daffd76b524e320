"""Factories and builders for the evaluation tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from xiaoneng.evaluation.models import (
    Indicator,
    IndicatorSystem,
    PostHolding,
    ScoringMethod,
    UnitKind,
)
from xiaoneng.evaluation.scoring import NodeSpec

D = Decimal


class IndicatorSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorSystem

    name = "市直部门绩效评估指标"
    year = 2026
    unit_kind = UnitKind.CITY_DEPARTMENT
    version = factory.Sequence(lambda n: n + 1)


class PostHoldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostHolding

    post = "审批科科员"
    rank = "ordinary"
    started_on = date(2021, 3, 1)


# The small tree of the hand-computed example (tests/evaluation/test_round_example.py):
#   1 业务工作 60: 1.1 办件按时 40 (quantitative, target 95), 1.2 重点项目 20 (qualitative)
#   2 行政能力 40: 2.1 工作纪律 25 (deduction 5/event), 2.2 创新 15 (qualitative),
#                  2.3 表彰加分 3 (bonus 1/event, outside the sums)
SMALL_TREE = [
    NodeSpec("1", "业务工作", D("60")),
    NodeSpec("1.1", "办件按时", D("40"), "1", ScoringMethod.QUANTITATIVE, target=D("95")),
    NodeSpec("1.2", "重点项目", D("20"), "1", ScoringMethod.QUALITATIVE),
    NodeSpec("2", "行政能力", D("40")),
    NodeSpec("2.1", "工作纪律", D("25"), "2", ScoringMethod.DEDUCTION, per_event=D("5")),
    NodeSpec("2.2", "创新", D("15"), "2", ScoringMethod.QUALITATIVE),
    NodeSpec("2.3", "表彰加分", D("3"), "2", ScoringMethod.BONUS, per_event=D("1")),
]


def leaf(system: IndicatorSystem, code: str) -> Indicator:
    return system.indicators.get(code=code)
