"""Historical import: JSON Lines, one legacy event per line, replayed through the services.

Each line: ``{"case", "sequence", "item", "item_version", "kind", "occurred_at", "actor",
...the event's own fields}`` (format: docs/cases.md).  Lines are grouped by case number; each
case is replayed in order through the same services as live work, with the event's
``occurred_at`` as the clock, so imported cases get the same deadlines, deemed acceptances
and breach records.  Each case is applied whole or not at all; lines whose (case number,
sequence) were imported before are skipped, so re-running a file changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases import fastpath, services
from xiaoneng.cases.models import Case, CaseEvent, ProcessStepRecord
from xiaoneng.cases.services._base import set_import_sequence
from xiaoneng.cases.submission import (
    normalized_id,
    resolve_item_version,
    resolve_or_register_applicant,
)
from xiaoneng.cases.workflow import EventKind
from xiaoneng.catalog.models import ServiceItemVersion
from xiaoneng.core.access import user_has_perm, user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import DomainError, NotPermitted
from xiaoneng.core.models import Applicant, Organization, User
from xiaoneng.core.roles import Perm

REQUIRED = ("case", "sequence", "kind", "occurred_at")
KINDS = frozenset(EventKind.values)
#: Events the system derives itself; a legacy file cannot assert them.
DERIVED = {EventKind.DEEMED_ACCEPTED, EventKind.MEETING_RECORDED}


@dataclass
class Rejected:
    line: int
    case: str
    reason: str
    field: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "case": self.case, "field": self.field, "reason": self.reason}


@dataclass
class ImportResult:
    applied_cases: int = 0
    applied_events: int = 0
    skipped_events: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "applied_cases": self.applied_cases,
            "applied_events": self.applied_events,
            "skipped_events": self.skipped_events,
            "rejected": [r.as_dict() for r in self.rejected],
        }


@dataclass
class Line:
    number: int
    data: dict[str, Any]

    @property
    def sequence(self) -> int:
        return int(self.data["sequence"])


class LineError(Exception):
    def __init__(self, reason: str, field: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


def _parse(number: int, text: str) -> Line:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineError(_("Not valid JSON: %(e)s") % {"e": exc.msg}) from exc
    if not isinstance(data, dict):
        raise LineError(_("Each line must be a JSON object."))
    for key in REQUIRED:
        if data.get(key) in (None, ""):
            raise LineError(_("The field “%(f)s” is required.") % {"f": key}, key)
    if not isinstance(data["case"], str):
        raise LineError(_("The case number must be a string."), "case")
    if not isinstance(data["sequence"], int) or data["sequence"] < 1:
        raise LineError(_("The sequence must be a positive whole number."), "sequence")
    if data["kind"] not in KINDS:
        raise LineError(_("Unknown event kind “%(k)s”.") % {"k": data["kind"]}, "kind")
    if data["kind"] in DERIVED:
        raise LineError(_("This event is derived by the system and cannot be imported."), "kind")
    try:
        occurred_at = datetime.fromisoformat(str(data["occurred_at"]))
    except ValueError as exc:
        raise LineError(_("occurred_at must be an ISO 8601 date and time."), "occurred_at") from exc
    if occurred_at.tzinfo is None:
        raise LineError(_("occurred_at must include a time zone (e.g. +08:00)."), "occurred_at")
    data["occurred_at"] = occurred_at
    return Line(number, data)


class _Importer:
    def __init__(self, actor: User | None) -> None:
        self.actor = actor
        self.versions: dict[tuple[str, int | None], ServiceItemVersion] = {}
        self.orgs: dict[str, Organization] = {}
        self.users: dict[str, User | None] = {}

    # ------------------------------------------------------------------ look-ups
    def version(self, data: dict[str, Any]) -> ServiceItemVersion:
        code = data.get("item")
        if not code:
            raise LineError(_("The first event of a new case names the item."), "item")
        raw_version = data.get("item_version")
        if raw_version is not None and (not isinstance(raw_version, int) or raw_version < 1):
            raise LineError(_("item_version must be a positive whole number."), "item_version")
        key = (str(code), raw_version)
        if key not in self.versions:
            self.versions[key] = resolve_item_version(code=str(code), version=raw_version)
        return self.versions[key]

    def org(self, name: object, field_name: str) -> Organization:
        key = str(name or "")
        if key not in self.orgs:
            org = Organization.objects.filter(name=key).first()
            if org is None:
                raise LineError(_("No organization is named “%(n)s”.") % {"n": key}, field_name)
            self.orgs[key] = org
        return self.orgs[key]

    def user(self, username: object) -> User | None:
        key = str(username or "")
        if not key:
            return None
        if key not in self.users:
            self.users[key] = User.objects.filter(username=key).first()
        return self.users[key]

    # -------------------------------------------------------------------- replay
    def replay(self, case: Case | None, line: Line) -> Case:
        d = line.data
        kind = d["kind"]
        at: datetime = d["occurred_at"]
        who = str(d.get("actor") or "")
        common = {"at": at, "actor": None, "actor_name": who}
        if case is None:
            if kind != EventKind.SUBMITTED:
                raise LineError(_("A new case starts with a “submitted” event."), "kind")
            version = self.version(d)
            if self.actor is not None and not user_may(
                self.actor, Perm.CASE_IMPORT, version.item.agency
            ):
                raise LineError(_("You may not import cases of this agency."), "item")
            applicant_data = d.get("applicant")
            if not isinstance(applicant_data, dict):
                raise LineError(_("The submitted event carries the applicant."), "applicant")
            applicant = resolve_or_register_applicant(
                actor=self.actor,
                kind=str(applicant_data.get("kind", "")),
                name=str(applicant_data.get("name", "")),
                id_number=str(applicant_data.get("id_number", "")),
                phone=str(applicant_data.get("phone", "")),
            )
            return services.case_submit(
                item_version=version,
                applicant=applicant,
                channel=str(d.get("channel", "")),
                title=str(d.get("title", "")),
                is_green_channel=bool(d.get("is_green_channel")),
                number=d["case"],
                verification_code=str(d.get("verification_code", "")),
                at=at,
                actor=None,
                actor_name=who,
            )
        if kind == EventKind.SUBMITTED:
            raise LineError(_("The case was already submitted."), "kind")
        handler = HANDLERS[kind]
        return handler(self, case, d, common)


def _text(d: dict[str, Any], key: str) -> str:
    value = d.get(key, "")
    return "" if value is None else str(value)


def _review(imp: _Importer, case: Case, d: dict[str, Any], common: dict[str, Any]) -> Case:
    return services.case_start_review(case=case, assignee=imp.user(d.get("assignee")), **common)


def _step(imp: _Importer, case: Case, d: dict[str, Any], common: dict[str, Any]) -> Case:
    order = d.get("step")
    if not isinstance(order, int):
        raise LineError(_("No open process step with this order."), "step")
    record = ProcessStepRecord.objects.filter(
        case=case, step__order=order, finished_on__isnull=True
    ).first()
    if record is None:
        raise LineError(_("No open process step with this order."), "step")
    return services.case_finish_step(case=case, step_record=record, **common)


Handler = Callable[[_Importer, Case, dict[str, Any], dict[str, Any]], Case]

HANDLERS: dict[str, Handler] = {
    EventKind.SUPPLEMENT_REQUESTED: lambda i, c, d, k: services.case_request_supplement(
        case=c, materials=list(d.get("materials") or []), reason=_text(d, "reason"), **k
    ),
    EventKind.SUPPLEMENTED: lambda i, c, d, k: services.case_supplement(
        case=c, note=_text(d, "note"), materials=list(d.get("materials") or []), **k
    ),
    EventKind.ACCEPTED: lambda i, c, d, k: services.case_accept(case=c, **k),
    EventKind.REFUSED: lambda i, c, d, k: services.case_refuse(
        case=c, reason=_text(d, "reason"), legal_basis=_text(d, "legal_basis"), **k
    ),
    EventKind.REVIEW_STARTED: _review,
    EventKind.STEP_FINISHED: _step,
    EventKind.SPECIAL_PROCEDURE_STARTED: lambda i, c, d, k: services.case_start_special_procedure(
        case=c,
        kind=_text(d, "procedure"),
        reason=_text(d, "reason"),
        expected_workdays=d.get("expected_workdays"),  # type: ignore[arg-type]
        **k,
    ),  # type: ignore[arg-type]
    EventKind.SPECIAL_PROCEDURE_ENDED: lambda i, c, d, k: services.case_end_special_procedure(
        case=c, result=_text(d, "result"), **k
    ),
    EventKind.EXTENDED: lambda i, c, d, k: services.case_extend(
        case=c, reason=_text(d, "reason"), approver_name=_text(d, "approver"), **k
    ),
    EventKind.OPINIONS_REQUESTED: lambda i, c, d, k: services.case_request_opinions(
        case=c, departments=[i.org(n, "departments") for n in d.get("departments") or []], **k
    ),
    EventKind.OPINION_GIVEN: lambda i, c, d, k: services.case_give_opinion(
        case=c,
        department=i.org(d.get("department"), "department"),
        opinion=_text(d, "opinion"),
        agrees=bool(d.get("agrees")),
        **k,
    ),
    EventKind.FORWARDED: lambda i, c, d, k: services.case_forward(
        case=c, to=_text(d, "to"), reason=_text(d, "reason"), **k
    ),
    EventKind.FORWARD_REPLIED: lambda i, c, d, k: services.case_forward_reply(
        case=c, reply=_text(d, "reply"), **k
    ),
    EventKind.APPROVED: lambda i, c, d, k: services.case_approve(
        case=c,
        reason=_text(d, "reason"),
        legal_basis=_text(d, "legal_basis"),
        fee_charged=d.get("fee_charged") or 0,
        went_ahead_reason=_text(d, "went_ahead_reason"),
        **k,
    ),
    EventKind.DENIED: lambda i, c, d, k: services.case_deny(
        case=c,
        reason=_text(d, "reason"),
        legal_basis=_text(d, "legal_basis"),
        remedies=_text(d, "remedies"),
        went_ahead_reason=_text(d, "went_ahead_reason"),
        **k,
    ),
    EventKind.DELIVERED: lambda i, c, d, k: services.case_deliver(
        case=c, method=_text(d, "method"), **k
    ),
    EventKind.CLOSED: lambda i, c, d, k: services.case_close(case=c, **k),
    EventKind.WITHDRAWN: lambda i, c, d, k: services.case_withdraw(
        case=c, reason=_text(d, "reason"), **k
    ),
    EventKind.TERMINATED: lambda i, c, d, k: services.case_terminate(
        case=c, reason=_text(d, "reason"), **k
    ),
}


def import_lines(lines: Iterable[str], *, actor: User | None, fast: bool = False) -> ImportResult:
    """Import JSON Lines; see the module docstring.  ``actor`` needs CASE_IMPORT on each
    case's agency (None: a trusted command run by the operator).  ``fast`` replays new cases
    in memory and writes them in batches (xiaoneng.cases.fastpath), falling back to the
    services for anything unusual."""
    if actor is not None and not user_has_perm(actor, Perm.CASE_IMPORT):
        raise NotPermitted(_("You are not allowed to import cases."))
    result = ImportResult()
    groups: dict[str, list[Line]] = {}
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            line = _parse(number, text)
        except LineError as exc:
            case_no = ""
            try:
                raw = json.loads(text)
                case_no = str(raw.get("case", "")) if isinstance(raw, dict) else ""
            except json.JSONDecodeError:
                pass
            result.rejected.append(Rejected(number, case_no, exc.reason, exc.field))
            if case_no:
                groups.setdefault(case_no, []).append(Line(number, {"__bad__": True}))
            continue
        groups.setdefault(line.data["case"], []).append(line)

    importer = _Importer(actor)
    with services.importing():
        if fast:
            groups = _import_fast(groups, result, actor)
        for case_no, case_lines in groups.items():
            _import_case(importer, case_no, case_lines, result)
    if result.applied_events:
        audit(
            actor=actor,
            action="cases.import",
            object_type="cases.case",
            detail={
                "cases": result.applied_cases,
                "events": result.applied_events,
                "rejected_lines": len(result.rejected),
                "fast": fast,
            },
        )
    return result


FAST_BATCH = 2000


def _import_fast(
    groups: dict[str, list[Line]], result: ImportResult, actor: User | None
) -> dict[str, list[Line]]:
    """Bulk-load the new, well-formed cases; return the groups left for the services."""
    slow: dict[str, list[Line]] = {}
    numbers = list(groups)
    existing: set[str] = set()
    for i in range(0, len(numbers), 900):
        existing.update(
            Case.objects.filter(number__in=numbers[i : i + 900]).values_list("number", flat=True)
        )
    candidates: list[tuple[str, list[dict[str, Any]], tuple[str, str], dict[str, Any]]] = []
    checked: dict[tuple[str, str], tuple[str, str] | None] = {}  # ID checks, once per number
    for case_no, case_lines in groups.items():
        ordered = sorted(case_lines, key=lambda ln: ln.data.get("sequence", 0))
        ok = (
            case_no not in existing
            and all("__bad__" not in ln.data for ln in ordered)
            and [ln.data["sequence"] for ln in ordered] == list(range(1, len(ordered) + 1))
        )
        applicant = ordered[0].data.get("applicant") if ok else None
        key = None
        if isinstance(applicant, dict):
            raw = (str(applicant.get("kind", "")), str(applicant.get("id_number", "")))
            if raw not in checked:
                try:
                    checked[raw] = (raw[0], normalized_id(*raw))
                except DomainError:
                    checked[raw] = None
            key = checked[raw]
        if key is None or not str(applicant.get("name", "")).strip():  # type: ignore[union-attr]
            slow[case_no] = case_lines
            continue
        candidates.append((case_no, [ln.data for ln in ordered], key, applicant))  # type: ignore[arg-type]
    known = fastpath.existing_applicants({c[2] for c in candidates})
    new: dict[tuple[str, str], Applicant] = {}
    now = timezone.now()
    for _no, _lines, key, data in candidates:
        if key not in known and key not in new:
            new[key] = Applicant(
                kind=key[0],
                id_number=key[1],
                name=str(data["name"]).strip(),
                phone=str(data.get("phone", "")),
                created_at=now,
            )
    with transaction.atomic():
        fastpath.insert_rows(Applicant, list(new.values()))
    known.update(fastpath.existing_applicants(set(new)))

    replayer = fastpath.Replayer()
    allowed: dict[int, bool] = {}
    batch: list[fastpath.Sim] = []
    for case_no, data_lines, key, _data in candidates:
        try:
            sim = replayer.simulate(data_lines, known[key])
            agency_id = sim.case.agency_id
            if actor is not None:
                if agency_id not in allowed:
                    agency = Organization.objects.get(pk=agency_id)
                    allowed[agency_id] = user_may(actor, Perm.CASE_IMPORT, agency)
                if not allowed[agency_id]:
                    raise fastpath.Fallback
        except (fastpath.Fallback, DomainError):
            slow[case_no] = groups[case_no]
            continue
        batch.append(sim)
        if len(batch) >= FAST_BATCH:
            _write(batch, result)
            batch = []
    if batch:
        _write(batch, result)
    return slow


def _write(batch: list[fastpath.Sim], result: ImportResult) -> None:
    fastpath.write(batch)
    result.applied_cases += len(batch)
    result.applied_events += sum(len({e.import_sequence for e in s.events}) for s in batch)


def _import_case(imp: _Importer, case_no: str, lines: list[Line], result: ImportResult) -> None:
    bad = [ln for ln in lines if "__bad__" in ln.data]
    good = sorted((ln for ln in lines if "__bad__" not in ln.data), key=lambda ln: ln.sequence)
    if bad:
        _reject_rest(result, case_no, good, bad[0].number)
        return
    case = (
        Case.objects.select_related("agency", "applicant", "item_version")
        .filter(number=case_no)
        .first()
    )
    done = 0
    if case is not None:
        done = CaseEvent.objects.filter(case=case).aggregate(m=Max("import_sequence"))["m"] or 0
        if done == 0:
            result.rejected.append(
                Rejected(
                    good[0].number,
                    case_no,
                    _("A case with this number exists and was not imported."),
                    "case",
                )
            )
            _reject_rest(result, case_no, good[1:], good[0].number)
            return
        if imp.actor is not None and not user_may(imp.actor, Perm.CASE_IMPORT, case.agency):
            result.rejected.append(
                Rejected(
                    good[0].number, case_no, _("You may not import cases of this agency."), "case"
                )
            )
            _reject_rest(result, case_no, good[1:], good[0].number)
            return
    pending = [ln for ln in good if ln.sequence > done]
    result.skipped_events += len(good) - len(pending)
    expected = done + 1
    for ln in pending:
        if ln.sequence != expected:
            result.rejected.append(
                Rejected(
                    ln.number,
                    case_no,
                    _("Sequence %(got)s is out of order: expected %(want)s.")
                    % {"got": ln.sequence, "want": expected},
                    "sequence",
                )
            )
            _reject_rest(result, case_no, [x for x in pending if x is not ln], ln.number)
            return
        expected += 1
    if not pending:
        return
    current: Line | None = None
    try:
        with transaction.atomic():
            for ln in pending:
                current = ln
                set_import_sequence(ln.sequence)
                case = imp.replay(case, ln)
    except LineError as exc:
        _fail(result, case_no, pending, current, exc.reason, exc.field)
        return
    except DomainError as exc:
        field_name, message = exc.errors[0]
        _fail(result, case_no, pending, current, str(message), field_name or "")
        return
    finally:
        set_import_sequence(None)
    result.applied_cases += 1
    result.applied_events += len(pending)


def _fail(
    result: ImportResult,
    case_no: str,
    pending: list[Line],
    current: Line | None,
    reason: str,
    field_name: str,
) -> None:
    assert current is not None
    result.rejected.append(Rejected(current.number, case_no, reason, field_name))
    _reject_rest(result, case_no, [ln for ln in pending if ln is not current], current.number)


def _reject_rest(result: ImportResult, case_no: str, lines: list[Line], culprit: int) -> None:
    for ln in lines:
        result.rejected.append(
            Rejected(
                ln.number,
                case_no,
                _(
                    "Not applied: line %(n)s of the same case was rejected (each case is imported "
                    "whole or not at all)."
                )
                % {"n": culprit},
            )
        )
    result.rejected.sort(key=lambda r: r.line)
