"""Rotation reads: who is due on a date, and rotations counted by rank."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import AnyUser, scope_filter
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Organization, Rank
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import PostHolding, Rotation, RotationPlan, RotationPlanEntry
from xiaoneng.evaluation.services.rotation import anniversary, policy_for


@dataclass(frozen=True)
class DueRow:
    holding: PostHolding
    due_since: date
    years_in_post: int


def holdings_on(*, user: AnyUser, on: date) -> QuerySet[PostHolding]:
    holdings = PostHolding.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on
    )
    return scope_filter(holdings.select_related("person", "unit"), user, Perm.ROTATION_VIEW, "unit")


def rotation_due(
    *, user: AnyUser, on: date, unit: Organization | None = None, rank: str = ""
) -> list[DueRow]:
    """Post holdings on `on` that reached their government's years-in-post mark, exempt posts
    excluded, optionally for one unit (and below) and one rank; longest-serving first."""
    holdings = holdings_on(user=user, on=on)
    if unit is not None:
        holdings = holdings.filter(unit__path__startswith=unit.path)
    if rank:
        holdings = holdings.filter(rank=rank)
    policies: dict[int, object] = {}
    rows = []
    for holding in holdings:
        policy = policies.get(holding.unit_id)
        if policy is None:
            policy = policies[holding.unit_id] = policy_for(holding.unit)
        if holding.post in policy.exempt_posts:  # type: ignore[attr-defined]
            continue
        mark = anniversary(holding.started_on, policy.years)  # type: ignore[attr-defined]
        if mark <= on:
            years = (
                on.year
                - holding.started_on.year
                - ((on.month, on.day) < (holding.started_on.month, holding.started_on.day))
            )
            rows.append(DueRow(holding, mark, years))
    return sorted(rows, key=lambda r: (r.holding.started_on, r.holding.person.username))


def due_counts(rows: list[DueRow]) -> dict[str, dict[str, int]]:
    """{unit name: {rank: count}} of due rows."""
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        unit = counts.setdefault(row.holding.unit.name, {})
        unit[row.holding.rank or ""] = unit.get(row.holding.rank or "", 0) + 1
    return counts


def rotation_list(*, user: AnyUser, year: int | None = None) -> QuerySet[Rotation]:
    rotations = scope_filter(
        Rotation.objects.select_related("person", "from_unit", "to_unit"),
        user,
        Perm.ROTATION_VIEW,
        "from_unit",
    )
    return rotations.filter(rotated_on__year=year) if year else rotations


def rotation_counts(*, user: AnyUser, year: int | None = None) -> dict[str, int]:
    """Executed rotations by rank, with the total and the number of units they came from."""
    rotations = rotation_list(user=user, year=year)
    by_rank = dict(rotations.values_list("rank").annotate(n=Count("id")).values_list("rank", "n"))
    result = {r: by_rank.get(r, 0) for r in Rank.values}
    result["total"] = sum(by_rank.values())
    result["units"] = rotations.values("from_unit").distinct().count()
    return result


def plan_list(*, user: AnyUser) -> QuerySet[RotationPlan]:
    return scope_filter(RotationPlan.objects.all(), user, Perm.ROTATION_VIEW, "owner")


def plan_entry_get_for_user(*, user: AnyUser, pk: int) -> RotationPlanEntry:
    entry = (
        RotationPlanEntry.objects.select_related("plan", "person", "to_unit")
        .filter(pk=pk, plan__in=plan_list(user=user))
        .first()
    )
    if entry is None:
        raise NotFound(_("No such planned rotation."), field="entry")
    return entry
