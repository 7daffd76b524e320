"""Bulk path of the historical import: replay cases in memory, write them in batches.

For large loads (synthetic history, benchmarks, city migrations) replaying every event
through the ORM services costs several queries per event.  This module replays each case
with the same pure rules (workflow table, deadlines, deemed acceptance, breach flags — the
same helper functions the services use) on unsaved model instances and writes whole batches
with ``executemany``.  Any case it is not sure about (an unusual event, anything a service
would reject) falls back to the services, so results and rejections equal the slow path;
tests/cases/test_fastpath.py compares both row by row.

Differences, documented: no per-event ``case_event_recorded`` signal; instead
``cases_bulk_loaded`` (sender=Case, case_ids=[...]) is sent once per batch inside the
transaction, so supervision can rebuild its watches for those cases in one go.  Refusal
filings are written; notifications are not sent (as for every import).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from xiaoneng.cases import deadlines
from xiaoneng.cases.models import (
    Case,
    CaseEvent,
    CasePause,
    JointOpinion,
    ProcessStepRecord,
    RefusalFiling,
    SpecialProcedureKind,
)
from xiaoneng.cases.services._base import (
    actor_label,
    deemed_payload,
    deemed_reason,
    refresh_deadlines,
)
from xiaoneng.cases.services.decision import _late_flags
from xiaoneng.cases.services.intake import new_verification_code
from xiaoneng.cases.signals import cases_bulk_loaded
from xiaoneng.cases.workflow import CLOCK_STATUSES, EventKind, Status, transition_target
from xiaoneng.catalog.models import ServiceItem, ServiceItemVersion
from xiaoneng.core.errors import DomainError
from xiaoneng.core.models import Applicant, Organization

#: Plain strings: enum attribute access is slow in the hot loop.
K = SimpleNamespace(**{k.name: k.value for k in EventKind})
S = SimpleNamespace(**{s.name: s.value for s in Status})
CLOCK = frozenset(str(s) for s in CLOCK_STATUSES)
PROCEDURES = frozenset(SpecialProcedureKind.values)


class Fallback(Exception):
    """This case needs the services (the slow path decides, and reports any rejection)."""


@dataclass
class VersionInfo:
    version: ServiceItemVersion
    co_departments: dict[int, int]  # organization id → opinion limit
    steps: list[tuple[int, int]]  # (step id, budget days)
    step_names: list[str]
    legal_limit: int


def light(model: Any) -> Any:
    """A slotted stand-in for unsaved instances of ``model``: the same attribute names
    (``attname``: ``case_id`` …), the fields' defaults, none of a model's __init__ cost."""
    fields = list(model._meta.concrete_fields)
    names = tuple(f.attname for f in fields)
    fixed = {f.attname: f.get_default() for f in fields if not callable(f.default)}
    made = {f.attname: f for f in fields if callable(f.default)}  # e.g. dict: a new one each

    def __init__(self: Any, **values: Any) -> None:  # noqa: N807
        for name in names:
            if name in values:
                setattr(self, name, values[name])
            elif name in made:
                setattr(self, name, made[name].get_default())
            else:
                setattr(self, name, fixed[name])

    return type(f"Light{model.__name__}", (), {"__slots__": names, "__init__": __init__})


LightCase = light(Case)
LightPause = light(CasePause)
LightOpinion = light(JointOpinion)
LightStep = light(ProcessStepRecord)


class EventRow:
    """An event to insert (lighter than a model instance; the bulk path makes millions)."""

    __slots__ = (
        "actor_name",
        "import_sequence",
        "kind",
        "occurred_at",
        "payload",
        "reason",
        "sequence",
    )

    def __init__(
        self,
        sequence: int,
        kind: str,
        occurred_at: datetime,
        actor_name: str,
        reason: str,
        payload: dict[str, Any],
        import_sequence: int | None,
    ) -> None:
        self.sequence = sequence
        self.kind = kind
        self.occurred_at = occurred_at
        self.actor_name = actor_name
        self.reason = reason
        self.payload = payload
        self.import_sequence = import_sequence


@dataclass
class Sim:
    """One case being replayed in memory."""

    case: Any  # LightCase
    info: VersionInfo
    events: list[EventRow] = field(default_factory=list)
    pauses: list[Any] = field(default_factory=list)  # LightPause
    opinions: dict[int, Any] = field(default_factory=dict)  # LightOpinion
    steps: list[Any] = field(default_factory=list)  # LightStep
    filings: list[tuple[int, str]] = field(default_factory=list)  # (event index, basis)
    supplement_notices: int = 0


def _system() -> str:
    return actor_label(None, "")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _text(d: dict[str, Any], key: str) -> str:
    value = d.get(key, "")
    return "" if value is None else str(value).strip()


def _need(value: str) -> str:
    if not value:
        raise Fallback
    return value


class Replayer:
    """Caches look-ups across cases; ``simulate`` replays one case's lines."""

    def __init__(self) -> None:
        self.versions: dict[tuple[str, int | None], VersionInfo] = {}
        self.orgs: dict[str, int] = dict(Organization.objects.values_list("name", "pk"))
        self.applicants: dict[tuple[str, str], int] = {}
        self.tz = timezone.get_current_timezone()

    def day(self, at: datetime) -> date:
        """timezone.localdate(at), with the time zone looked up once."""
        return at.astimezone(self.tz).date()

    def version(self, code: str, number: int | None) -> VersionInfo:
        key = (code, number)
        if key not in self.versions:
            qs = ServiceItemVersion.objects.select_related("item").filter(
                item__implementation_code=code
            )
            v = (
                qs.filter(version=number).first()
                if number
                else qs.filter(pk=models_current(code) or 0).first()
            )
            if v is None:
                raise Fallback
            steps = list(v.steps.order_by("order", "id").values_list("pk", "budget_days", "name"))
            self.versions[key] = VersionInfo(
                version=v,
                co_departments=dict(
                    v.co_departments.values_list("organization_id", "opinion_limit_days")
                ),
                steps=[(pk, budget) for pk, budget, _n in steps],
                step_names=[n for _pk, _b, n in steps],
                legal_limit=deadlines.legal_limit_days(
                    item_legal_days=v.legal_limit_days, is_joint=v.is_joint
                ),
            )
        return self.versions[key]

    # ------------------------------------------------------------------ recording
    def _record(
        self,
        sim: Sim,
        kind: str,
        at: datetime,
        actor: str,
        *,
        reason: str = "",
        payload: dict[str, Any] | None = None,
        sequence: int | None = None,
    ) -> int:
        case = sim.case
        if kind == K.SUBMITTED and case.last_sequence == 0:
            case.status = S.SUBMITTED
        else:
            try:
                case.status = transition_target(case.status, kind)
            except DomainError as exc:
                raise Fallback from exc
        if case.last_event_at is not None and at < case.last_event_at:
            raise Fallback
        case.last_sequence += 1
        case.last_event_at = at
        sim.events.append(
            EventRow(
                case.last_sequence, kind, at, actor or _system(), reason, payload or {}, sequence
            )
        )
        return len(sim.events) - 1

    def _deem(self, sim: Sim, at: datetime, seq: int) -> bool:
        case = sim.case
        if case.status != S.SUBMITTED:
            return False
        start = self.day(case.supplemented_at or case.received_at)
        if not deadlines.is_notice_period_over(start, self.day(at)):
            return False
        due = deadlines.supplement_notice_due(start)
        case.accepted_on = start
        case.is_deemed_accepted = True
        refresh_deadlines(case, pauses=[])
        self._record(
            sim,
            K.DEEMED_ACCEPTED,
            at,
            "",
            reason=deemed_reason(due),
            payload=deemed_payload(start, due),
            sequence=seq,
        )
        return True

    def _pauses(self, sim: Sim) -> list[tuple[date, date | None]]:
        return [(p.started_on, p.ended_on) for p in sim.pauses]

    # ------------------------------------------------------------------- replay
    def simulate(self, lines: list[dict[str, Any]], applicant_id: int) -> Sim:
        first = lines[0]
        if first["kind"] != K.SUBMITTED:
            raise Fallback
        raw_version = first.get("item_version")
        if raw_version is not None and (not isinstance(raw_version, int) or raw_version < 1):
            raise Fallback
        info = self.version(str(first.get("item") or ""), raw_version)
        v = info.version
        channel = str(first.get("channel", ""))
        if channel not in ("window", "web", "mobile", "post", "other"):
            raise Fallback
        at0: datetime = first["occurred_at"]
        case = LightCase(
            number=first["case"],
            verification_code=str(first.get("verification_code", "")) or new_verification_code(),
            item_version_id=v.pk,
            agency_id=v.item.agency_id,
            applicant_id=applicant_id,
            channel=channel,
            status=S.SUBMITTED,
            handling_type=v.handling_type,
            is_joint=v.is_joint,
            is_forwarded=v.forward_to_level is not None,
            is_green_channel=bool(first.get("is_green_channel")),
            title=(str(first.get("title", "")) or v.name)[:300],
            received_at=at0,
            committed_limit_days=v.committed_limit_days,
            legal_limit_days=info.legal_limit,
            last_sequence=0,
        )
        sim = Sim(case, info)
        self._record(
            sim,
            K.SUBMITTED,
            at0,
            str(first.get("actor") or ""),
            payload={
                "channel": channel,
                "item_version": v.pk,
                "notice_due_on": deadlines.supplement_notice_due(self.day(at0)).isoformat(),
            },
            sequence=first["sequence"],
        )
        for line in lines[1:]:
            self._step(sim, line)
        return sim

    def _step(self, sim: Sim, d: dict[str, Any]) -> None:  # noqa: C901  (one branch per kind)
        case = sim.case
        kind = d["kind"]
        at: datetime = d["occurred_at"]
        who = str(d.get("actor") or "")
        seq = d["sequence"]
        today = self.day(at)

        def rec(reason: str = "", payload: dict[str, Any] | None = None) -> int:
            return self._record(sim, kind, at, who, reason=reason, payload=payload, sequence=seq)

        if kind == K.ACCEPTED:
            if self._deem(sim, at, seq):
                return  # as the service: the deemed acceptance stands for this line
            case.accepted_on = today
            refresh_deadlines(case, pauses=[])
            rec(
                payload={
                    "committed_due_on": _iso(case.committed_due_on),
                    "legal_due_on": _iso(case.legal_due_on),
                }
            )
        elif kind == K.SUPPLEMENT_REQUESTED:
            materials = [str(m).strip() for m in d.get("materials") or [] if m and str(m).strip()]
            if not materials or case.status == S.SUBMITTED and self._would_deem(sim, at):
                raise Fallback
            payload: dict[str, Any] = {"materials": materials}
            if sim.supplement_notices:
                payload["breach"] = "second_supplement_notice"
                payload["notice_count"] = sim.supplement_notices + 1
            sim.supplement_notices += 1
            rec(_text(d, "reason"), payload)
        elif kind == K.SUPPLEMENTED:
            case.supplemented_at = at
            rec(_text(d, "note"), {"materials": [m for m in d.get("materials") or [] if m]})
        elif kind == K.REFUSED:
            reason, basis = _need(_text(d, "reason")), _need(_text(d, "legal_basis"))
            if case.status == S.SUBMITTED and self._would_deem(sim, at):
                raise Fallback
            index = rec(reason, {"legal_basis": basis})
            sim.filings.append((index, basis))
        elif kind == K.REVIEW_STARTED:
            if d.get("assignee"):
                raise Fallback
            cursor = today
            for step_id, budget in sim.info.steps:
                due = deadlines.opinion_due(cursor, budget) if budget else cursor
                sim.steps.append(LightStep(step_id=step_id, started_on=cursor, due_on=due))
                cursor = due
            rec(payload={"assignee": "", "steps": list(sim.info.step_names)})
        elif kind == K.SPECIAL_PROCEDURE_STARTED:
            procedure = _text(d, "procedure")
            reason = _need(_text(d, "reason"))
            try:
                expected = int(d.get("expected_workdays"))  # type: ignore[arg-type]
            except (TypeError, ValueError) as exc:
                raise Fallback from exc
            if procedure not in PROCEDURES or expected < 1 or case.is_paused:
                raise Fallback
            if case.status not in CLOCK:
                raise Fallback
            sim.pauses.append(
                LightPause(
                    kind=procedure, started_on=today, reason=reason, expected_workdays=expected
                )
            )
            case.is_paused = True
            rec(reason, {"kind": procedure, "expected_workdays": expected})
        elif kind == K.SPECIAL_PROCEDURE_ENDED:
            open_pauses = [p for p in sim.pauses if p.ended_on is None]
            if not open_pauses or not case.is_paused or case.status not in CLOCK:
                raise Fallback
            pause = open_pauses[0]
            pause.ended_on = today
            case.is_paused = False
            refresh_deadlines(case, pauses=self._pauses(sim))
            rec(
                _text(d, "result"),
                {
                    "kind": pause.kind,
                    "paused_workdays": deadlines.paused_workdays(
                        [(pause.started_on, today)], today
                    ),
                    "committed_due_on": _iso(case.committed_due_on),
                    "legal_due_on": _iso(case.legal_due_on),
                },
            )
        elif kind == K.EXTENDED:
            reason, approver = _need(_text(d, "reason")), _need(_text(d, "approver"))
            if case.extension_days or case.status not in CLOCK:
                raise Fallback
            late = case.legal_due_on is not None and today > case.legal_due_on
            case.extension_days = deadlines.extension_days(is_joint=case.is_joint)
            refresh_deadlines(case, pauses=self._pauses(sim))
            payload = {
                "approver": approver,
                "days": case.extension_days,
                "committed_due_on": _iso(case.committed_due_on),
                "legal_due_on": _iso(case.legal_due_on),
            }
            if late:
                payload["breach"] = "extension_after_deadline"
            rec(reason, payload)
        elif kind == K.OPINIONS_REQUESTED:
            names = list(d.get("departments") or [])
            if not names or case.status not in CLOCK:
                raise Fallback
            ids = []
            for name in names:
                if str(name) not in self.orgs:
                    raise Fallback
                ids.append(self.orgs[str(name)])
            if any(i in sim.opinions for i in ids) or len(set(ids)) != len(ids):
                raise Fallback
            for org_id in ids:
                limit = sim.info.co_departments.get(org_id, deadlines.OPINION_DAYS)
                sim.opinions[org_id] = LightOpinion(
                    department_id=org_id,
                    requested_on=today,
                    due_on=deadlines.opinion_due(today, limit),
                )
            rec(payload={"departments": [str(n) for n in names]})
        elif kind == K.OPINION_GIVEN:
            opinion = _need(_text(d, "opinion"))
            org_id = self.orgs.get(str(d.get("department")), 0)
            row = sim.opinions.get(org_id)
            if row is None or row.given_on is not None or case.status not in CLOCK:
                raise Fallback
            row.given_on, row.opinion, row.agrees = today, opinion, bool(d.get("agrees"))
            payload = {
                "department": str(d.get("department")),
                "agrees": bool(d.get("agrees")),
                "due_on": row.due_on.isoformat(),
            }
            if today > row.due_on:
                payload["breach"] = "opinion_late"
            rec(opinion, payload)
        elif kind == K.FORWARDED:
            to = _need(_text(d, "to"))
            if case.forwarded_on is not None:
                raise Fallback
            case.forwarded_on = today
            rec(_text(d, "reason"), {"to": to})
        elif kind == K.FORWARD_REPLIED:
            reply = _need(_text(d, "reply"))
            if case.forwarded_on is None or case.forward_replied_on is not None:
                raise Fallback
            case.forward_replied_on = today
            rec(reply, {"workdays": deadlines.workdays_used(case.forwarded_on, today)})
        elif kind in (K.APPROVED, K.DENIED):
            self._decide(sim, d, at, who, seq)
        elif kind == K.DELIVERED:
            case.delivered_on = today
            payload = {"method": _text(d, "method")}
            if case.delivery_due_on and today > case.delivery_due_on:
                payload["breach"] = "delivered_late"
            rec(payload=payload)
        elif kind in (K.CLOSED, K.WITHDRAWN):
            case.closed_at = at
            rec(_text(d, "reason") if kind == K.WITHDRAWN else "")
        elif kind == K.TERMINATED:
            reason = _need(_text(d, "reason"))
            case.closed_at = at
            rec(reason)
        else:
            raise Fallback

    def _would_deem(self, sim: Sim, at: datetime) -> bool:
        case = sim.case
        start = self.day(case.supplemented_at or case.received_at)
        return deadlines.is_notice_period_over(start, self.day(at))

    def _decide(self, sim: Sim, d: dict[str, Any], at: datetime, who: str, seq: int) -> None:
        case = sim.case
        kind = d["kind"]
        today = self.day(at)
        if kind == K.DENIED:
            reason = _need(_text(d, "reason"))
            basis = _need(_text(d, "legal_basis"))
            remedies = _need(_text(d, "remedies"))
        else:
            reason, basis = _text(d, "reason"), _text(d, "legal_basis")
            try:
                fee = Decimal(str(d.get("fee_charged") or 0))
            except InvalidOperation as exc:
                raise Fallback from exc
            if fee < 0 or (fee and not sim.info.version.has_fee):
                raise Fallback
        self._deem(sim, at, seq)
        if case.is_paused:
            raise Fallback
        payload: dict[str, Any] = {}
        if case.is_joint:
            given = {o for o, row in sim.opinions.items() if row.given_on is not None}
            expected = set(sim.info.co_departments) | set(sim.opinions)
            if expected - given:
                went = _text(d, "went_ahead_reason")
                if not went:
                    raise Fallback
                payload["went_ahead_reason"] = went
                payload["missing_opinions"] = len(expected - given)
        if kind == K.DENIED:
            payload.update({"legal_basis": basis, "remedies": remedies})
        else:
            payload["legal_basis"] = basis
            case.fee_charged = fee
        case.decided_on = today
        due = deadlines.delivery_due(today)
        case.delivery_due_on = due.on
        payload.update(_late_flags(case, today))
        payload["delivery_due_on"] = due.on.isoformat()
        index = self._record(sim, kind, at, who, reason=reason, payload=payload, sequence=seq)
        if kind == K.DENIED:
            sim.filings.append((index, basis))


