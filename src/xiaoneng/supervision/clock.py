"""Keeping each case's CaseWatch in step with the case (positions, spans, yellow threshold).

The watch is rebuilt from the case in Python once per change (a case event, a calendar notice,
a threshold change, the sweep); the lights are then read for any `as_of` by one SQL query
(`selectors_lights.py`). This is the only per-case work, and it happens when a case changes,
never when the lights are read.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from xiaoneng.cases.fastpath import insert_rows, light
from xiaoneng.cases.models import Case, CaseEvent, CasePause, JointOpinion
from xiaoneng.cases.workflow import EventKind, Status
from xiaoneng.core.id_sets import in_ids, unindexed
from xiaoneng.supervision.models import (
    OPEN_UNTIL,
    CaseWatch,
    OpinionWatch,
    SupervisionSettings,
    WatchPause,
)
from xiaoneng.workdays import (
    FIRST_DAY,
    add_workdays,
    count_workdays,
    deadline_with_pauses,
    is_workday,
)

#: Statuses in which a case no longer runs against the clock without a decision day.
STOPPED_WITHOUT_DECISION = frozenset({Status.WITHDRAWN, Status.TERMINATED, Status.REFUSED})


def workday_number(day: date) -> int:
    """W(day): working days from the calendar's first day up to and including `day`."""
    return count_workdays(FIRST_DAY, day)


def position(day: date) -> int:
    """pos(day) = 2·W(day) + 1 on a non-working day (it sits after that day's last working day)."""
    return 2 * workday_number(day) + (0 if is_workday(day) else 1)


def yellow_threshold(
    limit_days: int,
    *,
    yellow_days: int,
    yellow_ratio: Decimal,
) -> int:
    """Working days left at which a case turns yellow (DOMAIN.md §2, configurable).

    Yellow when ≤ `yellow_days` working days are left or ≤ (1 − `yellow_ratio`) of the limit is
    left, whichever comes first: the larger of the two counts. 20 days, 2 days, ratio 0.8 →
    4 (20 % of 20); 5 days → 2 (20 % of 5 is 1 < 2).
    """
    share_left = (Decimal(1) - Decimal(yellow_ratio)) * limit_days
    return max(int(yellow_days), math.floor(share_left))


def thresholds_for(case: Case, defaults: SupervisionSettings) -> tuple[int, Decimal]:
    """The item version's own yellow thresholds where set, else the global ones."""
    version = case.item_version
    days = version.yellow_days if version.yellow_days is not None else defaults.yellow_days
    ratio = version.yellow_ratio if version.yellow_ratio is not None else defaults.yellow_ratio
    return int(days), Decimal(ratio)


def finished_on(case: Case) -> date | None:
    """The day the case's decision clock stopped: its decision, or withdrawal/termination."""
    if case.decided_on is not None:
        return case.decided_on
    if case.status in STOPPED_WITHOUT_DECISION and case.last_event_at is not None:
        return timezone.localdate(case.last_event_at)
    return None


def _positions(
    accepted_on: date, committed_days: int, legal_days: int, yellow_days: int, yellow_ratio: Decimal
) -> tuple[int, int, int, int]:
    """(yellow span, due, yellow and legal positions) for limits of n working days after
    acceptance; a limit of 0 is due at the end of the acceptance day (models/watch.py)."""
    start = 2 * workday_number(accepted_on)
    yellow_span = 2 * yellow_threshold(
        committed_days, yellow_days=yellow_days, yellow_ratio=yellow_ratio
    )
    due = start + 2 * committed_days if committed_days else position(accepted_on)
    legal_due = start + 2 * legal_days if legal_days else position(accepted_on)
    return yellow_span, due, due - yellow_span, legal_due


@dataclass(frozen=True)
class KnownOn:
    """When a case's facts became known, for the lights "as of" a day (lights.py)."""

    extended_on: date | None = None  # the day the extension was granted (Art. 42)
    deemed_from: date | None = None  # a deemed acceptance holds from the day after the notice
    # period (Art. 32): before it, a notice could still have come


