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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from xiaoneng.cases.models import RefusalFiling
from xiaoneng.catalog.models import HandlingType, ServiceItem
from xiaoneng.core.access import scope_filter
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.supervision.daily import recorded_days, recorded_decided
from xiaoneng.supervision.lights import (
    LightSummary,
    light_counts_by,
    light_summaries,
    scoped_watches,
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
    watches = scoped_watches(user=user, organization=organization)
    if group == "agency":
        counts = _light_counts_by_agency(watches, as_of)
    else:
        counts = light_counts_by(watches, as_of, GROUPS[group])
    labels = dict(HandlingType.choices) if group == "handling_type" else {}
    rows = [
        LightRow(
            str(k),
            str(labels.get(lab, lab)),  # type: ignore[call-overload]
            n["open"] - n["yellow"] - n["red"],
            n["yellow"],
            n["red"],
            n["legal_overdue"],
        )
        for (k, lab), n in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r.red, -r.yellow, r.label))


def _light_counts_by_agency(watches, day: date) -> dict[tuple[object, ...], dict[str, int]]:  # type: ignore[no-untyped-def]
    """`light_counts_by` keyed by the agency's (id, name), grouped by the watch's agency path
    (a column of the covering index: grouping by the agency's id makes SQLite walk the whole
    table in id order).  A path no unit has any longer (a unit moved since the watch was
    refreshed) is counted by the agency's id instead."""
    counts = light_counts_by(watches, day, ("agency_path",))
    paths = [str(path) for (path,) in counts]
    agencies = {
        path: (pk, name)
        for path, pk, name in Organization.objects.filter(path__in=paths).values_list(
            "path", "pk", "name"
        )
    }
    result: dict[tuple[object, ...], dict[str, int]] = {
        agencies[str(path)]: n for (path,), n in counts.items() if str(path) in agencies
    }
    stale = [path for path in paths if path not in agencies]
    if stale:
        moved = light_counts_by(
            watches.filter(agency_path__in=stale), day, ("agency_id", "agency__name")
        )
        for key, n in moved.items():
            total = result.setdefault(key, dict.fromkeys(n, 0))
            for name, value in n.items():
                total[name] += value
    return result


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
    lights: Mapping[date, LightSummary] | None = None,
) -> list[PeriodFigures]:
    """`period_figures` for several periods at once (the cockpit's trend, 同比 and 环比):
    decided cases by decision day — the recorded days' from their figures (daily.py), the
    others in one grouped query per run of days — the open and overdue cases at each period's
    end in one scan (lights.light_summaries), the small tables per period.

    A case is decided on or after its acceptance (the workflow decides only accepted cases),
    so "decided in the period" needs no separate test of the acceptance day.  `lights`: the
    light summaries of the periods' ends where the caller has them already."""
    if not spans:
        return []
    watches = scoped_watches(user=user, organization=organization)
    first, last = min(s for s, _e in spans), max(e for _s, e in spans)
    every_day = [first + timedelta(days=k) for k in range((last - first).days + 1)]
    recorded = recorded_days(every_day)
    decided = recorded_decided(user=user, days=sorted(recorded), organization=organization)
    # the days not recorded (today, recent or dropped days) from the watches, in runs
    run: list[date] = []
    for day in [*every_day, None]:
        if day is not None and day not in recorded:
            run.append(day)
            continue
        if run:
            decided.update(_decided_by_day(watches, run[0], run[-1]))
            run = []
    ends = [e for _s, e in spans]
    red_at = (
        lights
        if lights is not None and all(e in lights for e in ends)
        else light_summaries(user=user, days=ends, organization=organization)
    )
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
    overdue = _light_counts_by_agency(watches, end)
    rows: dict[int, list] = {}  # type: ignore[type-arg]
    for r in decided:
        rows[r["agency_id"]] = [r["agency__name"], r["closed"], r["on_time"], 0]
    for (pk, name), n in overdue.items():
        if n["red"]:
            rows.setdefault(pk, [name, 0, 0, 0])[3] = n["red"]  # type: ignore[arg-type]
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
