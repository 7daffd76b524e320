"""Pure rules of performance evaluation: tree validation, leaf scoring, aggregation, ranking, grades.

No ORM here, so every rule is tested with tables (tests/evaluation/test_scoring.py).

Rules (DOMAIN.md §4; weights are not fixed nationally, so each tree and round configures them):

- A tree has at most three levels. The weights of a node's children sum to the node's weight,
  and the first-level weights sum to the system's total (usually 100). Bonus leaves are outside
  the sums: their weight is the most they can add.
- Every leaf has a scoring method, inner nodes have none.
- Leaf points (weight w):
    quantitative   w × min(actual ÷ target, cap), never below 0 (cap 1 → at most w)
    qualitative    w × share of the grade (default A 100 %, B 80 %, C 60 %, D 40 %)
    deduction      max(0, w − events × points per event)
    bonus          min(w, events × points per event)
    live figure    as quantitative with the figure as actual, or — when points per event are
                   set — as deduction with the figure as the number of events
- A leaf's score combines the scorers' points by the round's shares; a scorer that does not
  apply to the leaf (no functional department assigned) is left out and the remaining shares are
  scaled up to 100 %.
- Inner nodes add up their children; the unit's total adds up the first level.
- Ranking is competition ranking on totals rounded to 0.01: ties share a rank, the next rank
  skips (1, 2, 2, 4).
- Grades: the first threshold (highest minimum first) whose minimum the total reaches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from xiaoneng.evaluation.models.indicators import DEFAULT_GRADE_POINTS, MAX_DEPTH, ScoringMethod

CENT = Decimal("0.01")
TOLERANCE = Decimal("0.005")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class NodeSpec:
    """One indicator as the rules see it (from the database or an import row)."""

    code: str
    name: str
    weight: Decimal
    parent_code: str | None = None
    method: str = ""
    target: Decimal | None = None
    cap_ratio: Decimal = Decimal("1")
    per_event: Decimal | None = None
    grade_points: Mapping[str, str] = field(default_factory=dict)
    figure_code: str = ""
    description: str = ""
    row: int | None = None  # Excel row, for import errors


@dataclass(frozen=True)
class TreeError:
    code: str
    field: str
    reason: str
    row: int | None = None

    def __str__(self) -> str:
        return self.reason


def _label(node: NodeSpec) -> str:
    return f"“{node.code} {node.name}”"


def validate_tree(
    nodes: Sequence[NodeSpec],
    *,
    total_weight: Decimal = Decimal("100"),
    known_figures: Iterable[str] | None = None,
) -> list[TreeError]:
    """Every rule a tree breaks, each naming the node; empty when the tree is sound."""
    errors: list[TreeError] = []
    by_code: dict[str, NodeSpec] = {}
    for node in nodes:
        if not node.code:
            errors.append(TreeError("", "code", _("Every indicator needs a code."), node.row))
            continue
        if node.code in by_code:
            errors.append(
                TreeError(
                    node.code,
                    "code",
                    _("Code %(code)s is used twice.") % {"code": node.code},
                    node.row,
                )
            )
            continue
        by_code[node.code] = node
    children: dict[str | None, list[NodeSpec]] = {}
    for node in by_code.values():
        if node.parent_code and node.parent_code not in by_code:
            errors.append(
                TreeError(
                    node.code,
                    "parent",
                    _("Indicator %(node)s names a parent %(parent)s that is not in the tree.")
                    % {"node": _label(node), "parent": node.parent_code},
                    node.row,
                )
            )
            continue
        children.setdefault(node.parent_code or None, []).append(node)
        if node.weight < 0:
            errors.append(
                TreeError(
                    node.code,
                    "weight",
                    _("Indicator %(node)s has a negative weight.") % {"node": _label(node)},
                    node.row,
                )
            )
    for node in by_code.values():
        depth = _depth(node, by_code)
        if depth is None:
            errors.append(
                TreeError(
                    node.code,
                    "parent",
                    _("Indicator %(node)s is its own ancestor.") % {"node": _label(node)},
                    node.row,
                )
            )
            continue
        if depth > MAX_DEPTH:
            errors.append(
                TreeError(
                    node.code,
                    "parent",
                    _(
                        "Indicator %(node)s is on level %(level)s; trees have at most %(max)s levels."
                    )
                    % {"node": _label(node), "level": depth, "max": MAX_DEPTH},
                    node.row,
                )
            )
        has_children = bool(children.get(node.code))
        if has_children and node.method:
            errors.append(
                TreeError(
                    node.code,
                    "method",
                    _("Indicator %(node)s has sub-indicators, so it takes no scoring method.")
                    % {"node": _label(node)},
                    node.row,
                )
            )
        if not has_children:
            errors.extend(_leaf_errors(node, known_figures))
    top = children.get(None, [])
    _check_sum(errors, top, total_weight, None)
    for node in by_code.values():
        if children.get(node.code):
            _check_sum(errors, children[node.code], node.weight, node)
    return errors


def _depth(node: NodeSpec, by_code: Mapping[str, NodeSpec]) -> int | None:
    depth, seen, current = 1, {node.code}, node
    while current.parent_code and current.parent_code in by_code:
        current = by_code[current.parent_code]
        if current.code in seen:
            return None
        seen.add(current.code)
        depth += 1
    return depth


def _check_sum(
    errors: list[TreeError],
    siblings: Sequence[NodeSpec],
    expected: Decimal,
    parent: NodeSpec | None,
) -> None:
    counted = [n for n in siblings if n.method != ScoringMethod.BONUS]
    if not counted:
        return
    total = sum((n.weight for n in counted), Decimal("0"))
    if abs(total - expected) <= TOLERANCE:
        return
    if parent is None:
        errors.append(
            TreeError(
                counted[0].code,
                "weight",
                _("First-level weights sum to %(sum)s, not the system's total %(expected)s.")
                % {"sum": money(total), "expected": money(expected)},
                counted[0].row,
            )
        )
    else:
        errors.append(
            TreeError(
                parent.code,
                "weight",
                _("Weights under %(node)s sum to %(sum)s, not its weight %(expected)s.")
                % {"node": _label(parent), "sum": money(total), "expected": money(expected)},
                parent.row,
            )
        )


def _leaf_errors(node: NodeSpec, known_figures: Iterable[str] | None) -> list[TreeError]:
    label = _label(node)
    if not node.method:
        return [
            TreeError(
                node.code,
                "method",
                _("Indicator %(node)s has no sub-indicators, so it needs a scoring method.")
                % {"node": label},
                node.row,
            )
        ]
    if node.method not in ScoringMethod.values:
        return [
            TreeError(
                node.code,
                "method",
                _("Indicator %(node)s: unknown scoring method “%(method)s”.")
                % {"node": label, "method": node.method},
                node.row,
            )
        ]
    errors = []
    if node.method == ScoringMethod.QUANTITATIVE and (node.target is None or node.target <= 0):
        errors.append(
            TreeError(
                node.code,
                "target",
                _("Indicator %(node)s: a quantitative target must be above 0.") % {"node": label},
                node.row,
            )
        )
    if (
        node.method in (ScoringMethod.QUANTITATIVE, ScoringMethod.LIVE_FIGURE)
        and node.cap_ratio <= 0
    ):
        errors.append(
            TreeError(
                node.code,
                "cap_ratio",
                _("Indicator %(node)s: the cap must be above 0.") % {"node": label},
                node.row,
            )
        )
    if node.method in (ScoringMethod.DEDUCTION, ScoringMethod.BONUS) and (
        node.per_event is None or node.per_event <= 0
    ):
        errors.append(
            TreeError(
                node.code,
                "per_event",
                _("Indicator %(node)s: points per event must be above 0.") % {"node": label},
                node.row,
            )
        )
    if node.method == ScoringMethod.QUALITATIVE:
        for grade, share in (node.grade_points or {}).items():
            try:
                ok = Decimal("0") <= Decimal(str(share)) <= Decimal("1")
            except InvalidOperation:
                ok = False
            if not ok:
                errors.append(
                    TreeError(
                        node.code,
                        "grade_points",
                        _("Indicator %(node)s: grade %(grade)s must give a share between 0 and 1.")
                        % {"node": label, "grade": grade},
                        node.row,
                    )
                )
    if node.method == ScoringMethod.LIVE_FIGURE:
        if not node.figure_code:
            errors.append(
                TreeError(
                    node.code,
                    "figure_code",
                    _("Indicator %(node)s: choose the live figure.") % {"node": label},
                    node.row,
                )
            )
        elif known_figures is not None and node.figure_code not in set(known_figures):
            errors.append(
                TreeError(
                    node.code,
                    "figure_code",
                    _("Indicator %(node)s: unknown live figure “%(figure)s”.")
                    % {"node": label, "figure": node.figure_code},
                    node.row,
                )
            )
        elif node.per_event is None and (node.target is None or node.target <= 0):
            errors.append(
                TreeError(
                    node.code,
                    "target",
                    _(
                        "Indicator %(node)s: a live figure needs a target above 0 or points per event."
                    )
                    % {"node": label},
                    node.row,
                )
            )
    return errors


class ScoreInputError(ValueError):
    """The input does not fit the leaf's method; `field` names the input."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


