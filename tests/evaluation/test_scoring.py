"""Table tests of the pure evaluation rules (xiaoneng.evaluation.scoring, DOMAIN.md §4)."""

from decimal import Decimal

import pytest

from tests.evaluation.factories import SMALL_TREE
from xiaoneng.evaluation.models import ScoringMethod
from xiaoneng.evaluation.scoring import (
    NodeSpec,
    ScoreInputError,
    aggregate,
    combine_scorers,
    grade_for,
    leaf_points,
    rank,
    validate_thresholds,
    validate_tree,
)

D = Decimal
Q, QL, DE, B, L = (
    ScoringMethod.QUANTITATIVE,
    ScoringMethod.QUALITATIVE,
    ScoringMethod.DEDUCTION,
    ScoringMethod.BONUS,
    ScoringMethod.LIVE_FIGURE,
)


def n(code, weight, parent=None, method="", **kw):
    return NodeSpec(code, f"指标{code}", D(str(weight)), parent, method, **kw)


# Rule: siblings' weights sum to their parent's; first level sums to the total; ≤ 3 levels;
# leaves have a method, inner nodes none; bonus leaves are outside the sums.
WEIGHT_TABLE = [
    ("sound tree", [n("1", 60), n("1.1", 60, "1", Q, target=D(1)), n("2", 40, None, QL)], []),
    (
        "first level short of 100",
        [n("1", 50, None, QL), n("2", 40, None, QL)],
        ["First-level weights sum to 90.00, not the system's total 100.00."],
    ),
    (
        "children short of parent",
        [n("1", 60), n("1.1", 30, "1", QL), n("1.2", 20, "1", QL), n("2", 40, None, QL)],
        ["Weights under “1 指标1” sum to 50.00, not its weight 60.00."],
    ),
    (
        "bonus outside the sum",
        [n("1", 100), n("1.1", 100, "1", QL), n("1.2", 5, "1", B, per_event=D(1))],
        [],
    ),
    (
        "decimal weights within tolerance",
        [n("1", "33.33", None, QL), n("2", "33.33", None, QL), n("3", "33.34", None, QL)],
        [],
    ),
    (
        "fourth level",
        [n("1", 100), n("1.1", 100, "1"), n("1.1.1", 100, "1.1"), n("1.1.1.1", 100, "1.1.1", QL)],
        ["Indicator “1.1.1.1 指标1.1.1.1” is on level 4; trees have at most 3 levels."],
    ),
    (
        "leaf without method",
        [n("1", 100)],
        ["Indicator “1 指标1” has no sub-indicators, so it needs a scoring method."],
    ),
    (
        "inner node with method",
        [n("1", 100, None, QL), n("1.1", 100, "1", QL)],
        ["Indicator “1 指标1” has sub-indicators, so it takes no scoring method."],
    ),
    (
        "unknown parent",
        [n("1", 100, None, QL), n("2.1", 0, "2", QL)],
        ["Indicator “2.1 指标2.1” names a parent 2 that is not in the tree."],
    ),
    ("duplicate code", [n("1", 100, None, QL), n("1", 100, None, QL)], ["Code 1 is used twice."]),
    (
        "quantitative without target",
        [n("1", 100, None, Q)],
        ["Indicator “1 指标1”: a quantitative target must be above 0."],
    ),
    (
        "deduction without points",
        [n("1", 100, None, DE)],
        ["Indicator “1 指标1”: points per event must be above 0."],
    ),
    (
        "unknown live figure",
        [n("1", 100, None, L, target=D(1), figure_code="nope")],
        ["Indicator “1 指标1”: unknown live figure “nope”."],
    ),
    (
        "negative weight",
        [n("1", 100, None, QL), n("2", -1, None, QL), n("3", 1, None, QL)],
        ["Indicator “2 指标2” has a negative weight."],
    ),
]


@pytest.mark.parametrize(
    ("case", "nodes", "expected"), WEIGHT_TABLE, ids=[r[0] for r in WEIGHT_TABLE]
)
def test_validate_tree_names_the_node(case, nodes, expected):
    errors = validate_tree(nodes, known_figures=["on_time_rate"])
    assert [e.reason for e in errors] == expected


def test_small_example_tree_is_sound():
    assert validate_tree(SMALL_TREE) == []


# Leaf points by method, weight 20 (module docstring of scoring.py).
POINTS_TABLE = [
    ("quantitative half", {"method": Q, "target": D(100)}, {"actual": D(50)}, "10.00"),
    ("quantitative met", {"method": Q, "target": D(100)}, {"actual": D(100)}, "20.00"),
    ("quantitative capped at 1", {"method": Q, "target": D(100)}, {"actual": D(150)}, "20.00"),
    (
        "quantitative cap 1.2",
        {"method": Q, "target": D(100), "cap_ratio": D("1.2")},
        {"actual": D(150)},
        "24.00",
    ),
    ("quantitative zero", {"method": Q, "target": D(100)}, {"actual": D(0)}, "0.00"),
    ("quantitative rounding", {"method": Q, "target": D(3)}, {"actual": D(1)}, "6.67"),
    ("grade A", {"method": QL}, {"grade": "A"}, "20.00"),
    ("grade b lower case", {"method": QL}, {"grade": "b"}, "16.00"),
    ("grade C", {"method": QL}, {"grade": "C"}, "12.00"),
    ("grade D", {"method": QL}, {"grade": "D"}, "8.00"),
    (
        "custom grades",
        {"method": QL, "grade_points": {"优": "1", "良": "0.9"}},
        {"grade": "良"},
        "18.00",
    ),
    ("deduction none", {"method": DE, "per_event": D(2)}, {"events": 0}, "20.00"),
    ("deduction three", {"method": DE, "per_event": D(2)}, {"events": 3}, "14.00"),
    ("deduction floors at 0", {"method": DE, "per_event": D(2)}, {"events": 11}, "0.00"),
    ("bonus two", {"method": B, "per_event": D(3)}, {"events": 2}, "6.00"),
    ("bonus capped at weight", {"method": B, "per_event": D(3)}, {"events": 9}, "20.00"),
    (
        "live ratio",
        {"method": L, "target": D(95), "figure_code": "on_time_rate"},
        {"actual": D("90.25")},
        "19.00",
    ),
    (
        "live ratio capped",
        {"method": L, "target": D(95), "figure_code": "on_time_rate"},
        {"actual": D(100)},
        "20.00",
    ),
    (
        "live count deducts",
        {"method": L, "per_event": D(4), "figure_code": "efficiency_warnings"},
        {"actual": D(3)},
        "8.00",
    ),
]


