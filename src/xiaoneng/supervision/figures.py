"""Supervision figures for the dashboard and its Excel export (DOMAIN.md §2–3).

- lights by department, service item and handling type as of any day (set-based, lights.py);
- for a period [start, end]: closed cases, **on-time rate = closed on time ÷ (closed + open and
  overdue at the end)** — never closed-on-time ÷ closed, which hides the cases still running
  late (DOMAIN.md §3, the closure-rate trap); average working days used against the average
  legal limit; early-completion rate (decided before the committed deadline); refusal filings
  (否定报备); breaches and efficiency warnings by unit;
- compression ratio of the items in scope: committed ÷ legal limit (the seed cut committed
  limits by two thirds or more, i.e. a ratio ≤ 1/3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from xiaoneng.cases.models import RefusalFiling
from xiaoneng.catalog.models import HandlingType, ServiceItem
from xiaoneng.core.access import scope_filter
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.supervision.lights import (
    GREEN,
    LEGAL_OVERDUE,
    RED,
    YELLOW,
    light_summaries,
    open_at,
    scoped_watches,
    with_lights,
)
from xiaoneng.supervision.models import EfficiencyWarning, RuleBreach

GROUPS = {
    "agency": ("agency_id", "agency__name"),
    "item": ("item_id", "item_name"),
    "handling_type": ("handling_type", "handling_type"),
}


@dataclass
class LightRow:
    key: str
    label: str
    green: int
    yellow: int
    red: int
    legal_overdue: int

    @property
    def total(self) -> int:
        return self.green + self.yellow + self.red


def lights_by(
    *, user: User | None, group: str, as_of: date, organization: Organization | None = None
) -> list[LightRow]:
    """Open cases by light as of `as_of`, grouped by agency, item or handling type."""
    key, label = GROUPS[group]
    rows = (
        with_lights(open_at(scoped_watches(user=user, organization=organization), as_of), as_of)
        .values(key, label)
        .annotate(
            green=Count("pk", filter=GREEN),
            yellow=Count("pk", filter=YELLOW),
            red=Count("pk", filter=RED),
            legal_overdue=Count("pk", filter=LEGAL_OVERDUE),
        )
        .order_by("-red", "-yellow", label)
    )
    labels = dict(HandlingType.choices) if group == "handling_type" else {}
    return [
        LightRow(
            str(r[key]),
            str(labels.get(r[label], r[label])),
            r["green"],
            r["yellow"],
            r["red"],
            r["legal_overdue"],
        )
        for r in rows
    ]


def _ratio(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator) * 100).quantize(Decimal("0.1"))


@dataclass
class PeriodFigures:
    start: date
    end: date
    closed: int
    closed_on_time: int
    open_overdue: int
    early: int
    average_workdays_used: Decimal | None
    average_legal_limit: Decimal | None
    refusal_filings: int
    breaches_by_unit: list[tuple[str, int]] = field(default_factory=list)
    warnings_by_unit: list[tuple[str, int]] = field(default_factory=list)

    @property
    def on_time_rate(self) -> Decimal | None:
        """Closed on time ÷ (closed + open and overdue), in %."""
        return _ratio(self.closed_on_time, self.closed + self.open_overdue)

    @property
    def early_rate(self) -> Decimal | None:
        """Decided before the committed deadline ÷ closed, in %."""
        return _ratio(self.early, self.closed)


def period_figures(
    *, user: User | None, start: date, end: date, organization: Organization | None = None
) -> PeriodFigures:
    """The period's figures in the user's scope (see the module docstring for each rule)."""
    return period_figures_for(user=user, spans=[(start, end)], organization=organization)[0]


def _decided_by_day(watches, first: date, last: date) -> dict[date, dict[str, int]]:  # type: ignore[no-untyped-def]
    """Per decision day in [first, last]: cases decided, on time (by the committed deadline),
    early (before it), the sum and number of working days used, the sum of legal limits —
    from the covering index of decided cases, one grouped query for any number of periods."""
    rows = (
        watches.filter(decided_on__gte=first, decided_on__lte=last)
        .values("decided_on")
        .annotate(
            closed=Count("pk"),
            on_time=Count("pk", filter=Q(decided_on__lte=F("committed_due_on"))),
            early=Count("pk", filter=Q(decided_on__lt=F("committed_due_on"))),
            used_sum=Sum("workdays_used"),
            used_n=Count("workdays_used"),
            legal_sum=Sum("legal_span"),  # positions: 2 per working day
        )
        .order_by()
    )
    return {r.pop("decided_on"): r for r in rows}


def _average(total: int, count: int, divisor: int = 1) -> Decimal | None:
    """total ÷ (count · divisor) to one decimal (half-even, as Decimal rounds)."""
    if not count:
        return None
    return (Decimal(total) / Decimal(count * divisor)).quantize(Decimal("0.1"))


def period_figures_for(
    *,
    user: User | None,
    spans: Sequence[tuple[date, date]],
    organization: Organization | None = None,
) -> list[PeriodFigures]:
    """`period_figures` for several periods at once (the cockpit's trend, 同比 and 环比):
    decided cases in one grouped query by decision day, the open and overdue cases at each
    period's end in one scan (lights.light_summaries), the small tables per period.

    A case is decided on or after its acceptance (the workflow decides only accepted cases),
    so "decided in the period" needs no separate test of the acceptance day."""
    if not spans:
        return []
    watches = scoped_watches(user=user, organization=organization)
    decided = _decided_by_day(watches, min(s for s, _e in spans), max(e for _s, e in spans))
    red_at = light_summaries(user=user, days=[e for _s, e in spans], organization=organization)
    result = []
    for start, end in spans:
        days = [row for day, row in decided.items() if start <= day <= end]
        total = {
            key: sum(row[key] or 0 for row in days)
            for key in ("closed", "on_time", "early", "used_sum", "used_n", "legal_sum")
        }
        filings = RefusalFiling.objects.filter(filed_at__date__gte=start, filed_at__date__lte=end)
        filings = (
            scope_filter(filings, user, Perm.SUPERVISION_VIEW, "case__agency") if user else filings
        )
        if organization is not None:
            filings = filings.filter(case__agency__path__startswith=organization.path)
        breaches = RuleBreach.objects.filter(
            occurred_at__date__gte=start, occurred_at__date__lte=end
        )
        warnings = EfficiencyWarning.objects.filter(issued_on__gte=start, issued_on__lte=end)
        if user is not None:
            breaches = scope_filter(breaches, user, Perm.SUPERVISION_VIEW, "unit")
            warnings = scope_filter(warnings, user, Perm.SUPERVISION_VIEW, "unit")
        if organization is not None:
            breaches = breaches.filter(unit__path__startswith=organization.path)
            warnings = warnings.filter(unit__path__startswith=organization.path)
        result.append(
            PeriodFigures(
                start=start,
                end=end,
                closed=total["closed"],
                closed_on_time=total["on_time"],
                open_overdue=red_at[end].red,
                early=total["early"],
                average_workdays_used=_average(total["used_sum"], total["used_n"]),
                average_legal_limit=_average(total["legal_sum"], total["closed"], 2),
                refusal_filings=filings.count(),
                breaches_by_unit=_by_unit(breaches),
                warnings_by_unit=_by_unit(warnings),
            )
        )
    return result


def _by_unit(queryset) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    rows = queryset.values("unit__name").annotate(n=Count("pk")).order_by("-n", "unit__name")
    return [(r["unit__name"], r["n"]) for r in rows]


@dataclass(frozen=True)
class OnTimeRow:
    agency_id: int
    agency: str
    closed: int
    closed_on_time: int
    open_overdue: int

    @property
    def on_time_rate(self) -> Decimal | None:
        """The same rule as PeriodFigures.on_time_rate: on time ÷ (closed + open and overdue)."""
        return _ratio(self.closed_on_time, self.closed + self.open_overdue)


def on_time_by_agency(
    *, user: User | None, start: date, end: date, organization: Organization | None = None
) -> list[OnTimeRow]:
    """`period_figures`' on-time rate for every implementing agency with cases due, in two
    grouped queries (the cockpit's ranking of units); agencies in name order."""
    watches = scoped_watches(user=user, organization=organization)
    decided = (
        watches.filter(decided_on__gte=start, decided_on__lte=end)
        .values("agency_id", "agency__name")
        .annotate(
            closed=Count("pk"),
            on_time=Count("pk", filter=Q(decided_on__lte=F("committed_due_on"))),
        )
        .order_by()
    )
    overdue = (
        with_lights(open_at(watches, end), end)
        .filter(RED)
        .values("agency_id", "agency__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows: dict[int, list] = {}  # type: ignore[type-arg]
    for r in decided:
        rows[r["agency_id"]] = [r["agency__name"], r["closed"], r["on_time"], 0]
    for r in overdue:
        rows.setdefault(r["agency_id"], [r["agency__name"], 0, 0, 0])[3] = r["n"]
    return sorted(
        (
            OnTimeRow(pk, name, closed, on_time, late)
            for pk, (name, closed, on_time, late) in rows.items()
        ),
        key=lambda row: row.agency,
    )


@dataclass
class Compression:
    items: int
    committed_total: int
    legal_total: int
    cut_by_two_thirds: int

    @property
    def ratio(self) -> Decimal | None:
        """Σ committed ÷ Σ legal over the items' current versions, in %."""
        return _ratio(self.committed_total, self.legal_total)


def compression(*, user: User | None, organization: Organization | None = None) -> Compression:
    """Compression of the current versions of active items in scope (committed ÷ legal)."""
    items = ServiceItem.objects.filter(
        status="active", current_version__isnull=False, current_version__legal_limit_days__gt=0
    )
    if user is not None:
        items = scope_filter(items, user, Perm.SUPERVISION_VIEW, "agency")
    if organization is not None:
        items = items.filter(agency__path__startswith=organization.path)
    row = items.aggregate(
        n=Count("pk"),
        committed=Sum("current_version__committed_limit_days"),
        legal=Sum("current_version__legal_limit_days"),
        cut=Count(
            "pk",
            filter=Q(
                current_version__committed_limit_days__lte=F("current_version__legal_limit_days")
                / 3.0
            ),
        ),
    )
    return Compression(row["n"], row["committed"] or 0, row["legal"] or 0, row["cut"])
