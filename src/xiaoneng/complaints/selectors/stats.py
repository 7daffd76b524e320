"""Complaint figures for a period and a reference day `as_of` (DOMAIN.md §3).

Definitions (seed: received 892, due 888, closed 885, closure rate 885 ÷ 888 = 99.7 %):

- received: complaints received in [from, to].
- closed: of those, finished (closed, or declined and referred) on or before `as_of`.
- due: of those, the closed ones plus every one still open whose deadline passed by `as_of`
  (as_of > due_on). Counting only closed ones as due would make the rate 100 % by construction —
  the closure-rate trap DOMAIN.md warns about.
- closure rate = closed ÷ due; on-time rate = closed on or before their deadline ÷ closed.
- visitors: people received in person (the visitor count of complaints received by visit).
- outcomes by kind: outcomes decided in [from, to] and on or before `as_of`.
- by category, unit and month: received counts.

Trend signals (苗头性、倾向性问题), relative to `as_of`:
- surge: a unit or category whose count in the last full month before `as_of` is at least
  twice its monthly average over the six months before that month, and at least
  SURGE_MIN_COUNT (so that one complaint after a quiet half-year is no signal).
- repeated person: a person complained about 3 or more times in the 12 months ending `as_of`
  (staff account when known, else the name within the unit).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from xiaoneng.complaints.models import Category, Complaint, Outcome, OutcomeKind
from xiaoneng.complaints.workflow import FINISHED_STATUSES

SURGE_FACTOR = 2
SURGE_MIN_COUNT = 2
SURGE_BASE_MONTHS = 6
REPEAT_THRESHOLD = 3
REPEAT_WINDOW_DAYS = 365


def rate(numerator: int, denominator: int) -> Decimal | None:
    """Percentage with one decimal, half up (885 ÷ 888 → 99.7); None when nothing is due."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass
class Signal:
    kind: str  # "unit", "category" or "person"
    key: str
    label: str
    count: int
    baseline: Decimal | None = None


@dataclass
class ComplaintFigures:
    date_from: date
    date_to: date
    as_of: date
    received: int = 0
    due: int = 0
    closed: int = 0
    closed_on_time: int = 0
    visitors: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    by_category: list[tuple[str, str, int]] = field(default_factory=list)
    by_unit: list[tuple[int, str, int]] = field(default_factory=list)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)

    @property
    def closure_rate(self) -> Decimal | None:
        return rate(self.closed, self.due)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.closed_on_time, self.closed)


def _finished_by(as_of: date) -> Q:
    return Q(status__in=FINISHED_STATUSES, closed_on__lte=as_of)


def complaint_totals_for(
    *, queryset: QuerySet[Complaint], spans: list[tuple[date, date]]
) -> list[ComplaintFigures]:
    """The totals of `complaint_figures(queryset=…, date_from=s, date_to=e, as_of=e)` —
    received, due, closed, closed on time, visitors — for every span, in one query (one
    conditional count per figure and span; the cockpit's periods). The breakdowns, outcomes
    and signals stay empty: ask `complaint_figures` for one period's."""
    if not spans:
        return []
    aggregates: dict[str, Count | Sum] = {}
    for k, (start, end) in enumerate(spans):
        received = Q(received_on__gte=start, received_on__lte=end)
        finished = received & _finished_by(end)
        aggregates[f"received_{k}"] = Count("pk", filter=received)
        aggregates[f"closed_{k}"] = Count("pk", filter=finished)
        aggregates[f"due_{k}"] = Count("pk", filter=finished | (received & Q(due_on__lt=end)))
        aggregates[f"on_time_{k}"] = Count("pk", filter=finished & Q(closed_on__lte=F("due_on")))
        aggregates[f"visitors_{k}"] = Sum("visitor_count", filter=received)
    first, last = min(s for s, _e in spans), max(e for _s, e in spans)
    totals = queryset.filter(received_on__gte=first, received_on__lte=last).aggregate(**aggregates)
    return [
        ComplaintFigures(
            date_from=start,
            date_to=end,
            as_of=end,
            received=totals[f"received_{k}"],
            due=totals[f"due_{k}"],
            closed=totals[f"closed_{k}"],
            closed_on_time=totals[f"on_time_{k}"],
            visitors=totals[f"visitors_{k}"] or 0,
        )
        for k, (start, end) in enumerate(spans)
    ]