@pytest.mark.parametrize(
    ("case", "spec", "given", "expected"), POINTS_TABLE, ids=[r[0] for r in POINTS_TABLE]
)
def test_leaf_points_by_method(case, spec, given, expected):
    node = NodeSpec("x", "x", D(20), **spec)
    assert leaf_points(node, **given) == D(expected)


@pytest.mark.parametrize(
    ("spec", "given", "field"),
    [
        ({"method": Q, "target": D(1)}, {}, "actual"),
        ({"method": Q, "target": D(1)}, {"actual": D(-1)}, "actual"),
        ({"method": QL}, {"grade": "E"}, "grade"),
        ({"method": DE, "per_event": D(1)}, {}, "events"),
        ({"method": B, "per_event": D(1)}, {"events": -2}, "events"),
    ],
)
def test_leaf_points_rejects_bad_input_naming_the_field(spec, given, field):
    with pytest.raises(ScoreInputError) as error:
        leaf_points(NodeSpec("x", "x", D(20), **spec), **given)
    assert error.value.field == field


# Scorer shares: missing roles are left out and the rest scaled to 100 %.
@pytest.mark.parametrize(
    ("points", "shares", "expected", "complete"),
    [
        ({"a": D(10), "b": D(20)}, {"a": D(50), "b": D(50)}, D("15.00"), True),
        ({"a": D(10), "b": D(20)}, {"a": D(20), "b": D(80)}, D("18.00"), True),
        ({"a": D(10)}, {"a": D(20), "b": D(80)}, D("10.00"), False),
        ({}, {"a": D(20)}, None, False),
        ({"a": D(10), "c": D(99)}, {"a": D(100)}, D("10.00"), True),
    ],
)
def test_combine_scorers(points, shares, expected, complete):
    assert combine_scorers(points, shares) == (expected, complete)


def test_aggregate_sums_children_upwards():
    leaves = {"1.1": D("38"), "1.2": D("16"), "2.1": D("20"), "2.2": D("12"), "2.3": D("2")}
    nodes, total = aggregate(SMALL_TREE, leaves)
    assert nodes["1"] == D("54.00")
    assert nodes["2"] == D("34.00")
    assert total == D("88.00")


def test_aggregate_counts_unscored_leaves_as_zero():
    nodes, total = aggregate(SMALL_TREE, {"1.1": D(40)})
    assert nodes["2"] == D("0.00") and total == D("40.00")


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        ({"a": D(90), "b": D(80), "c": D(70)}, {"a": 1, "b": 2, "c": 3}),
        ({"a": D(90), "b": D(90), "c": D(70)}, {"a": 1, "b": 1, "c": 3}),
        (
            {"a": D(90), "b": D(80), "c": D(80), "d": D(80), "e": D(1)},
            {"a": 1, "b": 2, "c": 2, "d": 2, "e": 5},
        ),
        ({"a": D("85.004"), "b": D("85.001")}, {"a": 1, "b": 1}),
        ({"a": D("85.005"), "b": D("85.004")}, {"a": 1, "b": 2}),
        ({}, {}),
    ],
)
def test_rank_ties_share_a_rank(totals, expected):
    assert rank(totals) == expected


THRESHOLDS = [
    {"grade": "excellent", "min": "90"},
    {"grade": "good", "min": "80"},
    {"grade": "pass", "min": "60"},
    {"grade": "fail", "min": "0"},
]


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "excellent"),
        ("90", "excellent"),
        ("89.99", "good"),
        ("89.995", "excellent"),
        ("80", "good"),
        ("79.99", "pass"),
        ("60", "pass"),
        ("59.99", "fail"),
        ("0", "fail"),
    ],
)
def test_grade_boundaries_are_inclusive(total, grade):
    assert grade_for(D(total), THRESHOLDS) == grade


@pytest.mark.parametrize(
    ("thresholds", "problem"),
    [
        ([], "Give at least one grade."),
        (
            [{"grade": "a", "min": "50"}],
            "The lowest grade must start at 0 so that every total gets a grade.",
        ),
        ([{"grade": "a", "min": "0"}, {"grade": "a", "min": "10"}], "Grade names must differ."),
        ([{"grade": "a", "min": "0"}, {"grade": "b", "min": "0"}], "Grade minimums must differ."),
        ([{"grade": "a", "min": "x"}], "Every grade minimum must be a number."),
    ],
)
def test_validate_thresholds(thresholds, problem):
    assert problem in validate_thresholds(thresholds)
