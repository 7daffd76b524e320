"""Historical import: JSON Lines, one legacy event per line, replayed through the services.

Each line: ``{"case", "sequence", "item", "item_version", "kind", "occurred_at", "actor",
...the event's own fields}`` (format: docs/cases.md).  Lines are grouped by case number; each
case is replayed in order through the same services as live work, with the event's
``occurred_at`` as the clock, so imported cases get the same deadlines, deemed acceptances
and breach records.  Each case is applied whole or not at all; lines whose (case number,
sequence) were imported before are skipped, so re-running a file changes nothing.

``import_file`` reads a file in two passes with bounded memory; ``fast`` takes the bulk path
(xiaoneng.cases.fastpath), replayed in forked processes when it can (``_BulkImport``,
ADR 0005).  docs/cases.md describes the format and each step.
"""

from __future__ import annotations

import bisect
import multiprocessing
import os
import re
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.connection import wait
from typing import Any, NoReturn, cast

import orjson
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from xiaoneng.cases import fastpath, services
from xiaoneng.cases.models import Case, CaseEvent, ProcessStepRecord
from xiaoneng.cases.services._base import set_import_sequence
from xiaoneng.cases.submission import (
    checked_id,
    resolve_item_version,
    resolve_or_register_applicant,
)
from xiaoneng.cases.workflow import EventKind
from xiaoneng.catalog.models import ServiceItemVersion
from xiaoneng.core.access import user_has_perm, user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import DomainError, InvalidInput, NotPermitted
from xiaoneng.core.models import Applicant, Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.workdays.default import freeze as freeze_calendar
from xiaoneng.workdays.default import get_calendar

REQUIRED = ("case", "sequence", "kind", "occurred_at")
KINDS = frozenset(EventKind.values)
#: Lengths of the applicant's fields as stored (core.Applicant).
NAME_MAX = cast(int, Applicant._meta.get_field("name").max_length)
PHONE_MAX = cast(int, Applicant._meta.get_field("phone").max_length)
#: Fields stored as they are: their stored lengths (cases.Case, cases.CaseEvent).
CASE_MAX = cast(int, Case._meta.get_field("number").max_length)
ACTOR_MAX = cast(int, CaseEvent._meta.get_field("actor_name").max_length)
CODE_MAX = cast(int, Case._meta.get_field("verification_code").max_length)
#: Events the system derives itself; a legacy file cannot assert them.  (A deemed acceptance
#: may be asserted: the services check that the notice period of Art. 32 was over.)
DERIVED = {EventKind.MEETING_RECORDED}
IMPORTABLE = frozenset(str(k) for k in KINDS - DERIVED)


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
    return _checked(number, _loads(text))