def known_on(case_ids: Iterable[int]) -> dict[int, KnownOn]:
    """Case id → when its extension and its deemed acceptance became known (one query; the
    kind through an expression, so that the cases pick the index, core/id_sets.py)."""
    rows = (
        CaseEvent.objects.alias(kind_text=unindexed("kind"))
        .filter(
            in_ids("case_id", case_ids),
            kind_text__in=(EventKind.EXTENDED, EventKind.DEEMED_ACCEPTED),
        )
        .order_by("case_id", "sequence")
    )
    found: dict[int, KnownOn] = {}
    for case_id, kind, occurred_at, payload in rows.values_list(
        "case_id", "kind", "occurred_at", "payload"
    ):
        known = found.get(case_id, KnownOn())
        if kind == EventKind.EXTENDED:
            known = replace(known, extended_on=timezone.localdate(occurred_at))
        else:
            due = (payload or {}).get("notice_due_on")
            deemed_from = (
                date.fromisoformat(due) + timedelta(days=1)
                if due
                else timezone.localdate(occurred_at)
            )
            known = replace(known, deemed_from=deemed_from)
        found[case_id] = known
    return found


def _watch_fields(
    case: Case, defaults: SupervisionSettings, pauses: list[CasePause], known: KnownOn
) -> tuple[dict[str, object], int, int, int, Decimal]:
    """The watch's columns for an accepted case, plus the limits and thresholds used.

    An extension (Art. 42) counts only from the day it was granted: the positions before it
    are kept as well, so that the lights as of an earlier day use the deadline that held then.
    A deemed acceptance counts from the day of receipt, but the case is under the clock as of
    a day only from the day after the notice period (`watched_from`)."""
    extended_on = known.extended_on
    accepted_on: date = case.accepted_on  # type: ignore[assignment]  # watched: accepted
    committed_days = case.committed_limit_days + case.extension_days
    legal_days = case.legal_limit_days + case.extension_days
    yellow_days, yellow_ratio = thresholds_for(case, defaults)
    start = 2 * workday_number(accepted_on)
    yellow_span, due, yellow, legal_due = _positions(
        accepted_on, committed_days, legal_days, yellow_days, yellow_ratio
    )
    if not case.extension_days:
        extended_on = None
    before = (
        _positions(
            accepted_on, case.committed_limit_days, case.legal_limit_days, yellow_days, yellow_ratio
        )
        if extended_on is not None
        else (yellow_span, due, yellow, legal_due)
    )
    stopped_on = finished_on(case)
    item = case.item_version.item
    fields: dict[str, object] = {
        "case_number": case.number,
        "agency_id": case.agency_id,
        "agency_path": case.agency.path,
        "item_id": item.pk,
        "item_name": item.name[:200],
        "handling_type": case.handling_type,
        "is_joint": case.is_joint,
        "assignee_id": case.assignee_id,
        "accepted_on": case.accepted_on,
        "watched_from": max(accepted_on, known.deemed_from or accepted_on)
        if case.is_deemed_accepted
        else accepted_on,
        "finished_on": stopped_on,
        "decided_on": case.decided_on,
        "open_until": stopped_on or OPEN_UNTIL,
        "workdays_used": (
            max(0, count_workdays(case.accepted_on, stopped_on) - case.paused_workdays)  # type: ignore[arg-type]
            if stopped_on
            else None
        ),
        "start_position": start,
        "committed_span": 2 * committed_days,
        "legal_span": 2 * legal_days,
        "yellow_span": yellow_span,
        "due_position": due,
        "yellow_position": yellow,
        "legal_position": legal_due,
        "extended_on": extended_on,
        "unextended_due_position": before[1],
        "unextended_yellow_position": before[2],
        "unextended_legal_position": before[3],
        "has_pauses": bool(pauses),
        "is_paused": any(p.ended_on is None for p in pauses),
        "committed_due_on": case.committed_due_on,
        "legal_due_on": case.legal_due_on,
        "is_deadline_provisional": case.is_deadline_provisional,
    }
    return fields, committed_days, legal_days, yellow_days, yellow_ratio


def _limits(case: Case) -> tuple[int, int, int, int]:
    """(committed, legal) working days with the extension, then without it."""
    return (
        case.committed_limit_days + case.extension_days,
        case.legal_limit_days + case.extension_days,
        case.committed_limit_days,
        case.legal_limit_days,
    )


def _is_watched(case: Case) -> bool:
    return not (
        case.accepted_on is None or case.committed_due_on is None or case.legal_due_on is None
    )


