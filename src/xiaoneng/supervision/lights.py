"""The lights of every open case for any `as_of`: one set-based SQL query over CaseWatch.

Rules (DOMAIN.md §2; thresholds configurable, see SupervisionSettings):
- a case is *open at as_of* when accepted on or before it (a deemed acceptance counts from
  receipt, but is known only from the day after the notice period, `watched_from`) and not
  finished before or on it;
- **red** past the committed deadline: more running working days used than the committed
  limit (+ extension); an immediate item is red once its acceptance day is over
  (即办事项不过夜);
- **yellow** when the working days left are at most the case's yellow threshold;
- **green** otherwise;
- **legally overdue** (separate flag) past the legal limit (+ extension);
- special procedures do not count (行政许可法 Art. 45): a pause that began before as_of removes
  its working days up to min(its end, as_of), so an open pause freezes the clock;
- **as of a day, only what was known that day counts**: an extension (Art. 42) moves the
  deadlines from the day it was granted (`extended_on`), never before — a case red on the 11th
  stays red as of the 11th when its extension came on the 20th; a pause counts from its start
  and up to its end; a case is under the clock from its acceptance; an opinion is open from its
  request to the day it was given;
- `is_deadline_provisional` marks deadlines resting on a year without a holiday notice.

The *clock* of a case is `pos(as_of) − paused`, in doubled working-day positions
(models/watch.py); red, yellow and legally overdue are comparisons of the clock with
positions stored on the watch, so the query has no per-case Python. For cases without
pauses the clock is the constant pos(as_of): the summary counts them with plain column
comparisons; the few others (with pauses, or extended after the day) are read as plain values
with their pauses and lit in Python by the same rule (light_rule.py), since compiling the SQL
of `with_lights` for a handful of rows cost more than the rest of the summary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Least
from django.utils import timezone

from xiaoneng.core.access import scope_roots
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.supervision.clock import position
from xiaoneng.supervision.light_rule import PauseFacts, WatchFacts, light_from_facts
from xiaoneng.supervision.models import CaseWatch, Light, OpinionWatch, WatchPause


def as_of_day(as_of: date | datetime | None) -> date:
    """The calendar day a light is computed for (default: today, local time)."""
    if as_of is None:
        return timezone.localdate()
    if isinstance(as_of, datetime):
        return timezone.localdate(as_of) if timezone.is_aware(as_of) else as_of.date()
    return as_of


def scoped_watches(
    *, user: User | None, organization: Organization | None = None
) -> QuerySet[CaseWatch]:
    """Watches of cases whose agency lies in the user's SUPERVISION_VIEW scope (and subtree)."""
    condition = scope_condition(user=user, organization=organization)
    if condition is None:
        return CaseWatch.objects.none()
    return CaseWatch.objects.filter(condition)


def scope_condition(*, user: User | None, organization: Organization | None = None) -> Q | None:
    """The condition on `agency_path` of the user's SUPERVISION_VIEW scope (and subtree), for
    any table that keeps the agency's path; None when the user may see nothing."""
    condition = Q()
    if user is not None:
        roots = scope_roots(user, Perm.SUPERVISION_VIEW)
        if not roots:
            return None
        for root in roots:
            condition |= Q(agency_path__startswith=root.path)
    if organization is not None:
        condition &= Q(agency_path__startswith=organization.path)
    return condition


def open_at(queryset: QuerySet[CaseWatch], day: date) -> QuerySet[CaseWatch]:
    """Cases under the clock on `day`: accepted by then as far as was known then (a deemed
    acceptance from the day after the notice period), not finished by then."""
    return queryset.filter(open_until__gt=day, watched_from__lte=day)


def _paused(day: date, here: int, counts: str) -> Subquery:
    """Positions removed by the case's pauses begun before `day` that move this deadline
    (`counts`), each up to min(its end, day)."""
    return Subquery(
        WatchPause.objects.filter(watch=OuterRef("pk"), started_on__lt=day, **{counts: True})
        .values("watch")
        .annotate(
            total=Sum(
                Least(Coalesce("end_position", Value(here)), Value(here)) - F("start_position")
            )
        )
        .values("total")
    )


def _clock(day: date, deadline: str = "committed") -> ExpressionWrapper:
    """pos(day) minus the paused positions (only cases with pauses run the subquery); before
    the extension was granted, with the pauses that moved the deadline as it stood then."""
    here = position(day)
    paused = Case(
        When(
            has_pauses=True,
            extended_on__gt=day,
            then=Coalesce(_paused(day, here, f"counts_for_{deadline}_unextended"), Value(0)),
        ),
        When(
            has_pauses=True, then=Coalesce(_paused(day, here, f"counts_for_{deadline}"), Value(0))
        ),
        default=Value(0),
    )
    return ExpressionWrapper(Value(here) - paused, output_field=IntegerField())


