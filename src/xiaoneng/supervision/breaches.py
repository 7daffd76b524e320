"""Rule-breach detection (电子监察, DOMAIN.md §1–2): from each recorded case event, and by the
sweep for the breaches that time alone causes.

Event rules (live and imported events alike, through `case_event_recorded`):
- LATE_SUPPLEMENT_NOTICE — a supplement notice later than 5 working days after receipt, or no
  notice at all so that the case was deemed accepted (行政许可法 Art. 32 (4)); an imported late
  notice is one breach (from the notice's event), not a second one for the deemed acceptance
  it causes;
- SECOND_SUPPLEMENT_NOTICE — more than one supplement notice (one-time notice, Art. 32);
- REFUSAL_WITHOUT_REASON — a refusal to accept or a denial without a written reason
  (Art. 32, 38: the decision states its reasons);
- STEP_OVERDUE — a process step finished after its own due day;
- EXTENSION_WITHOUT_APPROVAL — an extension with no approving head named (Art. 42);
- COMMITTED_DEADLINE_MISSED / LEGAL_DEADLINE_MISSED — decided after the deadline (Art. 42);
- LATE_FORWARDING — forwarded to the higher level later than SupervisionSettings
  .late_forwarding_days working days after acceptance (Art. 43: 20);
- FEE_ON_FREE_ITEM — a fee recorded on a case whose item version charges none;
- OPINION_OVERDUE — a co-department opinion given after its own due day (countersign, 7 WD).

Sweep rules (as of a day): open cases past either deadline, open steps past their due day,
open opinions past their due day, forwarded items not forwarded in time.
Every breach is unique per (case, rule, ref), so detection can run any number of times.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases.fastpath import insert_rows
from xiaoneng.cases.models import Case, CaseEvent, JointOpinion, ProcessStepRecord
from xiaoneng.cases.workflow import EventKind
from xiaoneng.core.id_sets import in_ids, unindexed
from xiaoneng.supervision.clock import finished_on
from xiaoneng.supervision.lights import LEGAL_OVERDUE, RED, open_at, with_lights
from xiaoneng.supervision.models import CaseWatch, RuleBreach, RuleCode, SupervisionSettings
from xiaoneng.workdays import add_workdays, count_workdays

#: 行政许可法 Art. 32 (4): the one-time supplement notice within 5 working days of receipt.
SUPPLEMENT_NOTICE_DAYS = 5


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _breach(
    case: Case,
    rule: str,
    *,
    occurred_at: datetime,
    detail: str,
    ref: str = "",
    unit_id: int | None = None,
    event: EventFacts | None = None,
) -> RuleBreach:
    """A breach row (unsaved); responsibility lies with the acting person or the assignee."""
    person_id = event.actor_id if event is not None and event.actor_id else case.assignee_id
    person_name = event.actor_name if event is not None and event.actor_name else ""
    return RuleBreach(
        case_id=case.pk,
        case_number=case.number,
        rule=rule,
        ref=ref,
        unit_id=unit_id or case.agency_id,
        person_id=person_id,
        person_name=person_name[:150],
        occurred_at=occurred_at,
        detail=detail,
        is_imported=bool(event is not None and event.is_imported),
    )


def save_breaches(breaches: Iterable[RuleBreach]) -> int:
    """Insert the breaches not yet recorded; returns how many are new."""
    rows = list(breaches)
    if not rows:
        return 0
    before = RuleBreach.objects.count()
    RuleBreach.objects.bulk_create(rows, ignore_conflicts=True)
    return RuleBreach.objects.count() - before


class EventFacts(Protocol):
    """What the event rules read from an event: a CaseEvent, or a row of the batch path."""

    sequence: int
    kind: str
    occurred_at: datetime
    actor_id: int | None
    actor_name: str
    reason: str
    payload: Any
    is_imported: bool


@dataclass(slots=True)
class EventRow:
    """An event read as plain values (the batch path reads tens of thousands at a time)."""

    case_id: int
    sequence: int
    kind: str
    occurred_at: datetime
    actor_id: int | None
    actor_name: str
    reason: str
    payload: Any
    is_imported: bool


EVENT_ROW_FIELDS = tuple(f.name for f in fields(EventRow))

#: The event kinds with a rule of their own in `_event_breaches`; an event of another kind can
#: only reveal a fee on a free item, which every event of such a case does.
RULED_KINDS = (
    EventKind.SUPPLEMENT_REQUESTED,
    EventKind.DEEMED_ACCEPTED,
    EventKind.REFUSED,
    EventKind.DENIED,
    EventKind.EXTENDED,
    EventKind.STEP_FINISHED,
    EventKind.OPINION_GIVEN,
    EventKind.FORWARDED,
    EventKind.APPROVED,
)


def breaches_insert(breaches: list[RuleBreach]) -> None:
    """Insert the breaches not yet recorded, without counting them (`save_breaches` counts the
    whole table twice, which a bulk load of millions of cases cannot afford per batch), with
    one executemany (the bulk import's `insert_rows`)."""
    detected_at = timezone.now()
    for breach in breaches:
        breach.detected_at = detected_at
    insert_rows(RuleBreach, breaches, ignore_conflicts=True)


def breaches_for_event(case: Case, event: CaseEvent) -> list[RuleBreach]:
    """The breaches one recorded event reveals (pure reads; nothing saved)."""
    kind = event.kind
    return _event_breaches(
        case,
        event,
        has_earlier_notice=kind == EventKind.SUPPLEMENT_REQUESTED
        and CaseEvent.objects.filter(
            case=case, kind=EventKind.SUPPLEMENT_REQUESTED, sequence__lt=event.sequence
        ).exists(),
        late_steps=list(_late_steps([case.pk])) if kind == EventKind.STEP_FINISHED else [],
        late_opinions=list(_late_opinions([case.pk])) if kind == EventKind.OPINION_GIVEN else [],
        forwarding_days=SupervisionSettings.current().late_forwarding_days
        if kind == EventKind.FORWARDED and case.accepted_on is not None
        else 0,
    )


def breaches_for_batch(cases: Iterable[Case]) -> list[RuleBreach]:
    """Set-based twin of `breaches_for_event` over every event of a batch of cases (the bulk
    import): the events, the late steps and the late opinions are read in one query each and
    the settings once, instead of up to four queries per event. The rules are the same code
    (`_event_breaches`); the result equals checking each event in sequence order and keeping,
    for each (case, rule, ref), the first breach found — what the per-event path records, since
    a breach is unique per (case, rule, ref) (tests/supervision/test_bulk_breaches.py)."""
    by_pk = {case.pk: case for case in cases}
    ids = list(by_pk)
    forwarding_days = SupervisionSettings.current().late_forwarding_days
    steps: dict[int, list[ProcessStepRecord]] = defaultdict(list)
    for step in _late_steps(ids):
        steps[step.case_id].append(step)
    opinions: dict[int, list[JointOpinion]] = defaultdict(list)
    for opinion in _late_opinions(ids):
        opinions[opinion.case_id].append(opinion)
    # only the events a rule can fire on: every event of a case charging a fee on a free
    # item, the ruled kinds of the others (the other events find nothing, `_event_breaches`)
    fee_ids = [pk for pk, case in by_pk.items() if _is_fee_on_free_item(case)]
    # the kind through an expression, so that the batch's cases pick the index (core/id_sets.py)
    events = (
        CaseEvent.objects.alias(kind_text=unindexed("kind"))
        .filter(in_ids("case_id", ids) & (Q(kind_text__in=RULED_KINDS) | Q(case_id__in=fee_ids)))
        .order_by("case_id", "sequence")
    )
    noticed: set[int] = set()
    found: dict[tuple[int, str, str], RuleBreach] = {}
    for values in events.values_list(*EVENT_ROW_FIELDS):
        event = EventRow(*values)
        case = by_pk[event.case_id]
        is_notice = event.kind == EventKind.SUPPLEMENT_REQUESTED
        for breach in _event_breaches(
            case,
            event,
            has_earlier_notice=is_notice and case.pk in noticed,
            late_steps=steps[case.pk],
            late_opinions=opinions[case.pk],
            forwarding_days=forwarding_days,
        ):
            found.setdefault((breach.case_id, breach.rule, breach.ref), breach)
        if is_notice:
            noticed.add(case.pk)
    return list(found.values())


def _late_steps(case_ids: list[int]) -> QuerySet[ProcessStepRecord]:
    return (
        ProcessStepRecord.objects.filter(
            in_ids("case_id", case_ids), finished_on__isnull=False, finished_on__gt=F("due_on")
        )
        .select_related("step")
        .order_by("case_id", "pk")
    )


def _late_opinions(case_ids: list[int]) -> QuerySet[JointOpinion]:
    return (
        JointOpinion.objects.filter(
            in_ids("case_id", case_ids), given_on__isnull=False, given_on__gt=F("due_on")
        )
        .select_related("department")
        .order_by("case_id", "pk")
    )


def _event_breaches(  # noqa: C901  (one branch per rule)
    case: Case,
    event: EventFacts,
    *,
    has_earlier_notice: bool,
    late_steps: list[ProcessStepRecord],
    late_opinions: list[JointOpinion],
    forwarding_days: int,
) -> list[RuleBreach]:
    """The event rules over one event and the facts read for it (no queries)."""
    day = timezone.localdate(event.occurred_at)
    found: list[RuleBreach] = []
    ref = str(event.sequence)
    kind = event.kind
    if kind == EventKind.SUPPLEMENT_REQUESTED:
        if has_earlier_notice:
            found.append(
                _breach(
                    case,
                    RuleCode.SECOND_SUPPLEMENT_NOTICE,
                    occurred_at=event.occurred_at,
                    ref=ref,
                    event=event,
                    detail=_(
                        "A second supplement notice: everything missing must be "
                        "listed in one notice."
                    ),
                )
            )
        else:
            received_on = timezone.localdate(case.received_at)
            used = count_workdays(received_on, day)
            if used > SUPPLEMENT_NOTICE_DAYS:
                found.append(
                    _breach(
                        case,
                        RuleCode.LATE_SUPPLEMENT_NOTICE,
                        occurred_at=event.occurred_at,
                        ref=ref,
                        event=event,
                        detail=_(
                            "Supplement notice %(days)s working days after receipt "
                            "(at most 5): the application counts as accepted on "
                            "%(received)s."
                        )
                        % {"days": used, "received": received_on},
                    )
                )
    elif kind == EventKind.DEEMED_ACCEPTED and not (event.payload or {}).get("late_notice"):
        # (deemed accepted because an imported history gave the notice late: that notice is
        # the breach, with its actor, recorded from its own event — one breach per fact)
        found.append(
            _breach(
                case,
                RuleCode.LATE_SUPPLEMENT_NOTICE,
                occurred_at=event.occurred_at,
                ref="deemed",
                event=event,
                detail=_(
                    "No acceptance decision or supplement notice within 5 working "
                    "days: deemed accepted on the day of receipt."
                ),
            )
        )
    elif kind in (EventKind.REFUSED, EventKind.DENIED):
        if not (event.reason or "").strip():
            found.append(
                _breach(
                    case,
                    RuleCode.REFUSAL_WITHOUT_REASON,
                    occurred_at=event.occurred_at,
                    ref=ref,
                    event=event,
                    detail=_("%(what)s without a written reason.")
                    % {"what": EventKind(kind).label},
                )
            )
    elif kind == EventKind.EXTENDED:
        approver = str((event.payload or {}).get("approver") or "").strip()
        if not approver:
            found.append(
                _breach(
                    case,
                    RuleCode.EXTENSION_WITHOUT_APPROVAL,
                    occurred_at=event.occurred_at,
                    ref=ref,
                    event=event,
                    detail=_("The time limit was extended without a head's approval."),
                )
            )
    elif kind == EventKind.STEP_FINISHED:
        for step in late_steps:
            found.append(
                _breach(
                    case,
                    RuleCode.STEP_OVERDUE,
                    occurred_at=_start_of(step.finished_on or step.due_on),
                    ref=f"step:{step.pk}",
                    event=event,
                    detail=_("Step “%(step)s” finished on %(done)s, due on %(due)s.")
                    % {"step": step.step.name, "done": step.finished_on, "due": step.due_on},
                )
            )
    elif kind == EventKind.OPINION_GIVEN:
        for opinion in late_opinions:
            found.append(_opinion_breach(case, opinion, opinion.given_on or day))
    elif kind == EventKind.FORWARDED:
        breach = _late_forwarding(
            case, forwarded_on=case.forwarded_on or day, limit=forwarding_days
        )
        if breach is not None:
            found.append(breach)
    if kind in (EventKind.APPROVED, EventKind.DENIED) and case.decided_on is not None:
        found.extend(_deadline_breaches(case, case.decided_on, event=event))
    if _is_fee_on_free_item(case):
        found.append(
            _breach(
                case,
                RuleCode.FEE_ON_FREE_ITEM,
                occurred_at=event.occurred_at,
                event=event,
                detail=_("%(fee)s yuan charged on an item that charges no fee.")
                % {"fee": case.fee_charged},
            )
        )
    return found


def _is_fee_on_free_item(case: Case) -> bool:
    return bool(case.fee_charged and case.fee_charged > 0 and not case.item_version.has_fee)


def _opinion_breach(case: Case, opinion: JointOpinion, late_on: date) -> RuleBreach:
    return _breach(
        case,
        RuleCode.OPINION_OVERDUE,
        occurred_at=_start_of(opinion.due_on + timedelta(days=1)),
        ref=f"opinion:{opinion.pk}",
        unit_id=opinion.department_id,
        detail=_("Opinion of %(department)s due on %(due)s, still missing or late on %(day)s.")
        % {"department": opinion.department, "due": opinion.due_on, "day": late_on},
    )


def _late_forwarding(
    case: Case, *, forwarded_on: date | None, limit: int, as_of: date | None = None
) -> RuleBreach | None:
    if case.accepted_on is None:
        return None
    due = add_workdays(case.accepted_on, limit)
    checked = forwarded_on or as_of
    if checked is None or checked <= due:
        return None
    return _breach(
        case,
        RuleCode.LATE_FORWARDING,
        occurred_at=_start_of(due + timedelta(days=1)),
        detail=_(
            "To be forwarded to the higher level by %(due)s (%(days)s working days after "
            "acceptance); forwarded on %(on)s."
        )
        % {"due": due, "days": limit, "on": forwarded_on or _("not yet")},
    )


def _deadline_breaches(
    case: Case, decided_on: date, *, event: EventFacts | None = None
) -> list[RuleBreach]:
    found = []
    for rule, due in (
        (RuleCode.COMMITTED_DEADLINE_MISSED, case.committed_due_on),
        (RuleCode.LEGAL_DEADLINE_MISSED, case.legal_due_on),
    ):
        if due is not None and decided_on > due:
            found.append(
                _breach(
                    case,
                    rule,
                    occurred_at=_start_of(due + timedelta(days=1)),
                    event=event,
                    detail=_("Due on %(due)s, decided on %(decided)s.")
                    % {"due": due, "decided": decided_on},
                )
            )
    return found


def detect_for_event(case: Case, event: CaseEvent) -> int:
    """Record the breaches of one event; returns how many are new."""
    return save_breaches(breaches_for_event(case, event))


def detect_time_based(*, as_of: date) -> int:
    """The sweep's breaches as of `as_of`: deadlines, steps, opinions and forwarding."""
    found: list[RuleBreach] = []
    lit = with_lights(open_at(CaseWatch.objects.all(), as_of), as_of)
    overdue = lit.filter(RED | LEGAL_OVERDUE)
    known = set(
        RuleBreach.objects.filter(
            rule__in=[RuleCode.COMMITTED_DEADLINE_MISSED, RuleCode.LEGAL_DEADLINE_MISSED]
        ).values_list("case_id", "rule")
    )
    pending = [
        (case_id, light, legal)
        for case_id, light, legal in overdue.values_list(  # type: ignore[misc]  # annotated
            "pk", "light", "is_legal_overdue"
        )
        if (light == "red" and (case_id, RuleCode.COMMITTED_DEADLINE_MISSED) not in known)
        or (legal and (case_id, RuleCode.LEGAL_DEADLINE_MISSED) not in known)
    ]
    cases = Case.objects.in_bulk([case_id for case_id, _l, _g in pending])
    for case_id, light, legal in pending:
        case = cases.get(case_id)
        if case is None:
            continue
        if light == "red":
            found.append(
                _open_deadline_breach(
                    case, RuleCode.COMMITTED_DEADLINE_MISSED, case.committed_due_on, as_of
                )
            )
        if legal:
            found.append(
                _open_deadline_breach(
                    case, RuleCode.LEGAL_DEADLINE_MISSED, case.legal_due_on, as_of
                )
            )
    steps = ProcessStepRecord.objects.filter(
        finished_on__isnull=True, due_on__lt=as_of, case__watch__finished_on__isnull=True
    ).select_related("case", "step")
    for step in steps:
        found.append(
            _breach(
                step.case,
                RuleCode.STEP_OVERDUE,
                occurred_at=_start_of(step.due_on + timedelta(days=1)),
                ref=f"step:{step.pk}",
                detail=_("Step “%(step)s” due on %(due)s is still open on %(day)s.")
                % {"step": step.step.name, "due": step.due_on, "day": as_of},
            )
        )
    opinions = JointOpinion.objects.filter(given_on__isnull=True, due_on__lt=as_of).select_related(
        "case", "department"
    )
    for opinion in opinions:
        found.append(_opinion_breach(opinion.case, opinion, as_of))
    forwarded = Case.objects.filter(
        is_forwarded=True,
        forwarded_on__isnull=True,
        accepted_on__isnull=False,
        decided_on__isnull=True,
    ).select_related("item_version")
    limit = SupervisionSettings.current().late_forwarding_days
    for case in forwarded:
        if finished_on(case) is None:
            breach = _late_forwarding(case, forwarded_on=None, limit=limit, as_of=as_of)
            if breach is not None:
                found.append(breach)
    return save_breaches(found)


def _open_deadline_breach(case: Case, rule: str, due: date | None, as_of: date) -> RuleBreach:
    due = due or as_of
    return _breach(
        case,
        rule,
        occurred_at=_start_of(due + timedelta(days=1)),
        detail=_("Due on %(due)s, still open on %(day)s.") % {"due": due, "day": as_of},
    )