def complaint_figures(
    *, queryset: QuerySet[Complaint], date_from: date, date_to: date, as_of: date
) -> ComplaintFigures:
    """All figures for complaints received in [date_from, date_to], judged on `as_of`.

    `queryset` is the caller's scope (selectors.complaint_list_for_user).
    """
    received = queryset.filter(received_on__gte=date_from, received_on__lte=min(date_to, as_of))
    finished = _finished_by(as_of)
    totals = received.aggregate(
        received=Count("pk"),
        closed=Count("pk", filter=finished),
        due=Count("pk", filter=finished | Q(due_on__lt=as_of)),
        on_time=Count("pk", filter=finished & Q(closed_on__lte=F("due_on"))),
        visitors=Sum("visitor_count"),
    )
    figures = ComplaintFigures(
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        received=totals["received"],
        due=totals["due"],
        closed=totals["closed"],
        closed_on_time=totals["on_time"],
        visitors=totals["visitors"] or 0,
    )
    outcome_rows = (
        Outcome.objects.filter(
            complaint__in=queryset, decided_on__gte=date_from, decided_on__lte=min(date_to, as_of)
        )
        .values("kind")
        .annotate(n=Count("pk"))
    )
    counted = {row["kind"]: row["n"] for row in outcome_rows}
    figures.outcomes = {kind: counted.get(kind, 0) for kind in OutcomeKind.values}
    labels = dict(Category.choices)
    figures.by_category = [
        (row["category"], str(labels.get(row["category"], row["category"])), row["n"])
        for row in received.values("category").annotate(n=Count("pk")).order_by("-n", "category")
    ]
    figures.by_unit = [
        (row["unit"], row["unit__name"], row["n"])
        for row in received.values("unit", "unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit__name")
    ]
    months: Counter[str] = Counter(
        f"{day:%Y-%m}" for day in received.values_list("received_on", flat=True)
    )
    figures.by_month = sorted(months.items())
    figures.signals = trend_signals(queryset=queryset, as_of=as_of)
    return figures


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _months_back(first_of_month: date, count: int) -> date:
    year, month = first_of_month.year, first_of_month.month - count
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


def trend_signals(*, queryset: QuerySet[Complaint], as_of: date) -> list[Signal]:
    """Surges of a unit or category in the last full month, and persons complained about
    repeatedly in the last 12 months (rules in the module docstring)."""
    last_start = _months_back(_month_start(as_of), 1)
    last_end = _month_start(as_of) - timedelta(days=1)
    base_start = _months_back(last_start, SURGE_BASE_MONTHS)
    signals: list[Signal] = []
    recent = queryset.filter(received_on__gte=last_start, received_on__lte=last_end)
    base = queryset.filter(received_on__gte=base_start, received_on__lt=last_start)
    labels = dict(Category.choices)
    for kind, key, label_field in (
        ("unit", "unit", "unit__name"),
        ("category", "category", "category"),
    ):
        base_counts = {row[key]: row["n"] for row in base.values(key).annotate(n=Count("pk"))}
        for row in recent.values(key, label_field).annotate(n=Count("pk")).order_by("-n"):
            average = Decimal(base_counts.get(row[key], 0)) / SURGE_BASE_MONTHS
            if row["n"] >= SURGE_MIN_COUNT and row["n"] >= SURGE_FACTOR * average:
                label = row[label_field] if kind == "unit" else str(labels.get(row[key], row[key]))
                signals.append(
                    Signal(
                        kind=kind,
                        key=str(row[key]),
                        label=label,
                        count=row["n"],
                        baseline=average.quantize(Decimal("0.01")),
                    )
                )
    window = queryset.filter(
        received_on__gt=as_of - timedelta(days=REPEAT_WINDOW_DAYS), received_on__lte=as_of
    ).exclude(person_name="", person=None)
    people: Counter[tuple[str, str]] = Counter()
    names: dict[tuple[str, str], str] = {}
    for person_id, person_name, unit_id, unit_name in window.values_list(
        "person_id", "person_name", "unit_id", "unit__name"
    ):
        person_key = (
            (f"user:{person_id}", "") if person_id else (f"unit:{unit_id}", person_name.strip())
        )
        people[person_key] += 1
        names.setdefault(person_key, f"{person_name}（{unit_name}）")
    for person_key, count in sorted(people.items(), key=lambda item: (-item[1], item[0])):
        if count >= REPEAT_THRESHOLD:
            signals.append(
                Signal(
                    kind="person", key="/".join(person_key), label=names[person_key], count=count
                )
            )
    return signals