def _as_of(day: date, field: str) -> Case:
    """The position `field` as it stood on `day`: the unextended one before the extension."""
    return Case(
        When(extended_on__gt=day, then=F(f"unextended_{field}")),
        default=F(field),
        output_field=IntegerField(),
    )


def _plain(day: date) -> Q:
    """Cases whose lights as of `day` are plain comparisons of stored positions with pos(day):
    no pauses and no extension still to come (read from the covering index alone)."""
    return Q(has_pauses=False) & (Q(extended_on__isnull=True) | Q(extended_on__lte=day))


def _not_plain(day: date) -> Q:
    """The others: with pauses, or extended after `day` (the few read through `with_lights`)."""
    return Q(has_pauses=True) | Q(extended_on__gt=day)


#: The light conditions on the annotated `clock` and the positions as of the day (`due_at`,
#: `yellow_at`, `legal_at`; models/watch.py, positions).
RED = Q(clock__gt=F("due_at"))
YELLOW = Q(clock__lte=F("due_at"), clock__gte=F("yellow_at"))
GREEN = Q(clock__lt=F("yellow_at"))
LEGAL_OVERDUE = Q(legal_clock__gt=F("legal_at"))
CONDITIONS: dict[str, Q] = {
    Light.RED: RED,
    Light.YELLOW: YELLOW,
    Light.GREEN: GREEN,
    Light.LEGAL_OVERDUE: LEGAL_OVERDUE,
}


