"""Dashboard figures: lights by group, the on-time rate (never closed-on-time ÷ closed),
early completion, working days used, compression, filings, breaches and warnings by unit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.supervision.factories import make_case, make_version
from xiaoneng.supervision.figures import compression, lights_by, period_figures

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def scene(org_tree):
    """Committed 5 WD, legal 20 WD; accepted 2025-09-01 → committed due 09-08."""
    version = make_version(org_tree.department, committed=5, legal=20)
    other = make_version(org_tree.other_department, committed=10, legal=20)
    return {
        "early": make_case(version, accepted_on=D("2025-09-01"), decided_on=D("2025-09-03")),
        "on_due_day": make_case(version, accepted_on=D("2025-09-01"), decided_on=D("2025-09-08")),
        "late": make_case(version, accepted_on=D("2025-09-01"), decided_on=D("2025-09-10")),
        "open_overdue": make_case(version, accepted_on=D("2025-09-01")),
        "open_in_time": make_case(other, accepted_on=D("2025-09-25")),
    }


def test_on_time_rate_counts_open_overdue_cases_as_due(scene):
    figures = period_figures(user=None, start=D("2025-09-01"), end=D("2025-09-30"))
    assert (figures.closed, figures.closed_on_time, figures.open_overdue) == (3, 2, 1)
    assert figures.on_time_rate == Decimal("50.0")  # 2 ÷ (3 + 1), not 2 ÷ 3
    assert figures.early == 1 and figures.early_rate == Decimal("33.3")
    # working days used: 2, 5 and 7 → 4.7 against a legal limit of 20
    assert figures.average_workdays_used == Decimal("4.7")
    assert figures.average_legal_limit == Decimal("20.0")


def test_period_excludes_cases_decided_outside_it(scene):
    figures = period_figures(user=None, start=D("2025-09-09"), end=D("2025-09-30"))
    assert (figures.closed, figures.closed_on_time) == (1, 0)
    assert figures.on_time_rate == Decimal("0.0")


def test_lights_by_department_item_and_handling_type(scene, org_tree):
    rows = lights_by(user=None, group="agency", as_of=D("2025-09-26"))
    by_label = {r.label: (r.green, r.yellow, r.red, r.legal_overdue) for r in rows}
    assert by_label == {
        org_tree.department.name: (0, 0, 1, 0),
        org_tree.other_department.name: (1, 0, 0, 0),
    }
    assert sum(r.total for r in lights_by(user=None, group="item", as_of=D("2025-09-26"))) == 2
    types = lights_by(user=None, group="handling_type", as_of=D("2025-09-26"))
    assert [(r.key, r.label, r.total) for r in types] == [("promised", "承诺件", 2)]


def test_compression_ratio(org_tree):
    make_version(org_tree.department, committed=5, legal=20)  # 25 %: cut by ≥ 2/3
    make_version(org_tree.department, committed=10, legal=20)  # 50 %
    result = compression(user=None)
    assert (result.items, result.cut_by_two_thirds) == (2, 1)
    assert result.ratio == Decimal("37.5")