# Fields whose change moves a past day's figures only from the dates involved (the dates
# themselves), and those derived from the pauses (compared through the pauses' own dates).
_DATES = ("accepted_on", "watched_from", "finished_on", "decided_on", "open_until")
_FROM_PAUSES = ("has_pauses", "is_paused")
# Not part of the recorded figures as known at the time (the provisional mark is recorded as it
# stood; the item, names and the assignee are not counted).
_NOT_COUNTED = (
    "case_number",
    "item_id",
    "item_name",
    "is_joint",
    "assignee_id",
    "is_deadline_provisional",
    "yellow_alerted_at",
    "red_alerted_at",
    "refreshed_at",
)
_POSITIONS = ("due_position", "yellow_position", "legal_position")


def _pauses_changed_from(
    old: list[tuple[date, date | None]], new: list[tuple[date, date | None]]
) -> list[date]:
    """The first days moved by a change of the pauses: a pause added or removed from its
    start; a pause's end set or moved from the earlier of the two ends (up to it the pause ran
    either way; a running pause counts up to the day, lights.py)."""
    starts: dict[date, tuple[list[date | None], list[date | None]]] = defaultdict(lambda: ([], []))
    for started_on, ended_on in old:
        starts[started_on][0].append(ended_on)
    for started_on, ended_on in new:
        starts[started_on][1].append(ended_on)
    days: list[date] = []
    for started_on, (before, after) in starts.items():
        if before == after:
            continue
        if len(before) == len(after) == 1:
            ends = [d for d in (before[0], after[0]) if d is not None]
            days.append(min(ends))
        else:
            days.append(started_on)
    return days


def first_changed_day(
    old: CaseWatch | None,
    old_pauses: list[tuple[date, date | None]],
    fields: dict[str, object],
    new_pauses: list[tuple[date, date | None]],
) -> date | None:
    """The first day whose figures (the lights as of that day, the cases decided that day)
    a rebuilt watch changes; None when none does.  A same-day event changes only today: a
    decision or withdrawal today (its dates are today), a pause begun or ended today, an
    extension granted today (before that day the lights use the positions before it, Art. 42).
    A backdated event, an import of past cases or a calendar change moves earlier days."""
    watched_from: date = fields["watched_from"]  # type: ignore[assignment]
    if old is None:
        return watched_from
    earliest = min(old.watched_from, watched_from)
    days: list[date] = []
    for name in _DATES:
        before, after = getattr(old, name), fields[name]
        if before != after:
            days.extend(d for d in (before, after) if isinstance(d, date))
    if old.workdays_used != fields["workdays_used"]:
        # counted on the decision day only
        days.extend(d for d in (old.decided_on, fields["decided_on"]) if isinstance(d, date))
    if old_pauses != new_pauses:
        days.extend(_pauses_changed_from(old_pauses, new_pauses))
    if old.extended_on != fields["extended_on"]:
        unchanged_before = (
            all(getattr(old, name) == fields[f"unextended_{name}"] for name in _POSITIONS)
            and old.extended_on is None
        )
        granted = fields["extended_on"]
        if unchanged_before and isinstance(granted, date):
            days.append(granted)  # an extension granted that day, nothing earlier moved
        else:
            days.append(earliest)
    skip = {*_DATES, *_FROM_PAUSES, *_NOT_COUNTED, "extended_on", "workdays_used"}
    if old.extended_on != fields["extended_on"]:
        # positions and deadlines move with the extension: judged above
        skip |= {*_POSITIONS, "committed_span", "legal_span", "yellow_span"}
        skip |= {"committed_due_on", "legal_due_on"}
        skip |= {f"unextended_{name}" for name in _POSITIONS}
    for name, value in fields.items():
        if name not in skip and getattr(old, name) != value:
            days.append(earliest)
            break
    return min(days) if days else None


