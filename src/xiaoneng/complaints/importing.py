"""Historical import of complaints from JSON Lines, replayed through the services.

One event per line:
    {"number": "TS2025000123", "sequence": 1, "event": "registered",
     "occurred_at": "2025-03-02T09:30:00+08:00", "actor": "张敏", "data": {...}}

Events and their `data` (docs/complaints.md has the full list): registered (channel, category,
unit — the organization's exact name or id —, title, description, is_anonymous,
complainant_name, complainant_phone, person_name, visitor_count), accepted (category, note),
declined (reason, referred_to), handled_directly (note), transferred (unit, unit_due_on, note),
investigated (record), concluded (conclusion, note), outcome (kind, person_name, note),
replied (text), followed_up (satisfaction, note), closed, extended (workdays, reason).

Rules:
- idempotent on (number, sequence): an event already stored is skipped, so a file can be
  imported again, or extended with later events and re-imported;
- whole-or-nothing per complaint: every new event of one complaint is applied in one savepoint;
  one bad line rolls back that complaint's new events and is reported;
- bad lines are reported with their line number, field and reason; other complaints still load.
Efficiency warnings of imported outcomes are not re-issued: past warnings already exist in
supervision. The importing user is the acting user; the historical actor name is kept on the
event.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiaoneng.complaints import services
from xiaoneng.complaints.models import Complaint, ComplaintEvent
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.core.models import Organization, User

MAX_LINES = 200_000


# What a line's keys are called in messages; "line" (the whole line) names no key.
FIELD_LABELS = {
    "number": gettext_lazy("complaint number"),
    "sequence": gettext_lazy("sequence"),
    "event": gettext_lazy("event"),
    "occurred_at": gettext_lazy("time (occurred_at)"),
    "actor": gettext_lazy("actor"),
    "data": gettext_lazy("event data (data)"),
    "file": gettext_lazy("file"),
    "status": gettext_lazy("complaint status"),
}


def field_label(name: str) -> str:
    """A line key as a reader knows it: ``data.unit`` → “event data (data) › unit”."""
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    if name.startswith("data."):
        return f"{FIELD_LABELS['data']} › {name[len('data.') :]}"
    return name


@dataclass
class LineError:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        if self.field in ("", "line", "non_field_errors"):
            return _("line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}
        return _("line %(line)s, %(field)s: %(reason)s") % {
            "line": self.line,
            "field": field_label(self.field),
            "reason": self.reason,
        }


@dataclass
class ComplaintImportReport:
    complaints_created: int = 0
    events_applied: int = 0
    events_skipped: int = 0
    complaints_failed: int = 0
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def lines_refused(self) -> int:
        return len(self.errors)

    def summary(self) -> str:
        """One localized sentence with every count (what the command prints first)."""
        return _(
            "complaints created: %(created)s, events applied: %(applied)s, already present: "
            "%(skipped)s, complaints refused: %(failed)s, lines refused: %(lines)s"
        ) % {
            "created": self.complaints_created,
            "applied": self.events_applied,
            "skipped": self.events_skipped,
            "failed": self.complaints_failed,
            "lines": self.lines_refused,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "complaints_created": self.complaints_created,
            "events_applied": self.events_applied,
            "events_skipped": self.events_skipped,
            "complaints_failed": self.complaints_failed,
            "lines_refused": self.lines_refused,
            "errors": [{"line": e.line, "field": e.field, "reason": e.reason} for e in self.errors],
        }


@dataclass
class Line:
    number: int
    complaint_number: str
    sequence: int
    event: str
    occurred_at: datetime
    actor_name: str
    data: dict[str, Any]


def _org(value: Any) -> Organization:
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        org = Organization.objects.filter(pk=int(value)).first()
    else:
        org = Organization.objects.filter(name=str(value or "").strip()).first()
    if org is None:
        raise InvalidInput(_("Unknown unit “%(unit)s”.") % {"unit": value}, field="data.unit")
    return org


def _day(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field=f"data.{name}") from None


def _int(value: Any, name: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(_("Enter a whole number."), field=f"data.{name}")
    return value


def _apply(line: Line, actor: User, complaint: Complaint | None) -> Complaint:
    d, at, seq = line.data, line.occurred_at, line.sequence
    common: dict[str, Any] = {"actor": actor, "at": at, "sequence": seq}
    if line.event == "registered":
        return services.complaint_submit(
            **common,
            number=line.complaint_number,
            channel=d.get("channel", ""),
            category=d.get("category", ""),
            unit=_org(d.get("unit")),
            title=d.get("title", ""),
            description=d.get("description", ""),
            is_anonymous=bool(d.get("is_anonymous", False)),
            complainant_name=d.get("complainant_name", ""),
            complainant_phone=d.get("complainant_phone", ""),
            person_name=d.get("person_name", ""),
            visitor_count=_int(d.get("visitor_count"), "visitor_count"),
        )
    assert complaint is not None
    common["complaint"] = complaint
    handlers: dict[str, Callable[[], Any]] = {
        "accepted": lambda: services.complaint_accept(
            **common, category=d.get("category"), note=d.get("note", "")
        ),
        "declined": lambda: services.complaint_decline(
            **common, reason=d.get("reason", ""), referred_to=d.get("referred_to", "")
        ),
        "handled_directly": lambda: services.complaint_handle_directly(
            **common, note=d.get("note", "")
        ),
        "transferred": lambda: services.complaint_transfer(
            **common,
            unit=_org(d["unit"]) if d.get("unit") else None,
            unit_due_on=_day(d.get("unit_due_on"), "unit_due_on"),
            note=d.get("note", ""),
        ),
        "investigated": lambda: services.complaint_investigate(
            **common, record=d.get("record", "")
        ),
        "concluded": lambda: services.complaint_conclude(
            **common, conclusion=d.get("conclusion", ""), note=d.get("note", "")
        ),
        "outcome": lambda: services.complaint_add_outcome(
            **common,
            kind=d.get("kind", ""),
            person_name=d.get("person_name", ""),
            note=d.get("note", ""),
            issue_warning=False,
        ),
        "replied": lambda: services.complaint_reply(**common, text=d.get("text", "")),
        "followed_up": lambda: services.complaint_follow_up(
            **common, satisfaction=d.get("satisfaction", ""), note=d.get("note", "")
        ),
        "closed": lambda: services.complaint_close(**common),
        "extended": lambda: services.complaint_extend(
            **common, workdays=_int(d.get("workdays"), "workdays") or 0, reason=d.get("reason", "")
        ),
    }
    handlers[line.event]()
    return Complaint.objects.get(pk=complaint.pk)


EVENTS = frozenset(
    {
        "registered",
        "accepted",
        "declined",
        "handled_directly",
        "transferred",
        "investigated",
        "concluded",
        "outcome",
        "replied",
        "followed_up",
        "closed",
        "extended",
    }
)


def _parse(number: int, text: str) -> tuple[Line | None, str | None, LineError | None]:
    """(line, complaint number, error) — the number is returned when known, to fail its group."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        # The parser's own text is English; say where instead, as the case import does.
        return (
            None,
            None,
            LineError(
                number, "line", _("Not valid JSON at character %(pos)s.") % {"pos": exc.pos + 1}
            ),
        )
    if not isinstance(raw, dict):
        return None, None, LineError(number, "line", _("Each line must be a JSON object."))
    complaint_number = str(raw.get("number") or "").strip()
    if not complaint_number or len(complaint_number) > 32:
        return None, None, LineError(number, "number", _("Give the complaint number."))
    sequence = raw.get("sequence")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
        return (
            None,
            complaint_number,
            LineError(number, "sequence", _("Give a sequence number from 1.")),
        )
    event = raw.get("event")
    if event not in EVENTS:
        return (
            None,
            complaint_number,
            LineError(number, "event", _("Unknown event “%(event)s”.") % {"event": event}),
        )
    try:
        occurred_at = datetime.fromisoformat(str(raw.get("occurred_at") or ""))
    except ValueError:
        return (
            None,
            complaint_number,
            LineError(
                number,
                "occurred_at",
                _("Give the time as ISO 8601, e.g. 2025-03-02T09:30:00+08:00."),
            ),
        )
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    if occurred_at > timezone.now():
        return (
            None,
            complaint_number,
            LineError(number, "occurred_at", _("The time cannot be in the future.")),
        )
    data = raw.get("data") or {}
    if not isinstance(data, dict):
        return None, complaint_number, LineError(number, "data", _("“data” must be an object."))
    return (
        Line(
            number,
            complaint_number,
            sequence,
            event,
            occurred_at,
            str(raw.get("actor") or "")[:150],
            data,
        ),
        complaint_number,
        None,
    )


