"""Bulk path of the historical import: replay cases in memory, write them in batches.

For large loads (synthetic history, benchmarks, city migrations) replaying every event
through the ORM services costs several queries per event.  This module replays each case
with the same pure rules (workflow table, deadlines, deemed acceptance, breach flags — the
same helper functions the services use) on unsaved model instances and writes whole batches
with ``executemany``.  Any case it is not sure about (an unusual event, anything a service
would reject) falls back to the services, so results and rejections equal the slow path;
tests/cases/test_fastpath.py compares both row by row.

The replay (``Replayer``, ``batch_of``) is pure once ``Replayer.preload`` has run, so it can
run in forked processes (xiaoneng.cases.importing, ADR 0005); ``write_batch`` writes a batch
in the importing process.  ``deferred_indexes`` and ``bulk_session`` set the database up for
a large load.

Differences, documented: no per-event ``case_event_recorded`` signal; instead
``cases_bulk_loaded`` (sender=Case, case_ids=[...]) is sent once per batch inside the
transaction, so supervision can rebuild its watches for those cases in one go.  Refusal
filings are written; notifications are not sent (as for every import).
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace
from typing import Any

import orjson
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
    late_notice_payload,
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
    """A plain stand-in for unsaved instances of ``model``: the same attribute names
    (``attname``: ``case_id`` …), the fields' defaults as class attributes, none of a model's
    __init__ cost (the bulk path makes hundreds of thousands)."""
    fields = list(model._meta.concrete_fields)
    made = tuple((f.attname, f) for f in fields if f.has_default() and callable(f.default))
    fixed = {f.attname: f.get_default() for f in fields if (f.attname, f) not in made}

    def __init__(self: Any, **values: Any) -> None:  # noqa: N807
        for name, model_field in made:
            if name not in values:
                values[name] = model_field.get_default()
        self.__dict__.update(values)

    return type(f"Light{model.__name__}", (), {**fixed, "__init__": __init__})


LightCase = light(Case)
LightPause = light(CasePause)
LightOpinion = light(JointOpinion)
LightStep = light(ProcessStepRecord)
LightApplicant = light(Applicant)


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
    #: (kind, id_number, name, phone, id_number_warning): resolved to an id when written
    applicant: tuple[str, str, str, str, str] = ("", "", "", "", "")


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


def _version_info(
    v: ServiceItemVersion, steps: list[tuple[int, int, str]], co: dict[int, int]
) -> VersionInfo:
    return VersionInfo(
        version=v,
        co_departments=co,
        steps=[(pk, budget) for pk, budget, _n in steps],
        step_names=[n for _pk, _b, n in steps],
        legal_limit=deadlines.legal_limit_days(
            item_legal_days=v.legal_limit_days, is_joint=v.is_joint
        ),
    )


class Replayer:
    """Caches look-ups across cases; ``simulate`` replays one case's lines."""

    def __init__(self) -> None:
        self.versions: dict[tuple[str, int | None], VersionInfo] = {}
        self.orgs: dict[str, int] = dict(Organization.objects.values_list("name", "pk"))
        self.tz = timezone.get_current_timezone()
        self.frozen = False

    def day(self, at: datetime) -> date:
        """timezone.localdate(at), with the time zone looked up once."""
        return at.astimezone(self.tz).date()

    def version(self, code: str, number: int | None) -> VersionInfo:
        key = (code, number)
        if key not in self.versions:
            if self.frozen:  # a worker process: no database
                raise Fallback
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
            co = dict(v.co_departments.values_list("organization_id", "opinion_limit_days"))
            self.versions[key] = _version_info(v, steps, co)
        return self.versions[key]

    def preload(self) -> None:
        """Read every item version now and answer only from memory from then on (``frozen``):
        a forked worker process replays without touching the database."""
        versions = ServiceItemVersion.objects.select_related("item").prefetch_related(
            "steps", "co_departments"
        )
        for v in versions:
            steps = sorted((s.order, s.pk, s.budget_days, s.name) for s in v.steps.all())
            co = {c.organization_id: c.opinion_limit_days for c in v.co_departments.all()}
            info = _version_info(v, [(pk, b, n) for _o, pk, b, n in steps], co)
            self.versions[(v.item.implementation_code, v.version)] = info
            if v.item.current_version_id == v.pk:
                self.versions[(v.item.implementation_code, None)] = info
        self.frozen = True

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
        keep_status: bool = False,
    ) -> int:
        case = sim.case
        if kind == K.SUBMITTED and case.last_sequence == 0:
            case.status = S.SUBMITTED
        elif keep_status:  # a late intake fact (services._base.record)
            pass
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

    def _deem(
        self, sim: Sim, at: datetime, seq: int, today: date, *, late_notice: bool = False
    ) -> bool:
        case = sim.case
        if case.status != S.SUBMITTED:
            return False
        start = self.day(case.supplemented_at or case.received_at)
        if not deadlines.is_notice_period_over(start, today):
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
            reason=deemed_reason(due, late_notice=late_notice),
            payload=deemed_payload(start, due, late_notice=late_notice),
            sequence=seq,
        )
        return True

    def _pauses(self, sim: Sim) -> list[tuple[date, date | None]]:
        return [(p.started_on, p.ended_on) for p in sim.pauses]

    # ------------------------------------------------------------------- replay
    def simulate(
        self, lines: list[dict[str, Any]], applicant: tuple[str, str, str, str, str]
    ) -> Sim:
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
        sim = Sim(case, info, applicant=applicant)
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

        def rec(reason: str = "", payload: dict[str, Any] | None = None, keep: bool = False) -> int:
            return self._record(
                sim, kind, at, who, reason=reason, payload=payload, sequence=seq, keep_status=keep
            )

        # after a deemed acceptance, a legacy history's late intake facts keep the status
        late_intake = case.is_deemed_accepted and case.status in CLOCK
        if kind == K.ACCEPTED and late_intake:
            rec(payload={"deemed_accepted_on": _iso(case.accepted_on)}, keep=True)
        elif kind == K.DEEMED_ACCEPTED:
            if not self._deem(sim, at, seq, today):
                raise Fallback  # the services give the reason
        elif kind == K.ACCEPTED:
            if self._deem(sim, at, seq, today):
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
            if not materials:
                raise Fallback
            late = late_intake or (
                case.status == S.SUBMITTED
                and self._deem(sim, at, seq, today, late_notice=True)  # Art. 32, as the services
            )
            payload: dict[str, Any] = {"materials": materials}
            if late:
                received_on = case.accepted_on
                payload = late_notice_payload(
                    materials,
                    received_on,
                    deadlines.supplement_notice_due(received_on),
                    deadlines.workdays_used(received_on, today),
                )
            if sim.supplement_notices:
                payload["breach"] = "second_supplement_notice"
                payload["notice_count"] = sim.supplement_notices + 1
            sim.supplement_notices += 1
            rec(_text(d, "reason"), payload, keep=late)
        elif kind == K.SUPPLEMENTED:
            case.supplemented_at = at
            rec(
                _text(d, "note"),
                {"materials": [m for m in d.get("materials") or [] if m]},
                keep=late_intake,
            )
        elif kind == K.REFUSED:
            reason, basis = _need(_text(d, "reason")), _need(_text(d, "legal_basis"))
            if case.status == S.SUBMITTED and self._would_deem(sim, today):
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
            self._decide(sim, d, at, who, seq, today)
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

    def _would_deem(self, sim: Sim, today: date) -> bool:
        case = sim.case
        start = self.day(case.supplemented_at or case.received_at)
        return deadlines.is_notice_period_over(start, today)

    def _decide(
        self, sim: Sim, d: dict[str, Any], at: datetime, who: str, seq: int, today: date
    ) -> None:
        case = sim.case
        kind = d["kind"]
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
        self._deem(sim, at, seq, today)
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
    """The database value of a field, as the backend's own adapter gives it (what
    ``bulk_create`` ends up calling), with SQLite's date, time and JSON conversions done
    directly: they are most of the per-row cost there.  tests/cases/test_fastpath.py checks
    each against the backend's adapter."""
    ops = connection.ops
    kind = model_field.get_internal_type()
    sqlite = connection.vendor == "sqlite"
    if kind == "DateTimeField":
        return sqlite_datetime() if sqlite else ops.adapt_datetimefield_value
    if kind == "DateField":
        return _iso_or_none if sqlite else ops.adapt_datefield_value
    if kind == "DecimalField":
        digits, places = model_field.max_digits, model_field.decimal_places
        return lambda v: ops.adapt_decimalfield_value(
            None if v is None else Decimal(v), digits, places
        )
    if kind == "JSONField":
        return json_adapter(model_field.encoder)
    return None