def models_current(code: str) -> int | None:
    return (
        ServiceItem.objects.filter(implementation_code=code)
        .values_list("current_version_id", flat=True)
        .first()
    )


EVENT_COLUMNS = (
    "case_id",
    "sequence",
    "kind",
    "occurred_at",
    "actor_id",
    "actor_name",
    "reason",
    "payload",
    "is_imported",
    "import_sequence",
)


def _adapter(model_field: Any) -> Any:
    """The backend's own value adapter for a field type (what bulk_create ends up calling)."""
    ops = connection.ops
    kind = model_field.get_internal_type()
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DecimalField":
        digits, places = model_field.max_digits, model_field.decimal_places
        return lambda v: ops.adapt_decimalfield_value(
            None if v is None else Decimal(v), digits, places
        )
    if kind == "JSONField":
        encoder = model_field.encoder
        return lambda v: ops.adapt_json_value(v, encoder)
    return None


def insert_rows(model: Any, objects: list[Any]) -> None:
    """INSERT unsaved instances with one executemany per 2,000 rows (no ids returned)."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    plan = [(f.attname, _adapter(f)) for f in fields]
    rows = [
        tuple(a(getattr(o, name)) if a else getattr(o, name) for name, a in plan) for o in objects
    ]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[i : i + 2000])


def write(sims: list[Sim]) -> list[int]:
    """Insert a batch of simulated cases and everything recorded on them.

    Rows go in with ``executemany`` and the database backend's own value adapters (what
    ``bulk_create`` calls in the end, without its per-value overhead); filings, being few,
    through ``bulk_create``.
    """
    ops = connection.ops
    encoder = CaseEvent._meta.get_field("payload").encoder
    with transaction.atomic():
        insert_rows(Case, [s.case for s in sims])
        numbers = [s.case.number for s in sims]
        ids: dict[str, int] = {}
        for i in range(0, len(numbers), 900):
            ids.update(
                Case.objects.filter(number__in=numbers[i : i + 900]).values_list("number", "pk")
            )
        for s in sims:
            s.case.id = ids[s.case.number]
        rows = [
            (
                s.case.id,
                e.sequence,
                e.kind,
                ops.adapt_datetimefield_value(e.occurred_at),
                None,
                e.actor_name,
                e.reason,
                ops.adapt_json_value(e.payload, encoder),
                True,
                e.import_sequence,
            )
            for s in sims
            for e in s.events
        ]
        table = connection.ops.quote_name(CaseEvent._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in EVENT_COLUMNS)
        marks = ", ".join(["%s"] * len(EVENT_COLUMNS))
        with connection.cursor() as cursor:
            for i in range(0, len(rows), 5000):
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                    rows[i : i + 5000],
                )
        pauses: list[Any] = []
        opinions: list[Any] = []
        steps: list[Any] = []
        for s in sims:
            for p in s.pauses:
                p.case_id = s.case.id
            pauses.extend(s.pauses)
            for o in s.opinions.values():
                o.case_id = s.case.id
            opinions.extend(s.opinions.values())
            for r in s.steps:
                r.case_id = s.case.id
            steps.extend(s.steps)
        insert_rows(CasePause, pauses)
        insert_rows(JointOpinion, opinions)
        insert_rows(ProcessStepRecord, steps)
        filed = [s for s in sims if s.filings]
        if filed:
            event_ids = {
                (case_id, seq): pk
                for case_id, seq, pk in CaseEvent.objects.filter(
                    case_id__in=[s.case.id for s in filed], kind__in=[K.REFUSED, K.DENIED]
                ).values_list("case_id", "sequence", "pk")
            }
            RefusalFiling.objects.bulk_create(
                [
                    RefusalFiling(
                        case_id=s.case.id,
                        event_id=event_ids[(s.case.id, s.events[i].sequence)],
                        kind=s.events[i].kind,
                        filed_at=s.events[i].occurred_at,
                        reason=s.events[i].reason,
                        legal_basis=basis,
                    )
                    for s in filed
                    for i, basis in s.filings
                ],
                batch_size=1000,
            )
        case_ids = [s.case.id for s in sims]
        cases_bulk_loaded.send(sender=Case, case_ids=case_ids)
    return case_ids


def existing_applicants(keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Applicant ids for (kind, id_number) pairs already registered."""
    found: dict[tuple[str, str], int] = {}
    numbers = sorted({n for _k, n in keys})
    for i in range(0, len(numbers), 900):
        for kind, number, pk in Applicant.objects.filter(
            id_number__in=numbers[i : i + 900]
        ).values_list("kind", "id_number", "pk"):
            found[(kind, number)] = pk
    return found