def with_lights(queryset: QuerySet[CaseWatch], day: date) -> QuerySet[CaseWatch]:
    """Annotate `clock`, `light`, `is_legal_overdue` and `days_left` as of `day`."""
    return queryset.annotate(
        clock=_clock(day),
        legal_clock=_clock(day, "legal"),
        due_at=_as_of(day, "due_position"),
        yellow_at=_as_of(day, "yellow_position"),
        legal_at=_as_of(day, "legal_position"),
    ).annotate(
        light=Case(
            When(RED, then=Value(Light.RED)),
            When(clock__gte=F("yellow_at"), then=Value(Light.YELLOW)),
            default=Value(Light.GREEN),
            output_field=CharField(),
        ),
        is_legal_overdue=Case(
            When(LEGAL_OVERDUE, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        # positions left to the committed deadline (2 per working day; negative when overdue)
        slack=ExpressionWrapper(F("due_at") - F("clock"), output_field=IntegerField()),
        # working days left to the committed deadline; negative when overdue
        days_left=ExpressionWrapper(
            (F("due_at") - F("clock")) / Value(2), output_field=IntegerField()
        ),
    )


@dataclass(frozen=True)
class LightSummary:
    as_of: date
    green: int
    yellow: int
    red: int
    legal_overdue: int
    provisional: int

    @property
    def open(self) -> int:
        return self.green + self.yellow + self.red


def light_summary(
    *,
    user: User | None,
    as_of: date | datetime | None = None,
    organization: Organization | None = None,
) -> LightSummary:
    """Counts of open cases by light as of `as_of` in the user's scope: one aggregate over the
    plain cases, one read of the others (`_not_plain_counts`)."""
    day = as_of_day(as_of)
    here = position(day)
    watches = open_at(scoped_watches(user=user, organization=organization), day)
    # Cases without pauses nor an extension granted after the day (nearly all): the clock is
    # pos(day) itself, so each light is a plain comparison of a stored position with a constant.
    plain = watches.filter(_plain(day)).aggregate(
        open=Count("pk"),
        yellow=Count("pk", filter=Q(due_position__gte=here, yellow_position__lte=here)),
        red=Count("pk", filter=Q(due_position__lt=here)),
        legal_overdue=Count("pk", filter=Q(legal_position__lt=here)),
        provisional=Count("pk", filter=Q(is_deadline_provisional=True)),
    )
    others = _not_plain_counts(watches, day).get((), {})
    total = {key: int(plain[key] or 0) + others.get(key, 0) for key in plain}
    return LightSummary(
        as_of=day,
        green=total["open"] - total["yellow"] - total["red"],
        yellow=total["yellow"],
        red=total["red"],
        legal_overdue=total["legal_overdue"],
        provisional=total["provisional"],
    )


_COUNTS = ("open", "yellow", "red", "legal_overdue", "provisional")


def _full_counts() -> dict[str, Count]:
    """The light counts over annotated rows (`with_lights`)."""
    return {
        "open": Count("pk"),
        "yellow": Count("pk", filter=YELLOW),
        "red": Count("pk", filter=RED),
        "legal_overdue": Count("pk", filter=LEGAL_OVERDUE),
        "provisional": Count("pk", filter=Q(is_deadline_provisional=True)),
    }


#: At most this many rows (the not-plain cases joined with their pauses) are read as values
#: and lit in Python; more are counted by the SQL of `with_lights`. Measured on SQLite: a row
#: read and lit in Python costs ~10 µs of CPU; the SQL ~9 ms to compile, plus its subqueries
#: per row (285 rows: 3.6 ms in Python, 14 ms in SQL).
FEW_ROWS = 1_000

#: The columns lit in Python: the watch's (those of WatchFacts) and, through the outer join,
#: each of its pauses' (those of PauseFacts; NULL for a case without pauses).
_WATCH_COLUMNS = WatchFacts._fields[:-1]
_PAUSE_COLUMNS = tuple(f"pauses__{name}" for name in PauseFacts._fields)


def _not_plain_counts(
    opened: QuerySet[CaseWatch], day: date, keys: tuple[str, ...] = ()
) -> dict[tuple[object, ...], dict[str, int]]:
    """The light counts of the not-plain cases of `opened` (open on `day`) by the fields
    `keys`: up to FEW_ROWS rows read with their pauses in one query (none when there are no
    such cases) and lit by `light_from_facts`; more through `with_lights` in SQL."""
    others = opened.filter(_not_plain(day))
    fields = tuple(dict.fromkeys(keys))  # a group may name one field twice
    columns = (*fields, "pk", "is_deadline_provisional", *_WATCH_COLUMNS, *_PAUSE_COLUMNS)
    rows = list(others.values_list(*columns).order_by()[: FEW_ROWS + 1])
    if len(rows) > FEW_ROWS:
        counted = with_lights(others, day)
        if not keys:
            return {(): {k: int(v or 0) for k, v in counted.aggregate(**_full_counts()).items()}}
        return {
            tuple(row[k] for k in keys): {name: int(row[name] or 0) for name in _COUNTS}
            for row in counted.values(*fields).annotate(**_full_counts()).order_by()
        }
    # per case: its group's values, its provisional mark, its facts and its pauses
    grouped: dict[object, tuple[tuple[object, ...], bool, tuple[Any, ...], list[PauseFacts]]] = {}
    watch_end = len(fields) + 2 + len(_WATCH_COLUMNS)
    for row in rows:
        pk, provisional = row[len(fields)], row[len(fields) + 1]
        watch = grouped.setdefault(
            pk, (row[: len(fields)], provisional, row[len(fields) + 2 : watch_end], [])
        )
        if row[watch_end] is not None:
            watch[3].append(PauseFacts(*row[watch_end:]))
    here = position(day)
    result: dict[tuple[object, ...], dict[str, int]] = {}
    for values, provisional, facts, pauses in grouped.values():
        light, is_legal_overdue = light_from_facts(
            WatchFacts._make((*facts, tuple(pauses))), day=day, here=here
        )
        named = dict(zip(fields, values, strict=True))
        total = result.setdefault(tuple(named[k] for k in keys), dict.fromkeys(_COUNTS, 0))
        total["open"] += 1
        total["yellow"] += light == Light.YELLOW
        total["red"] += light == Light.RED
        total["legal_overdue"] += is_legal_overdue
        total["provisional"] += bool(provisional)
    return result


def light_counts_by(
    watches: QuerySet[CaseWatch], day: date, keys: tuple[str, ...]
) -> dict[tuple[object, ...], dict[str, int]]:
    """Open cases of `watches` as of `day` by light, grouped by the fields `keys`: the plain
    cases by comparing stored positions with pos(day), the others by `_not_plain_counts`
    (the same split as `light_summary`)."""
    here = position(day)
    opened = open_at(watches, day)
    plain = (
        opened.filter(_plain(day))
        .values(*keys)
        .annotate(
            open=Count("pk"),
            yellow=Count("pk", filter=Q(due_position__gte=here, yellow_position__lte=here)),
            red=Count("pk", filter=Q(due_position__lt=here)),
            legal_overdue=Count("pk", filter=Q(legal_position__lt=here)),
            provisional=Count("pk", filter=Q(is_deadline_provisional=True)),
        )
        .order_by()
    )
    result: dict[tuple[object, ...], dict[str, int]] = {}
    for row in plain:
        total = result.setdefault(tuple(row[k] for k in keys), dict.fromkeys(_COUNTS, 0))
        for name in _COUNTS:
            total[name] += int(row[name] or 0)
    for key, counts in _not_plain_counts(opened, day, keys).items():
        total = result.setdefault(key, dict.fromkeys(_COUNTS, 0))
        for name in _COUNTS:
            total[name] += counts[name]
    return result


def _plain_counts(watches: QuerySet[CaseWatch], days: list[date]) -> dict[str, Any]:
    """Per day, the plain cases open that day by light: the compact columns of the cases
    open on any of the days read once from the covering index (one scan), counted per day
    with numpy (a handful of vector comparisons per day instead of one SQL filter per day
    and light)."""
    import numpy as np

    columns = (
        "watched_from",
        "open_until",
        "has_pauses",
        "extended_on",
        "due_position",
        "yellow_position",
        "legal_position",
        "is_deadline_provisional",
    )
    # Dates read as text: the engines' date converters cost more than the scan itself.
    as_text = {
        f"{c}_text": Cast(c, CharField()) for c in ("watched_from", "open_until", "extended_on")
    }
    parts: dict[str, list[Any]] = {c: [] for c in columns}
    try:
        sql, params = (
            watches.filter(open_until__gt=days[0], watched_from__lte=days[-1])
            .annotate(**as_text)
            .values_list(*(f"{c}_text" if f"{c}_text" in as_text else c for c in columns))
            .query.sql_with_params()
        )
    except EmptyResultSet:  # nothing in the person's scope (e.g. a community's staff)
        sql = None
    if sql is not None:
        with connections[watches.db].cursor() as cursor:  # where the router reads watches
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(50_000):
                for name, values in zip(columns, zip(*rows, strict=True), strict=True):
                    parts[name].extend(values)
    # ISO dates; numpy reads them (None as NaT).
    watched = np.array(parts["watched_from"], dtype="datetime64[D]")
    until = np.array(parts["open_until"], dtype="datetime64[D]")
    extended = np.array(parts["extended_on"], dtype="datetime64[D]")
    pauses = np.array(parts["has_pauses"], dtype=bool)
    due = np.array(parts["due_position"], dtype=np.int64)
    yellow = np.array(parts["yellow_position"], dtype=np.int64)
    legal = np.array(parts["legal_position"], dtype=np.int64)
    provisional = np.array(parts["is_deadline_provisional"], dtype=bool)
    del parts
    counts: dict[str, Any] = {}
    for i, day in enumerate(days):
        here, n = position(day), np.datetime64(day, "D")
        plain = (until > n) & (watched <= n) & ~pauses & (np.isnat(extended) | (extended <= n))
        counts[f"open_{i}"] = int(plain.sum())
        counts[f"yellow_{i}"] = int((plain & (due >= here) & (yellow <= here)).sum())
        counts[f"red_{i}"] = int((plain & (due < here)).sum())
        counts[f"legal_overdue_{i}"] = int((plain & (legal < here)).sum())
        counts[f"provisional_{i}"] = int((plain & provisional).sum())
    return counts


def light_summaries(
    *,
    user: User | None,
    days: Iterable[date],
    organization: Organization | None = None,
) -> dict[date, LightSummary]:
    """`light_summary` for each of `days` (the cockpit's 12 trend periods, 同比 and 环比):
    the same counts — a finished day's from its recorded figures (daily.py), the others with
    the plain cases of every day read in one scan of the covering index (only the cases open
    on one of the days) instead of one scan per day."""
    from xiaoneng.supervision.daily import recorded_days, recorded_lights

    wanted = sorted(set(days))
    if not wanted:
        return {}
    recorded = recorded_days(wanted)
    result: dict[date, LightSummary] = {}
    for day, counts in recorded_lights(
        user=user, days=sorted(recorded), organization=organization
    ).items():
        result[day] = LightSummary(
            as_of=day,
            green=counts["open"] - counts["yellow"] - counts["red"],
            yellow=counts["yellow"],
            red=counts["red"],
            legal_overdue=counts["legal_overdue"],
            provisional=counts["provisional"],
        )
    wanted = [day for day in wanted if day not in recorded]
    if not wanted:
        return result
    scoped = scoped_watches(user=user, organization=organization)
    plain = _plain_counts(scoped, wanted)
    for i, day in enumerate(wanted):
        # the few cases with pauses or a later extension, as light_summary reads them
        others = _not_plain_counts(open_at(scoped, day), day).get((), {})
        total = {key: int(plain[f"{key}_{i}"]) + others.get(key, 0) for key in _COUNTS}
        result[day] = LightSummary(
            as_of=day,
            green=total["open"] - total["yellow"] - total["red"],
            yellow=total["yellow"],
            red=total["red"],
            legal_overdue=total["legal_overdue"],
            provisional=total["provisional"],
        )
    return result


def cases_with_light(
    *,
    user: User | None,
    light: str | None = None,
    as_of: date | datetime | None = None,
    organization: Organization | None = None,
) -> QuerySet[CaseWatch]:
    """Open cases as of `as_of` with their light, most urgent first; `light` filters
    (green, yellow, red, or legal_overdue)."""
    day = as_of_day(as_of)
    queryset = with_lights(open_at(scoped_watches(user=user, organization=organization), day), day)
    if light:
        queryset = queryset.filter(CONDITIONS[light])
    return queryset.order_by("slack", "pk")


def case_light_page(
    *,
    user: User | None,
    light: str | None = None,
    as_of: date | datetime | None = None,
    organization: Organization | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[int, list[CaseWatch]]:
    """(total, one page) of `cases_with_light`, in two steps: the count and the page's keys
    come from the covering index; only the page's rows are then read in full."""
    queryset = cases_with_light(user=user, light=light, as_of=as_of, organization=organization)
    total = queryset.count()
    keys = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
    day = as_of_day(as_of)
    rows = {w.pk: w for w in with_lights(CaseWatch.objects.filter(pk__in=keys), day)}
    return total, facts_as_of([rows[key] for key in keys], day)


def facts_as_of(rows: list[CaseWatch], day: date) -> list[CaseWatch]:
    """Give each listed row (annotated by `with_lights`) the deadlines, the "paused" flag and
    the provisional mark as they were known on `day`, instead of today's values.

    The deadlines are recomputed with the limits in force then (the extension from the day it
    was granted, Art. 42), the special procedures begun by then (an open one, or one that
    ended later, counted up to `day`, Art. 45) and the calendar known then
    (`calendar_known_on`: a holiday notice entered later did not count yet). The lights
    themselves need no such step: they compare working-day positions, and a notice about days
    after `day` changes no position up to `day`."""
    from xiaoneng.workdays.selectors import calendar_known_on  # workdays reads, no cycle

    if not rows:
        return rows
    calendar = calendar_known_on(day)
    pauses: dict[int, list[tuple[date, date | None]]] = {}
    paused_now: set[int] = set()
    for watch_id, started_on, ended_on in (
        WatchPause.objects.filter(watch_id__in=[r.pk for r in rows], started_on__lte=day)
        .order_by("started_on", "pk")
        .values_list("watch_id", "started_on", "ended_on")
    ):
        still = ended_on is None or ended_on > day
        pauses.setdefault(watch_id, []).append((started_on, None if still else ended_on))
        if still:
            paused_now.add(watch_id)
    for row in rows:
        known = pauses.get(row.pk, [])
        due = []
        for at in (row.due_at, row.legal_at):  # type: ignore[attr-defined]  # annotated
            days = max(0, (at - row.start_position) // 2)
            due.append(
                calendar.deadline_with_pauses_checked(row.accepted_on, days, known, as_of=day)
                if days
                else None
            )
        committed, legal = due
        row.committed_due_on = committed.day if committed else row.accepted_on
        row.legal_due_on = legal.day if legal else row.accepted_on
        row.is_deadline_provisional = bool(committed and committed.is_provisional)
        row.is_paused = row.pk in paused_now
    return rows


def light_of(watch: CaseWatch, as_of: date | datetime | None = None) -> str | None:
    """The light of one case as of `as_of` (None when not open then) — same SQL, one row."""
    day = as_of_day(as_of)
    row = (
        with_lights(open_at(CaseWatch.objects.filter(pk=watch.pk), day), day)
        .values_list("light", flat=True)  # type: ignore[misc]  # annotated
        .first()
    )
    return row


def opinions_with_light(
    *,
    user: User | None,
    as_of: date | datetime | None = None,
    organization: Organization | None = None,
    light: str | None = None,
) -> QuerySet[OpinionWatch]:
    """Open co-department opinions as of `as_of`, each with its own light by its due date."""
    day = as_of_day(as_of)
    watches = scoped_watches(user=user, organization=organization)
    queryset = (
        OpinionWatch.objects.filter(watch__in=watches, requested_on__lte=day)
        .filter(Q(given_on__isnull=True) | Q(given_on__gt=day))
        .annotate(
            light=Case(
                When(due_on__lt=day, then=Value(Light.RED)),
                When(yellow_on__lte=day, then=Value(Light.YELLOW)),
                default=Value(Light.GREEN),
                output_field=CharField(),
            )
        )
    )
    if light:
        queryset = queryset.filter(light=light)  # type: ignore[misc]  # annotated above
    return queryset.select_related("watch", "department").order_by("due_on")