def _iso_or_none(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def sqlite_datetime() -> Any:
    """SQLite stores an aware datetime as naive text in the connection's time zone (UTC)."""
    tz = connection.timezone
    assert tz is not None  # USE_TZ
    if tz.utcoffset(None) == timedelta(0):
        # UTC (Django's setting with USE_TZ): the ISO text without its "+00:00"
        def adapt(value: datetime | None) -> str | None:
            if value is None:
                return None
            if value.tzinfo is None:  # as Django: naive values are refused with USE_TZ
                return connection.ops.adapt_datetimefield_value(value)  # type: ignore[no-any-return]
            return value.astimezone(tz).isoformat(" ")[:-6]

        return adapt

    def adapt_any(value: datetime | None) -> str | None:
        if value is None or value.tzinfo is None:
            return connection.ops.adapt_datetimefield_value(value)  # type: ignore[no-any-return]
        return str(value.astimezone(tz).replace(tzinfo=None))

    return adapt_any


def json_adapter(encoder: Any) -> Any:
    """JSON text for SQLite through orjson (compact, UTF-8), the backend's adapter otherwise
    and for anything orjson does not take."""
    ops = connection.ops
    if connection.vendor != "sqlite" or encoder is not None:
        return lambda v: ops.adapt_json_value(v, encoder)

    def adapt(value: Any) -> Any:
        try:
            return orjson.dumps(value).decode()
        except TypeError:
            return ops.adapt_json_value(value, encoder)

    return adapt


class RowPlan:
    """How to turn stand-ins of one model into INSERT parameter rows (every concrete column
    but an automatic id; a declared primary key such as a one-to-one's is written)."""

    def __init__(self, model: Any) -> None:
        fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.auto_created)]
        quote = connection.ops.quote_name
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
            quote(model._meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        self.names = [f.attname for f in fields]
        self.get = operator.attrgetter(*self.names)
        self.fix = [(i, a) for i, f in enumerate(fields) if (a := _adapter(f)) is not None]
        self.case_slot = self.slot("case_id") if "case_id" in self.names else -1

    def slot(self, attname: str) -> int:
        return self.names.index(attname)

    def rows(self, objects: list[Any], *, adapt: bool = True) -> list[list[Any]]:
        get = self.get
        rows = [list(get(o)) for o in objects]
        return self.adapt(rows) if adapt else rows

    def adapt(self, rows: list[list[Any]]) -> list[list[Any]]:
        """Database values in place (the backend's adapters, see ``_adapter``)."""
        fix = self.fix
        for row in rows:
            for i, adapt in fix:
                row[i] = adapt(row[i])
        return rows


def insert_rows(model: Any, objects: list[Any], *, ignore_conflicts: bool = False) -> None:
    """INSERT unsaved instances or stand-ins (``light``) with one executemany per 5,000 rows
    (no ids returned; ``auto_now`` fields are not filled in: give them a value).  With
    ``ignore_conflicts`` a row that breaks a unique constraint is skipped (SQLite and
    PostgreSQL: ``ON CONFLICT DO NOTHING``)."""
    if objects:
        p = plan(model)
        _execute(f"{p.sql} ON CONFLICT DO NOTHING" if ignore_conflicts else p.sql, p.rows(objects))


#: WAL pages before SQLite copies them into the database file, during a bulk load.
BULK_CHECKPOINT_PAGES = 100_000
#: SQLite's page cache during a bulk load (KiB; the default is 2 MiB): the unique indexes
#: being appended to and the tables' last pages stay in memory between batches.
BULK_CACHE_KIB = 131_072


@contextmanager
def bulk_session() -> Iterator[None]:
    """SQLite: copy the write-ahead log into the database file once at the end of a bulk load
    instead of every 1,000 pages (each copy rewrites index pages that the next batch changes
    again), and keep a larger page cache while loading; both are restored afterwards.
    Durability is unchanged: every batch is committed to the log as before."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size")
        cache_before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA wal_autocheckpoint={BULK_CHECKPOINT_PAGES}")
        cursor.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint={int(before)}")
            cursor.execute(f"PRAGMA cache_size={int(cache_before)}")
            if not connection.in_atomic_block:
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


#: Secondary indexes whose entries land at random places (by kind and time, by status and
#: deadline, by applicant): each insert rewrites a different page.  For a large load they are
#: dropped and built again at the end, in one sorted pass — the usual way to bulk-load
#: (PostgreSQL manual, "Populating a Database"; the same holds for SQLite).
DEFERRED_INDEXES: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (CaseEvent, ("case_event_kind_at",)),
    (Case, ("cases_queue_order", "cases_applicant", "cases_status_received", "cases_status_due")),
)
#: New cases from which a load defers those indexes.
LARGE_LOAD = 100_000


def _deferred() -> list[tuple[Any, Any]]:
    return [
        (model, index)
        for model, names in DEFERRED_INDEXES
        for index in model._meta.indexes
        if index.name in names
    ]


def _present(model: Any) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, model._meta.db_table))


def restore_indexes() -> list[str]:
    """Build any deferred index that is missing (a load that was stopped before its end);
    return their names."""
    built = []
    editor = connection.schema_editor()
    for model, index in _deferred():
        if index.name not in _present(model):
            _fire_deferred_checks()
            with connection.cursor() as cursor:
                cursor.execute(str(index.create_sql(model, editor)))
            built.append(index.name)
    return built


def _fire_deferred_checks() -> None:
    """PostgreSQL refuses to change a table's indexes while foreign-key checks deferred to the
    end of the transaction are pending (an import inside a caller's transaction): run them
    now, as Django's ``check_constraints`` does."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        connection.check_constraints()


@contextmanager
def deferred_indexes(new_cases: int) -> Iterator[None]:
    """Drop the deferred indexes for a load of at least LARGE_LOAD new cases and build them
    again afterwards, also when the load fails; for smaller loads only restore missing ones."""
    restore_indexes()
    if new_cases < LARGE_LOAD:
        yield
        return
    quote = connection.ops.quote_name
    _fire_deferred_checks()
    with connection.cursor() as cursor:
        for _model, index in _deferred():
            cursor.execute(f"DROP INDEX IF EXISTS {quote(index.name)}")
    try:
        yield
    finally:
        restore_indexes()


def ids_by_number(numbers: list[str]) -> dict[str, int]:
    """Case number → id, for the numbers that exist."""
    return _ids_by(Case, "number", numbers)


def _ids_by(model: Any, column: str, values: list[Any]) -> dict[Any, int]:
    found: dict[Any, int] = {}
    for i in range(0, len(values), 900):
        found.update(
            model.objects.filter(**{f"{column}__in": values[i : i + 900]}).values_list(column, "pk")
        )
    return found


@dataclass
class Batch:
    """Simulated cases as INSERT parameter rows, ready to write (and to send between
    processes: only plain values).  Rows of events, pauses, opinions and steps carry the
    case's index in the batch where the case id goes; the writer puts the id there."""

    numbers: list[str]
    lines: list[list[int]]  # each case's import line numbers (for reports)
    applicants: list[tuple[str, str, str, str, str]]
    cases: list[list[Any]]
    events: list[tuple[Any, ...]]
    pauses: list[list[Any]]
    opinions: list[list[Any]]
    steps: list[list[Any]]
    #: (case index, event sequence, kind, filed at, reason, legal basis)
    filings: list[tuple[int, int, str, datetime, str, str]]
    adapted: bool  # values already in the database's form (SQLite), else the writer adapts

    def subset(self, keep: list[int]) -> Batch:
        """The batch with only the cases at the indexes ``keep``."""
        new = {old: i for i, old in enumerate(keep)}

        def child(rows: list[list[Any]], slot: int) -> list[list[Any]]:
            out = []
            for row in rows:
                if row[slot] in new:
                    row = list(row)
                    row[slot] = new[row[slot]]
                    out.append(row)
            return out

        return Batch(
            numbers=[self.numbers[i] for i in keep],
            lines=[self.lines[i] for i in keep],
            applicants=[self.applicants[i] for i in keep],
            cases=[self.cases[i] for i in keep],
            events=[(new[e[0]], *e[1:]) for e in self.events if e[0] in new],
            pauses=child(self.pauses, plan(CasePause).case_slot),
            opinions=child(self.opinions, plan(JointOpinion).case_slot),
            steps=child(self.steps, plan(ProcessStepRecord).case_slot),
            filings=[(new[f[0]], *f[1:]) for f in self.filings if f[0] in new],  # type: ignore[misc]
            adapted=self.adapted,
        )


_PLANS: dict[tuple[str, Any], RowPlan] = {}


def plan(model: Any) -> RowPlan:
    key = (connection.vendor, model)
    if key not in _PLANS:
        _PLANS[key] = RowPlan(model)
    return _PLANS[key]


def batch_of(sims: list[Sim], lines: list[list[int]]) -> Batch:
    """Turn replayed cases into rows (in the replaying process; pure)."""
    adapt = connection.vendor == "sqlite"
    pauses: list[Any] = []
    opinions: list[Any] = []
    steps: list[Any] = []
    filings = []
    for index, s in enumerate(sims):
        for p in s.pauses:
            p.case_id = index
        pauses.extend(s.pauses)
        for o in s.opinions.values():
            o.case_id = index
        opinions.extend(s.opinions.values())
        for r in s.steps:
            r.case_id = index
        steps.extend(s.steps)
        for i, basis in s.filings:
            e = s.events[i]
            filings.append((index, e.sequence, e.kind, e.occurred_at, e.reason, basis))
    if adapt:
        dt = _adapter(CaseEvent._meta.get_field("occurred_at"))
        js = _adapter(CaseEvent._meta.get_field("payload"))
        events = [
            (i, e.sequence, e.kind, dt(e.occurred_at), None, e.actor_name, e.reason,
             js(e.payload), True, e.import_sequence)
            for i, s in enumerate(sims)
            for e in s.events
        ]  # fmt: skip
    else:
        events = [
            (i, e.sequence, e.kind, e.occurred_at, None, e.actor_name, e.reason,
             e.payload, True, e.import_sequence)
            for i, s in enumerate(sims)
            for e in s.events
        ]  # fmt: skip
    return Batch(
        numbers=[s.case.number for s in sims],
        lines=lines,
        applicants=[s.applicant for s in sims],
        cases=plan(Case).rows([s.case for s in sims], adapt=adapt),
        events=events,
        pauses=plan(CasePause).rows(pauses, adapt=adapt),
        opinions=plan(JointOpinion).rows(opinions, adapt=adapt),
        steps=plan(ProcessStepRecord).rows(steps, adapt=adapt),
        filings=filings,
        adapted=adapt,
    )


def _resolve_applicants(batch: Batch) -> list[int]:
    """Each case's applicant id: the applicant registered with this ID or credit code, else
    a new one (name, phone and pilot-code warning from the case's first line, as the
    services register them)."""
    keys = [a[:2] for a in batch.applicants]
    known = existing_applicants(set(keys))
    new: dict[tuple[str, str], Any] = {}
    now = timezone.now()
    for a in batch.applicants:
        key = a[:2]
        if key not in known and key not in new:
            kind, number, name, phone, warning = a
            new[key] = LightApplicant(
                kind=kind,
                id_number=number,
                name=name,
                phone=phone,
                id_number_warning=warning,
                created_at=now,
            )
    if new:
        insert_rows(Applicant, list(new.values()))
        known.update(existing_applicants(set(new)))
    return [known[k] for k in keys]


def _execute(sql: str, rows: list[Any]) -> None:
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[i : i + 5000])


def write_batch(batch: Batch) -> list[int]:
    """Insert a batch in one transaction; return the new case ids.

    Rows go in with ``executemany`` (see ``_adapter``); filings, being few, through
    ``bulk_create``.  ``cases_bulk_loaded`` is sent inside the transaction.  Raises the
    database's error (and writes nothing) when a row is refused, e.g. a case number
    entered meanwhile.
    """
    case_plan = plan(Case)
    with transaction.atomic():
        applicant_ids = _resolve_applicants(batch)
        cases = batch.cases if batch.adapted else case_plan.adapt(batch.cases)
        slot = case_plan.slot("applicant_id")
        for row, applicant_id in zip(cases, applicant_ids, strict=True):
            row[slot] = applicant_id
        _execute(case_plan.sql, cases)
        found = _ids_by(Case, "number", batch.numbers)
        ids = [found[n] for n in batch.numbers]
        if batch.adapted:
            events = [(ids[e[0]], *e[1:]) for e in batch.events]
        else:
            dt = _adapter(CaseEvent._meta.get_field("occurred_at"))
            js = _adapter(CaseEvent._meta.get_field("payload"))
            events = [
                (ids[e[0]], e[1], e[2], dt(e[3]), e[4], e[5], e[6], js(e[7]), e[8], e[9])
                for e in batch.events
            ]
        quote = connection.ops.quote_name
        _execute(
            "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
                quote(CaseEvent._meta.db_table),
                ", ".join(quote(c) for c in EVENT_COLUMNS),
                ", ".join(["%s"] * len(EVENT_COLUMNS)),
            ),
            events,
        )
        for model, rows in (
            (CasePause, batch.pauses),
            (JointOpinion, batch.opinions),
            (ProcessStepRecord, batch.steps),
        ):
            if not rows:
                continue
            p = plan(model)
            rows = rows if batch.adapted else p.adapt(rows)
            for row in rows:
                row[p.case_slot] = ids[row[p.case_slot]]
            _execute(p.sql, rows)
        if batch.filings:
            filed = sorted({ids[f[0]] for f in batch.filings})
            event_ids = {
                (case_id, seq): pk
                for case_id, seq, pk in CaseEvent.objects.filter(
                    case_id__in=filed, kind__in=[K.REFUSED, K.DENIED]
                ).values_list("case_id", "sequence", "pk")
            }
            RefusalFiling.objects.bulk_create(
                [
                    RefusalFiling(
                        case_id=ids[index],
                        event_id=event_ids[(ids[index], sequence)],
                        kind=kind,
                        filed_at=at,
                        reason=reason,
                        legal_basis=basis,
                    )
                    for index, sequence, kind, at, reason, basis in batch.filings
                ],
                batch_size=1000,
            )
        cases_bulk_loaded.send(sender=Case, case_ids=ids)
    return ids


def existing_applicants(keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Applicant ids for (kind, id_number) pairs already registered (by kind, so that the
    unique (kind, id_number) index answers)."""
    found: dict[tuple[str, str], int] = {}
    by_kind: dict[str, list[str]] = {}
    for kind, number in keys:
        by_kind.setdefault(kind, []).append(number)
    for kind, numbers in by_kind.items():
        numbers.sort()
        for i in range(0, len(numbers), 900):
            for number, pk in Applicant.objects.filter(
                kind=kind, id_number__in=numbers[i : i + 900]
            ).values_list("id_number", "pk"):
                found[(kind, number)] = pk
    return found