def watch_refresh(case: Case, *, defaults: SupervisionSettings | None = None) -> CaseWatch | None:
    """Rebuild the case's watch (and its pauses and opinions); None when not accepted.  The
    recorded figures of the days the rebuild changes are dropped (daily.py)."""
    from xiaoneng.supervision.daily import daily_figures_drop

    old = CaseWatch.objects.filter(case_id=case.pk).first()
    old_pauses = (
        list(
            WatchPause.objects.filter(watch_id=case.pk)
            .order_by("started_on", "id")
            .values_list("started_on", "ended_on")
        )
        if old is not None
        else []
    )
    if not _is_watched(case):
        if old is not None:
            CaseWatch.objects.filter(case_id=case.pk).delete()
            daily_figures_drop(from_day=old.watched_from)
        return None
    defaults = defaults or SupervisionSettings.current()
    pauses = list(CasePause.objects.filter(case=case).order_by("started_on", "id"))
    fields, committed_days, legal_days, yellow_days, yellow_ratio = _watch_fields(
        case, defaults, pauses, known_on([case.pk]).get(case.pk, KnownOn())
    )
    changed = first_changed_day(
        old, old_pauses, fields, [(p.started_on, p.ended_on) for p in pauses]
    )
    with transaction.atomic():
        watch, _created = CaseWatch.objects.update_or_create(case_id=case.pk, defaults=fields)
        WatchPause.objects.filter(watch=watch).delete()
        WatchPause.objects.bulk_create(
            _watch_pauses(watch.pk, case.accepted_on, pauses, _limits(case))  # type: ignore[arg-type]
        )
        if changed is not None:
            daily_figures_drop(from_day=changed)
        OpinionWatch.objects.filter(watch=watch).delete()
        OpinionWatch.objects.bulk_create(
            _opinion_rows(
                watch.pk, JointOpinion.objects.filter(case=case), yellow_days, yellow_ratio
            )
        )
    return watch


#: A plain stand-in for a new CaseWatch row (`watches_create_bulk` makes one per case).
LightWatch = light(CaseWatch)


def watches_create_bulk(cases: list[Case], *, defaults: SupervisionSettings) -> list[Case]:
    """Set-based twin of `watch_refresh` for a batch of cases that have no watch yet (the bulk
    import): pauses and opinions are read in one query each and every row is inserted with one
    executemany per table (the bulk import's `insert_rows`), instead of about seven queries per
    case. Returns the cases that already have a watch, which the caller refreshes one by one so
    that their alert marks stay; a case not accepted and not watched needs nothing.
    """
    ids = [case.pk for case in cases]
    existing = set(
        CaseWatch.objects.filter(in_ids("case_id", ids)).values_list("case_id", flat=True)
    )
    fresh = [case for case in cases if case.pk not in existing and _is_watched(case)]
    pauses: dict[int, list[CasePause]] = defaultdict(list)
    for pause in CasePause.objects.filter(in_ids("case_id", [c.pk for c in fresh])).order_by(
        "case_id", "started_on", "id"
    ):
        pauses[pause.case_id].append(pause)
    opinions: dict[int, list[JointOpinion]] = defaultdict(list)
    for opinion in JointOpinion.objects.filter(in_ids("case_id", [c.pk for c in fresh])).order_by(
        "pk"
    ):
        opinions[opinion.case_id].append(opinion)
    known = known_on(c.pk for c in fresh if c.extension_days or c.is_deemed_accepted)
    built = []
    now = timezone.now()
    for case in fresh:
        fields, committed, legal, yellow_days, yellow_ratio = _watch_fields(
            case, defaults, pauses[case.pk], known.get(case.pk, KnownOn())
        )
        built.append(
            (
                case,
                LightWatch(case_id=case.pk, refreshed_at=now, **fields),
                committed,
                legal,
                yellow_days,
                yellow_ratio,
            )
        )
    with transaction.atomic():
        insert_rows(CaseWatch, [watch for _c, watch, *_rest in built])
        pause_rows: list[WatchPause] = []
        opinion_rows: list[OpinionWatch] = []
        for case, _watch, _committed, _legal, yellow_days, yellow_ratio in built:
            pause_rows.extend(
                _watch_pauses(case.pk, case.accepted_on, pauses[case.pk], _limits(case))  # type: ignore[arg-type]
            )
            opinion_rows.extend(
                _opinion_rows(case.pk, opinions[case.pk], yellow_days, yellow_ratio)
            )
        insert_rows(WatchPause, pause_rows)
        insert_rows(OpinionWatch, opinion_rows)
        if built:
            from xiaoneng.supervision.daily import daily_figures_drop

            daily_figures_drop(from_day=min(watch.watched_from for _c, watch, *_rest in built))
    return [case for case in cases if case.pk in existing]


def _pause_counts(accepted_on: date, pauses: list[CasePause], days: int) -> list[bool]:
    """For each pause, whether it moves a deadline of `days` working days: only a pause that
    begins before the deadline (as moved by the earlier pauses) does (Art. 45). A limit of 0
    (immediate item) is due on the acceptance day and no pause moves it."""
    counts: list[bool] = []
    earlier: list[tuple[date, date | None]] = []
    for pause in pauses:
        due = (
            deadline_with_pauses(accepted_on, days, earlier, as_of=pause.started_on)
            if days
            else accepted_on
        )
        counts.append(bool(days) and pause.started_on < due)
        if counts[-1]:
            earlier.append((pause.started_on, pause.ended_on))
    return counts