def complaints_import(*, actor: User, lines: Iterable[str]) -> ComplaintImportReport:
    """Replay the events of `lines`; see the module docstring for the rules."""
    report = ComplaintImportReport()
    groups: OrderedDict[str, list[Line]] = OrderedDict()
    failed_numbers: set[str] = set()
    for number, text in enumerate(lines, start=1):
        if number > MAX_LINES:
            report.errors.append(LineError(number, "file", _("The file has too many lines.")))
            break
        if not text.strip():
            continue
        line, complaint_number, error = _parse(number, text)
        if error is not None:
            report.errors.append(error)
            if complaint_number:
                failed_numbers.add(complaint_number)
            continue
        assert line is not None
        groups.setdefault(line.complaint_number, []).append(line)
    for complaint_number, group in groups.items():
        if complaint_number in failed_numbers:
            report.complaints_failed += 1
            continue
        _import_one(actor, complaint_number, sorted(group, key=lambda item: item.sequence), report)
    report.complaints_failed += sum(1 for n in failed_numbers if n not in groups)
    audit(
        actor=actor,
        action="complaint.import",
        object_type="complaints.complaint",
        detail={k: v for k, v in report.as_dict().items() if k != "errors"}
        | {"errors": len(report.errors)},
    )
    return report


def _import_one(
    actor: User, complaint_number: str, group: list[Line], report: ComplaintImportReport
) -> None:
    complaint = Complaint.objects.filter(number=complaint_number).first()
    existing = (
        set(ComplaintEvent.objects.filter(complaint=complaint).values_list("sequence", flat=True))
        if complaint
        else set()
    )
    last = max(existing, default=0)
    seen: set[int] = set()
    applied = skipped = 0
    created = complaint is None
    try:
        with transaction.atomic():
            for line in group:
                if line.sequence in seen:
                    raise _LineFailure(line, "sequence", _("This sequence number appears twice."))
                seen.add(line.sequence)
                if line.sequence in existing:
                    skipped += 1
                    continue
                if line.sequence < last:
                    raise _LineFailure(
                        line, "sequence", _("Events must follow the ones already imported.")
                    )
                if complaint is None and line.event != "registered":
                    raise _LineFailure(
                        line, "event", _("The first event of a complaint must be “registered”.")
                    )
                if complaint is not None and line.event == "registered":
                    raise _LineFailure(line, "event", _("This complaint is already registered."))
                try:
                    complaint = _apply(line, actor, complaint)
                except DomainError as error:
                    raise _LineFailure(line, _data_key(error.field), str(error.message)) from None
                if line.actor_name:
                    ComplaintEvent.objects.filter(
                        complaint=complaint, sequence=line.sequence
                    ).update(actor_name=line.actor_name)
                if complaint.is_imported is False:
                    Complaint.objects.filter(pk=complaint.pk).update(is_imported=True)
                    complaint.is_imported = True
                applied += 1
                last = line.sequence
    except _LineFailure as failure:
        report.errors.append(LineError(failure.line.number, failure.field, failure.reason))
        report.complaints_failed += 1
        return
    report.events_applied += applied
    report.events_skipped += skipped
    if created and applied:
        report.complaints_created += 1


# The keys an event's "data" may carry (module docstring); a service's refusal naming one of
# them is reported against that key of the line.
DATA_KEYS = frozenset(
    {
        "channel", "category", "unit", "title", "description", "is_anonymous",
        "complainant_name", "complainant_phone", "person_name", "visitor_count", "note",
        "reason", "referred_to", "unit_due_on", "record", "conclusion", "kind", "text",
        "satisfaction", "workdays",
    }
)  # fmt: skip


def _data_key(field_name: str | None) -> str:
    """A service's field as the key of the line that carried it (``unit`` → ``data.unit``)."""
    if not field_name or field_name == "non_field_errors":
        return "data"
    return f"data.{field_name}" if field_name in DATA_KEYS else field_name


class _LineFailure(Exception):
    def __init__(self, line: Line, field: str, reason: str) -> None:
        super().__init__(reason)
        self.line, self.field, self.reason = line, field, reason