def leaf_points(
    node: NodeSpec,
    *,
    actual: Decimal | None = None,
    grade: str = "",
    events: int | Decimal | None = None,
) -> Decimal:
    """Points of one leaf from one scorer's input, by the leaf's method (module docstring)."""
    w = node.weight
    method = node.method
    if method == ScoringMethod.LIVE_FIGURE:
        if node.per_event is not None:
            method, events = ScoringMethod.DEDUCTION, actual
        else:
            method = ScoringMethod.QUANTITATIVE
    if method == ScoringMethod.QUANTITATIVE:
        if actual is None:
            raise ScoreInputError("actual", _("Enter the actual value."))
        if actual < 0:
            raise ScoreInputError("actual", _("The actual value cannot be negative."))
        if not node.target:
            raise ScoreInputError("actual", _("This indicator has no target."))
        ratio = min(actual / node.target, node.cap_ratio)
        return money(w * max(ratio, Decimal("0")))
    if method == ScoringMethod.QUALITATIVE:
        points = {k.upper(): v for k, v in (node.grade_points or DEFAULT_GRADE_POINTS).items()}
        key = (grade or "").strip().upper()
        if key not in points:
            raise ScoreInputError(
                "grade", _("Choose one of the grades %(grades)s.") % {"grades": "/".join(points)}
            )
        return money(w * Decimal(str(points[key])))
    if method in (ScoringMethod.DEDUCTION, ScoringMethod.BONUS):
        if events is None:
            raise ScoreInputError("events", _("Enter the number of events."))
        count = Decimal(str(events))
        if count < 0:
            raise ScoreInputError("events", _("The number of events cannot be negative."))
        amount = count * (node.per_event or Decimal("0"))
        if method == ScoringMethod.DEDUCTION:
            return money(max(w - amount, Decimal("0")))
        return money(min(w, amount))
    raise ScoreInputError("method", _("This indicator has no scoring method."))