def _loads(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise LineError(_("Not valid JSON at character %(pos)s.") % {"pos": exc.pos + 1}) from exc


def _checked(number: int, data: Any) -> Line:
    """The parsed line, its key fields checked and ``occurred_at`` read."""
    if type(data) is not dict:
        raise LineError(_("Each line must be a JSON object."))
    case, sequence, kind, at = (
        data.get("case"),
        data.get("sequence"),
        data.get("kind"),
        data.get("occurred_at"),
    )
    # The usual line passes one combined test; any other gets the first reason that applies.
    if not (
        type(case) is str
        and 0 < len(case) <= CASE_MAX
        and type(sequence) is int
        and sequence >= 1
        and kind in IMPORTABLE
        and type(at) is str
    ):
        _explain(data)
    actor = data.get("actor")
    if actor is not None and len(str(actor)) > ACTOR_MAX:
        raise LineError(_("At most %(n)s characters.") % {"n": ACTOR_MAX}, "actor")
    code = data.get("verification_code")
    if code is not None and len(str(code)) > CODE_MAX:
        raise LineError(_("At most %(n)s characters.") % {"n": CODE_MAX}, "verification_code")
    try:
        occurred_at = datetime.fromisoformat(at)
    except ValueError as exc:
        raise LineError(_("occurred_at must be an ISO 8601 date and time."), "occurred_at") from exc
    if occurred_at.tzinfo is None:
        raise LineError(_("occurred_at must include a time zone (e.g. +08:00)."), "occurred_at")
    data["occurred_at"] = occurred_at
    return Line(number, data)


def _explain(data: dict[str, Any]) -> NoReturn:
    """Raise the reason a line's key fields are not acceptable."""
    for key in REQUIRED:
        if data.get(key) in (None, ""):
            raise LineError(_("The field “%(f)s” is required.") % {"f": key}, key)
    if not isinstance(data["case"], str):
        raise LineError(_("The case number must be a string."), "case")
    if len(data["case"]) > CASE_MAX:
        raise LineError(_("At most %(n)s characters.") % {"n": CASE_MAX}, "case")
    sequence = data["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1:
        raise LineError(_("The sequence must be a positive whole number."), "sequence")
    if data["kind"] not in KINDS:
        raise LineError(_("Unknown event kind “%(k)s”.") % {"k": data["kind"]}, "kind")
    if data["kind"] in DERIVED:
        raise LineError(_("This event is derived by the system and cannot be imported."), "kind")
    raise LineError(_("occurred_at must be an ISO 8601 date and time."), "occurred_at")


def _applicant_fields(data: dict[str, Any]) -> tuple[str, str]:
    """The applicant's name and phone as stored, or the reason they cannot be (both paths)."""
    name = str(data.get("name") or "").strip()
    phone = str(data.get("phone") or "")
    for key, value, limit in (("name", name, NAME_MAX), ("phone", phone, PHONE_MAX)):
        if len(value) > limit:
            raise LineError(_("At most %(n)s characters.") % {"n": limit}, f"applicant_{key}")
    return name, phone


class _Importer:
    def __init__(self, actor: User | None, unreadable: list[int] | None = None) -> None:
        self.actor = actor
        #: numbers of the lines that name no case, ascending (``scan``)
        self.unreadable = unreadable or []
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

    def unreadable_between(self, after: int, before: int) -> int | None:
        """The last line naming no case between two line numbers (exclusive), if any."""
        i = bisect.bisect_left(self.unreadable, before)
        if i and self.unreadable[i - 1] > after:
            return self.unreadable[i - 1]
        return None

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
            name, phone = _applicant_fields(applicant_data)
            applicant = resolve_or_register_applicant(
                actor=self.actor,
                kind=str(applicant_data.get("kind") or ""),
                name=name,
                id_number=str(applicant_data.get("id_number") or ""),
                phone=phone,
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
    EventKind.DEEMED_ACCEPTED: lambda i, c, d, k: services.case_deem_accepted(case=c, at=k["at"]),
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


def import_lines(
    lines: Iterable[str],
    *,
    actor: User | None,
    fast: bool = False,
    worker: bool | None = None,
) -> ImportResult:
    """Import JSON Lines; see the module docstring.  ``actor`` needs CASE_IMPORT on each
    case's agency (None: a trusted command run by the operator).

    ``fast`` replays new cases in memory and writes them in batches (xiaoneng.cases.fastpath),
    falling back to the services for anything unusual.  ``worker`` (default: when ``actor``
    is None and the platform can fork) does the reading and replaying in forked processes
    while this one writes, so they run at once (ADR 0005).  The lines are kept in memory; for large
    files use ``import_file``."""
    kept = lines if isinstance(lines, list) else list(lines)
    last, unreadable = scan(kept)
    return _import(
        lambda: enumerate(kept, start=1),
        last,
        unreadable,
        actor=actor,
        fast=fast,
        worker=worker,
    )


def import_file(
    path: str | os.PathLike[str],
    *,
    actor: User | None,
    fast: bool = False,
    worker: bool | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """``import_lines`` for a UTF-8 file, read twice: first to learn on which line each case
    ends, then to replay each case as soon as its last line is read.  Memory stays bounded
    by the cases open at once (one, for a file sorted by case), not by the file's size.
    ``progress`` is called with the result so far as cases are applied."""
    last, unreadable = scan(_text_lines(path))

    def numbered() -> Iterator[tuple[int, str]]:
        yield from enumerate(_text_lines(path), start=1)

    return _import(
        numbered, last, unreadable, actor=actor, fast=fast, worker=worker, progress=progress
    )


def _text_lines(path: str | os.PathLike[str]) -> Iterator[str]:
    """The file's lines as text; a line that is not UTF-8 is refused with its number and the
    position of the first bad byte (not the decoder's English)."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InvalidInput(
                    _("Line %(line)s is not UTF-8 text (byte %(pos)s of the line).")
                    % {"line": number, "pos": exc.start + 1},
                    field="file",
                ) from exc


def last_lines(lines: Iterable[str]) -> dict[str, int]:
    """Case number → number of the last line that names it."""
    return scan(lines)[0]


def scan(lines: Iterable[str]) -> tuple[dict[str, int], list[int]]:
    """The first reading: case number → number of the last line that names it, and the
    numbers of the non-empty lines that name no case (unreadable, or without "case"): when a
    case misses a sequence, the report can point at the unreadable line that probably held it
    instead of blaming the line after it."""
    last: dict[str, int] = {}
    unreadable: list[int] = []
    for number, text in enumerate(lines, start=1):
        key = _case_key(text)
        if key:
            last[key] = number
        elif text.strip():
            unreadable.append(number)
    return last, unreadable


#: The case number of a line that is not valid JSON but still plainly names its case
#: (e.g. a trailing comma): a JSON string or number after "case".
_CASE_IN_TEXT = re.compile(r'"case"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)')


def _lenient_key(text: str) -> str:
    """The case number an unparsable line names, as a string ("" when none can be read)."""
    match = _CASE_IN_TEXT.search(text)
    if match is None:
        return ""
    try:
        return _key_of({"case": orjson.loads(match.group(1))})
    except orjson.JSONDecodeError:
        return ""


def _case_key(text: str) -> str:
    """The case number a line names, as a string ("" when it names none)."""
    if not text.strip():
        return ""
    try:
        return _key_of(orjson.loads(text))
    except orjson.JSONDecodeError:
        return _lenient_key(text)


def _owner(key: str, parts: int) -> int:
    """Which of ``parts`` processes takes the case ``key`` (lines naming none: the first)."""
    return hash(key) % parts if key else 0


def _key_of(data: Any) -> str:
    value = data.get("case") if isinstance(data, dict) else None
    return "" if value is None else str(value)


def _complete_groups(
    numbered: Iterable[tuple[int, str]],
    last: dict[str, int],
    rejected: list[Rejected],
    share: tuple[int, int] = (0, 1),
) -> Iterator[tuple[str, list[Line]]]:
    """Parse lines and yield (case number, its lines) as soon as a case's last line is read.
    Malformed lines go to ``rejected``; one that names a case marks that case as rejected.

    ``share`` = (k, n): only the cases whose number hashes to k modulo n (and, for k = 0,
    the lines that name no case), for n processes reading the same lines."""
    part, parts = share
    groups: dict[str, list[Line]] = {}
    for number, text in numbered:
        if not text.strip():
            continue
        data: Any = None
        try:
            data = _loads(text)
            if parts > 1 and _owner(_key_of(data), parts) != part:
                continue
            line = _checked(number, data)
            key = line.data["case"]
        except LineError as exc:
            # A line that is not JSON is blamed on the case it plainly names, if any.
            key = _key_of(data) if data is not None else _lenient_key(text)
            if parts > 1 and _owner(key, parts) != part:
                continue
            rejected.append(Rejected(number, key, exc.reason, exc.field))
            if not key:
                continue
            line = Line(number, {"__bad__": True})
        group = groups.get(key)
        if group is None:
            groups[key] = group = [line]
        else:
            group.append(line)
        if last.get(key) == number:
            yield key, groups.pop(key)
    yield from groups.items()  # only if the lines changed between the two readings


def _import(
    numbered: Callable[[], Iterable[tuple[int, str]]],
    last: dict[str, int],
    unreadable: list[int],
    *,
    actor: User | None,
    fast: bool,
    worker: bool | None,
    progress: Progress | None = None,
) -> ImportResult:
    if actor is not None and not user_has_perm(actor, Perm.CASE_IMPORT):
        raise NotPermitted(_("You are not allowed to import cases."))
    result = ImportResult()
    importer = _Importer(actor, unreadable)
    with services.importing():
        if fast:
            use_worker = actor is None if worker is None else worker
            bulk = _BulkImport(importer, result, progress)
            bulk.run(numbered, last, worker=use_worker and CAN_FORK)
        else:
            for case_no, case_lines in _complete_groups(numbered(), last, result.rejected):
                _import_case(importer, case_no, case_lines, result)
                if progress is not None and result.applied_cases % SLOW_BATCH == 0:
                    progress(result)
    result.rejected.sort(key=lambda r: r.line)
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


#: Cases per written batch, and unusual cases gathered before the services take them.
FAST_BATCH = 2000
SLOW_BATCH = 500
CAN_FORK = "fork" in multiprocessing.get_all_start_methods()
#: Replay processes of a bulk import (each takes the cases whose number hashes to it): the
#: replay costs about twice the writing, so two of them keep the writer busy on two cores.
REPLAY_PROCESSES = 2

Applicant5 = tuple[str, str, str, str, str]
Progress = Callable[["ImportResult"], None]
Message = tuple[str, Any]


class _BulkImport:
    """The bulk path.  A producer (``produce``) parses the lines, groups them by case and
    replays each new, well-formed case in memory (fastpath.Replayer), turning batches of
    them into rows; everything else, and any case the replay is unsure about, is sent on as
    lines for the services (``_import_case``), which decide and report.  The consumer (this
    process) writes the batches and runs the services.

    With ``worker`` the producer runs in a forked process that never touches the database
    (everything it needs is read before the fork) and sends its messages through a pipe;
    the replay and the writing then run at once on two cores.  Otherwise it is a generator
    in this process.  Either way the results are the same."""

    def __init__(
        self, importer: _Importer, result: ImportResult, progress: Progress | None = None
    ) -> None:
        self.importer = importer
        self.progress = progress
        self.actor = importer.actor
        self.result = result
        self.replayer = fastpath.Replayer()
        self.allowed: dict[int, bool] = {}
        #: ID checks, once per (kind, number): (kind, normalized, warning) or None
        self.checked: dict[tuple[str, str], tuple[str, str, str] | None] = {}
        self.existing: set[str] = set()

    # ------------------------------------------------------------------ consumer
    def run(
        self,
        numbered: Callable[[], Iterable[tuple[int, str]]],
        last: dict[str, int],
        *,
        worker: bool,
    ) -> None:
        # Cases already present go to the services (they skip what was imported before).
        self.existing = set(fastpath.ids_by_number(list(last)))
        new_cases = len(last) - len(self.existing)
        with fastpath.bulk_session(), fastpath.deferred_indexes(new_cases):
            if worker:
                self.replayer.preload()
                for message in self._from_worker(numbered, last):
                    self.consume(message)
            else:
                for message in self.produce(numbered(), last):
                    self.consume(message)

    def consume(self, message: Message) -> None:
        kind, payload = message
        if kind == "batch":
            self.write(payload)
        elif kind == "slow":
            for case_no, case_lines in payload:
                _import_case(self.importer, case_no, case_lines, self.result)
            if self.progress is not None:
                self.progress(self.result)
        elif kind == "rejected":
            self.result.rejected.extend(payload)

    def write(self, batch: fastpath.Batch) -> None:
        """Write a batch; if the database refuses it (a case number entered meanwhile, a
        value it does not take), write its cases one by one and report those refused."""
        try:
            fastpath.write_batch(batch)
        except DatabaseError:
            for index in range(len(batch.numbers)):
                one = batch.subset([index])
                try:
                    fastpath.write_batch(one)
                except DatabaseError as exc:
                    self.refused(one, exc)
                else:
                    self.counted(one)
        else:
            self.counted(batch)

    def counted(self, batch: fastpath.Batch) -> None:
        self.result.applied_cases += len(batch.numbers)
        self.result.applied_events += sum(len(lines) for lines in batch.lines)
        if self.progress is not None:
            self.progress(self.result)

    def refused(self, batch: fastpath.Batch, exc: DatabaseError) -> None:
        number, lines = batch.numbers[0], batch.lines[0]
        if fastpath.ids_by_number([number]):
            reason = _("A case with this number exists and was not imported.")
        else:
            reason = _("The database refused this case: %(e)s") % {"e": exc}
        self.result.rejected.append(Rejected(lines[0], number, reason, "case"))
        _reject_rest(self.result, number, [Line(n, {}) for n in lines[1:]], lines[0])

    def _from_worker(
        self, numbered: Callable[[], Iterable[tuple[int, str]]], last: dict[str, int]
    ) -> Iterator[Message]:
        context = multiprocessing.get_context("fork")
        get_calendar()  # current before the fork: the replay processes keep it (freeze)
        processes, pipes = [], []
        for part in range(REPLAY_PROCESSES):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=self._worker,
                args=(numbered, last, send, (part, REPLAY_PROCESSES)),
                name=f"xiaoneng-import-replay-{part}",
            )
            process.start()
            send.close()
            processes.append(process)
            pipes.append(receive)
        try:
            open_pipes = list(pipes)
            while open_pipes:
                for ready in wait(open_pipes):
                    receive = cast(Any, ready)
                    try:
                        message = receive.recv()
                    except EOFError as exc:
                        raise RuntimeError("an import replay process ended unexpectedly") from exc
                    if message[0] == "done":
                        open_pipes.remove(receive)
                    elif message[0] == "error":
                        raise RuntimeError(f"an import replay process failed:\n{message[1]}")
                    else:
                        yield message
        finally:
            for receive in pipes:
                receive.close()
            for process in processes:
                process.join(timeout=5)
                if process.is_alive():
                    process.terminate()
                    process.join()

    def _worker(
        self,
        numbered: Callable[[], Iterable[tuple[int, str]]],
        last: dict[str, int],
        send: Any,
        share: tuple[int, int],
    ) -> None:
        """In a forked process: produce, send, never touch the database."""
        freeze_calendar()
        try:
            for message in self.produce(numbered(), last, share):
                send.send(message)
            send.send(("done", None))
        except BaseException:  # noqa: BLE001  (reported to the parent, which raises)
            send.send(("error", traceback.format_exc()))
        finally:
            send.close()

    # ------------------------------------------------------------------ producer
    def produce(
        self,
        numbered: Iterable[tuple[int, str]],
        last: dict[str, int],
        share: tuple[int, int] = (0, 1),
    ) -> Iterator[Message]:
        rejected: list[Rejected] = []
        sims: list[fastpath.Sim] = []
        lines: list[list[int]] = []
        slow: list[tuple[str, list[Line]]] = []
        for case_no, case_lines in _complete_groups(numbered, last, rejected, share):
            sim = None if case_no in self.existing else self.prepare(case_lines)
            if sim is None:
                slow.append((case_no, case_lines))
                if len(slow) >= SLOW_BATCH:
                    yield "slow", slow
                    slow = []
                continue
            sims.append(sim)
            lines.append([ln.number for ln in case_lines])
            if len(sims) >= FAST_BATCH:
                yield "batch", fastpath.batch_of(sims, lines)
                sims, lines = [], []
            if len(rejected) >= SLOW_BATCH:
                yield "rejected", rejected
                rejected = []
        if sims:
            yield "batch", fastpath.batch_of(sims, lines)
        if slow:
            yield "slow", slow
        if rejected:
            yield "rejected", rejected

    def prepare(self, case_lines: list[Line]) -> fastpath.Sim | None:
        """The case replayed in memory, or None when the services must take it."""
        datas = []
        expected = 1
        for ln in case_lines:
            d = ln.data
            if d.get("sequence") != expected:  # a malformed line, or not 1, 2, 3… in order
                if "__bad__" in d or len({x.data.get("sequence") for x in case_lines}) != len(
                    case_lines
                ):
                    return None
                ordered = sorted(case_lines, key=lambda x: x.data.get("sequence", 0))
                if [x.data.get("sequence") for x in ordered] != list(range(1, len(ordered) + 1)):
                    return None
                return self.prepare(ordered)
            datas.append(d)
            expected += 1
        applicant = self.applicant(datas[0].get("applicant"))
        if applicant is None:
            return None
        try:
            sim = self.replayer.simulate(datas, applicant)
            if self.actor is not None and not self.may_import(sim.case.agency_id):
                return None
        except (fastpath.Fallback, DomainError):
            return None
        return sim

    def applicant(self, data: object) -> Applicant5 | None:
        if not isinstance(data, dict):
            return None
        try:
            name, phone = _applicant_fields(data)
        except LineError:
            return None
        if not name:
            return None  # the services give the reason
        raw = (str(data.get("kind") or ""), str(data.get("id_number") or ""))
        if raw not in self.checked:
            try:
                self.checked[raw] = (raw[0], *checked_id(*raw))
            except DomainError:
                self.checked[raw] = None
        key = self.checked[raw]
        if key is None:
            return None
        return (key[0], key[1], name, phone, key[2])

    def may_import(self, agency_id: int) -> bool:
        if agency_id not in self.allowed:
            agency = Organization.objects.get(pk=agency_id)
            self.allowed[agency_id] = user_may(self.actor, Perm.CASE_IMPORT, agency)  # type: ignore[arg-type]
        return self.allowed[agency_id]


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
    previous = 0
    for ln in pending:
        if ln.sequence != expected:
            culprit = imp.unreadable_between(previous, ln.number)
            if culprit is not None:
                # The missing event is most likely on the unreadable line just before: blame
                # that line (already reported with its own cause), not this one.
                _reject_missing(result, case_no, good, expected, culprit)
                return
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
        previous = ln.number
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


def _reject_missing(
    result: ImportResult, case_no: str, lines: list[Line], sequence: int, culprit: int
) -> None:
    for ln in lines:
        result.rejected.append(
            Rejected(
                ln.number,
                case_no,
                _(
                    "Not applied: sequence %(seq)s of this case is missing; it is probably "
                    "line %(n)s, which could not be read (each case is imported whole or not "
                    "at all)."
                )
                % {"seq": sequence, "n": culprit},
            )
        )
