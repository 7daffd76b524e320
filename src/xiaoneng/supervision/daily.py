"""Recorded figures of finished days (models/daily.py): recording, dropping, reading.

- `daily_figures_record(day=D)`: every agency's open cases by light as of the end of D and the
  cases decided on D, computed from the watches exactly as `light_summary` and
  `period_figures` compute them, stored for D (only for a day before today: today's figures
  still change).
- `daily_figures_catch_up()`: the sweep records the finished days of the last month it has not
  recorded yet, newest first.
- `daily_figures_drop(from_day=X)`: a rebuilt watch changed day X and later (clock.py,
  `first_changed_day`): their records are dropped and recomputed from the watches until the
  sweep records them again.
- `recorded_lights(...)` / `recorded_decided(...)`: the readers, in the user's scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from xiaoneng.core.models import Organization, User
from xiaoneng.supervision.models import (
    CaseWatch,
    DailyFigures,
    DailyFiguresDay,
    DailyFiguresInvalidation,
)

CATCH_UP_DAYS = 31
LIGHTS = ("open", "yellow", "red", "legal_overdue", "provisional")
DECIDED = {
    "closed": "closed",
    "closed_on_time": "on_time",
    "early": "early",
    "workdays_used_sum": "used_sum",
    "workdays_used_count": "used_n",
    "legal_span_sum": "legal_sum",
}


def _agency_ids(paths: Iterable[str]) -> dict[str, int]:
    """The agency of each watch path: the unit with that path, else (a unit moved since the
    watch was refreshed) the agency the watches with that path name."""
    wanted = set(paths)
    found = dict(Organization.objects.filter(path__in=wanted).values_list("path", "pk").order_by())
    for path in wanted - set(found):
        agency = (
            CaseWatch.objects.filter(agency_path=path).values_list("agency_id", flat=True).first()
        )
        if agency is not None:
            found[path] = agency
    return found


def daily_figures_record(*, day: date) -> int:
    """Record day D's figures for every agency (see the module docstring); returns the number
    of agencies recorded. A day not yet over is refused (ValueError)."""
    from xiaoneng.supervision.lights import light_counts_by

    if day >= timezone.localdate():
        raise ValueError(f"{day} is not over yet")
    started = timezone.now()
    watches = CaseWatch.objects.all()
    rows: dict[str, dict[str, int]] = {}
    for (path,), counts in light_counts_by(watches, day, ("agency_path",)).items():
        rows.setdefault(str(path), {}).update(counts)
    decided = (
        watches.filter(decided_on=day)
        .values("agency_path")
        .annotate(
            closed=Count("pk"),
            closed_on_time=Count("pk", filter=Q(decided_on__lte=F("committed_due_on"))),
            early=Count("pk", filter=Q(decided_on__lt=F("committed_due_on"))),
            workdays_used_sum=Sum("workdays_used"),
            workdays_used_count=Count("workdays_used"),
            legal_span_sum=Sum("legal_span"),
        )
        .order_by()
    )
    for row in decided:
        path = row.pop("agency_path")
        rows.setdefault(path, {}).update({k: int(v or 0) for k, v in row.items()})
    agencies = _agency_ids(rows)
    with transaction.atomic():
        DailyFigures.objects.filter(day=day).delete()
        DailyFigures.objects.bulk_create(
            [
                DailyFigures(day=day, agency_id=agencies[path], agency_path=path, **counts)
                for path, counts in rows.items()
                if path in agencies
            ],
            batch_size=500,
        )
        # A watch rebuilt while this day was being read may have changed it: leave it open.
        if DailyFiguresInvalidation.objects.filter(at__gte=started, from_day__lte=day).exists():
            DailyFiguresDay.objects.filter(day=day).delete()
            return 0
        DailyFiguresDay.objects.update_or_create(day=day)
    return len(rows)


def daily_figures_catch_up(*, today: date | None = None, days: int = CATCH_UP_DAYS) -> int:
    """Record the finished days of the last `days` days not recorded yet (none before the
    first watched case), newest first; returns the number of days recorded."""
    today = today or timezone.localdate()
    first = CaseWatch.objects.order_by("watched_from").values_list("watched_from", flat=True)
    earliest = first.first()
    if earliest is None:
        return 0
    wanted = [
        today - timedelta(days=k)
        for k in range(1, days + 1)
        if today - timedelta(days=k) >= earliest
    ]
    done = set(DailyFiguresDay.objects.filter(day__in=wanted).values_list("day", flat=True))
    recorded = 0
    for day in wanted:
        if day not in done:
            daily_figures_record(day=day)
            recorded += 1
    return recorded


def daily_figures_drop(*, from_day: date) -> None:
    """The figures from `from_day` on changed: drop their records (read from the watches
    until recorded again)."""
    if from_day >= timezone.localdate():
        return
    DailyFiguresInvalidation.objects.update_or_create(
        from_day=from_day, defaults={"at": timezone.now()}
    )
    DailyFiguresDay.objects.filter(day__gte=from_day).delete()


def recorded_days(days: Iterable[date]) -> set[date]:
    """Those of `days` whose figures are recorded (all before today)."""
    wanted = [d for d in set(days) if d < timezone.localdate()]
    if not wanted:
        return set()
    return set(DailyFiguresDay.objects.filter(day__in=wanted).values_list("day", flat=True))


def _scoped(user: User | None, organization: Organization | None):  # type: ignore[no-untyped-def]
    from xiaoneng.supervision.lights import scope_condition

    condition = scope_condition(user=user, organization=organization)
    if condition is None:
        return DailyFigures.objects.none()
    return DailyFigures.objects.filter(condition)


def recorded_lights(
    *, user: User | None, days: Iterable[date], organization: Organization | None = None
) -> dict[date, dict[str, int]]:
    """Open cases by light as of each recorded day in the user's scope (days given must be
    recorded: see `recorded_days`)."""
    wanted = list(days)
    totals = {day: dict.fromkeys(LIGHTS, 0) for day in wanted}
    rows = (
        _scoped(user, organization)
        .filter(day__in=wanted)
        .values("day")
        .annotate(**{name: Sum(name) for name in LIGHTS})
        .order_by()
    )
    for row in rows:
        totals[row["day"]] = {name: int(row[name] or 0) for name in LIGHTS}
    return totals


def recorded_decided(
    *, user: User | None, days: Iterable[date], organization: Organization | None = None
) -> dict[date, dict[str, int]]:
    """Cases decided on each recorded day in the user's scope, with the keys of
    `figures._decided_by_day` (days without a decided case are left out)."""
    wanted = list(days)
    if not wanted:
        return {}
    rows = (
        _scoped(user, organization)
        .filter(day__in=wanted, closed__gt=0)
        .values("day")
        .annotate(**{key: Sum(field) for field, key in DECIDED.items()})
        .order_by()
    )
    return {row.pop("day"): {k: int(v or 0) for k, v in row.items()} for row in rows}