def _watch_pauses(
    watch_id: int,
    accepted_on: date,
    pauses: list[CasePause],
    limits: tuple[int, int, int, int],
) -> list[WatchPause]:
    """The pauses in positions, each marked whether it moves each deadline (`_pause_counts`),
    with the final limits and with the limits before the extension.

    `limits` = (committed, legal, committed before the extension, legal before it)."""
    committed, legal, committed_before, legal_before = (
        _pause_counts(accepted_on, pauses, days) for days in limits
    )
    return [
        WatchPause(
            watch_id=watch_id,
            started_on=pause.started_on,
            ended_on=pause.ended_on,
            start_position=2 * workday_number(pause.started_on),
            end_position=2 * workday_number(pause.ended_on) if pause.ended_on else None,
            counts_for_committed=committed[i],
            counts_for_legal=legal[i],
            counts_for_committed_unextended=committed_before[i],
            counts_for_legal_unextended=legal_before[i],
        )
        for i, pause in enumerate(pauses)
    ]


def _opinion_rows(
    watch_id: int, opinions: Iterable[JointOpinion], yellow_days: int, yellow_ratio: Decimal
) -> list[OpinionWatch]:
    """Each co-department opinion gets its own yellow day before its own due date."""
    rows = []
    for opinion in opinions:
        limit = count_workdays(opinion.requested_on, opinion.due_on)
        left = yellow_threshold(limit, yellow_days=yellow_days, yellow_ratio=yellow_ratio)
        yellow_on = add_workdays(opinion.due_on, -left) if left else opinion.due_on
        rows.append(
            OpinionWatch(
                opinion_id=opinion.pk,
                watch_id=watch_id,
                department_id=opinion.department_id,
                requested_on=opinion.requested_on,
                due_on=opinion.due_on,
                yellow_on=max(yellow_on, opinion.requested_on),
                given_on=opinion.given_on,
            )
        )
    return rows


def watches_shift(changed_days: Iterable[date]) -> int:
    """A holiday notice changed the working status of `changed_days` (workdays'
    `calendar_notice_saved`): W(d) moves by one for every d on or after each of them, so the
    stored positions move by ±2 in SQL, with no per-case loop (a limit of n working days after
    acceptance stays n: due_position − start_position does not change). The few watches
    accepted on a changed day itself are rebuilt. Returns the number of changed days."""
    days = sorted(set(changed_days))
    for day in days:
        step = 2 if is_workday(day) else -2
        CaseWatch.objects.filter(accepted_on__gte=day).update(
            start_position=F("start_position") + step,
            due_position=F("due_position") + step,
            yellow_position=F("yellow_position") + step,
            legal_position=F("legal_position") + step,
            unextended_due_position=F("unextended_due_position") + step,
            unextended_yellow_position=F("unextended_yellow_position") + step,
            unextended_legal_position=F("unextended_legal_position") + step,
        )
        WatchPause.objects.filter(started_on__gte=day).update(
            start_position=F("start_position") + step
        )
        WatchPause.objects.filter(ended_on__gte=day).update(end_position=F("end_position") + step)
    if days:
        defaults = SupervisionSettings.current()
        for case in Case.objects.filter(watch__accepted_on__in=days).select_related(
            "agency", "item_version__item"
        ):
            watch_refresh(case, defaults=defaults)
    return len(days)


def provisional_flags_sync() -> int:
    """Copy each open case's deadlines and `is_deadline_provisional` onto its watch (set-based
    UPDATEs): the cases context recomputes them, without an event, when a year's notice
    arrives. Returns the number of watches whose flag changed."""
    case = Case.objects.filter(pk=OuterRef("pk"))
    watches = CaseWatch.objects.filter(open_until=OPEN_UNTIL)
    for field in ("committed_due_on", "legal_due_on"):
        value = Subquery(case.values(field)[:1])
        watches.exclude(**{field: value}).update(**{field: value})
    flag = Subquery(case.values("is_deadline_provisional")[:1])
    return watches.exclude(is_deadline_provisional=flag).update(is_deadline_provisional=flag)