def combine_scorers(
    points_by_role: Mapping[str, Decimal], shares: Mapping[str, Decimal]
) -> tuple[Decimal | None, bool]:
    """(leaf score, complete): shares of the roles that scored, scaled to 100 %.

    `shares` holds only the roles that apply to this leaf. Complete when all of them scored.
    """
    present = {role: share for role, share in shares.items() if role in points_by_role and share}
    complete = all(role in points_by_role for role, share in shares.items() if share)
    weight = sum(present.values(), Decimal("0"))
    if not weight:
        return None, complete
    value = sum((points_by_role[r] * s for r, s in present.items()), Decimal("0")) / weight
    return money(value), complete


def aggregate(
    nodes: Sequence[NodeSpec], leaf_scores: Mapping[str, Decimal | None]
) -> tuple[dict[str, Decimal], Decimal]:
    """Points of every node (children summed upwards) and the unit's total."""
    children: dict[str | None, list[NodeSpec]] = {}
    for node in nodes:
        children.setdefault(node.parent_code or None, []).append(node)
    result: dict[str, Decimal] = {}

    def visit(node: NodeSpec) -> Decimal:
        kids = children.get(node.code)
        if kids:
            value = sum((visit(k) for k in kids), Decimal("0"))
        else:
            value = leaf_scores.get(node.code) or Decimal("0")
        result[node.code] = money(value)
        return value

    total = sum((visit(n) for n in children.get(None, [])), Decimal("0"))
    return result, money(total)


def rank(totals: Mapping[object, Decimal]) -> dict[object, int]:
    """Competition ranking: equal totals (to 0.01) share a rank; the next rank skips."""
    ordered = sorted(totals.items(), key=lambda item: money(item[1]), reverse=True)
    ranks: dict[object, int] = {}
    previous: Decimal | None = None
    current = 0
    for position, (key, value) in enumerate(ordered, start=1):
        value = money(value)
        if value != previous:
            current, previous = position, value
        ranks[key] = current
    return ranks


def validate_thresholds(thresholds: Sequence[Mapping[str, str]]) -> list[str]:
    """Problems with a round's grade thresholds: names unique, minimums distinct, one at 0."""
    problems = []
    names = [str(t.get("grade", "")).strip() for t in thresholds]
    if not thresholds:
        problems.append(_("Give at least one grade."))
    if any(not n for n in names):
        problems.append(_("Every grade needs a name."))
    if len(set(names)) != len(names):
        problems.append(_("Grade names must differ."))
    try:
        minimums = [Decimal(str(t.get("min"))) for t in thresholds]
    except InvalidOperation:
        return [*problems, _("Every grade minimum must be a number.")]
    if len(set(minimums)) != len(minimums):
        problems.append(_("Grade minimums must differ."))
    if minimums and min(minimums) != 0:
        problems.append(_("The lowest grade must start at 0 so that every total gets a grade."))
    return problems


def grade_for(total: Decimal, thresholds: Sequence[Mapping[str, str]]) -> str:
    """The first grade, highest minimum first, whose minimum `total` reaches (min inclusive)."""
    for threshold in sorted(thresholds, key=lambda t: Decimal(str(t["min"])), reverse=True):
        if money(total) >= Decimal(str(threshold["min"])):
            return str(threshold["grade"])
    return ""
