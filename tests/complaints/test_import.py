"""Historical import: replay through the services, idempotent, whole-or-nothing per complaint."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.complaints.factories import make_complaint
from xiaoneng.complaints.importing import complaints_import
from xiaoneng.complaints.models import Complaint, ComplaintEvent, Outcome
from xiaoneng.complaints.workflow import Status

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "complaints-import.jsonl"


def sample_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines()


def test_sample_file_replays_the_whole_lifecycle(handler, org_tree):  # type: ignore[no-untyped-def]
    report = complaints_import(actor=handler, lines=sample_lines())
    assert report.ok, report.errors
    assert (report.complaints_created, report.events_applied) == (2, 11)
    closed = Complaint.objects.get(number="TS2025000101")
    assert closed.status == Status.CLOSED and closed.is_imported
    assert str(closed.received_on) == "2025-03-03" and str(closed.closed_on) == "2025-03-17"
    assert closed.events.get(sequence=4).actor_name == "市场监管局审批科"
    assert Outcome.objects.get(complaint=closed).supervision_ref == ""
    declined = Complaint.objects.get(number="TS2025000102")
    assert declined.status == Status.DECLINED and declined.visitor_count == 2


def test_import_is_idempotent_and_extends(handler, org_tree):  # type: ignore[no-untyped-def]
    lines = sample_lines()
    first = complaints_import(actor=handler, lines=lines[:5])
    assert first.ok and first.events_applied == 5
    again = complaints_import(actor=handler, lines=lines)
    assert again.ok
    assert (again.complaints_created, again.events_applied, again.events_skipped) == (1, 6, 5)
    assert ComplaintEvent.objects.count() == 11
    third = complaints_import(actor=handler, lines=lines)
    assert (third.events_applied, third.events_skipped) == (0, 11)


def _line(**overrides):  # type: ignore[no-untyped-def]
    base = json.loads(sample_lines()[0])
    base.update(overrides)
    return json.dumps(base, ensure_ascii=False)


@pytest.mark.parametrize(
    ("bad", "line_no", "field"),
    [
        ("{not json", 3, "line"),
        (
            json.dumps(
                {
                    "number": "TS2025000101",
                    "sequence": 3,
                    "event": "teleported",
                    "occurred_at": "2025-03-03T10:30:00+08:00",
                }
            ),
            3,
            "event",
        ),
        (
            json.dumps(
                {
                    "number": "TS2025000101",
                    "sequence": 3,
                    "event": "transferred",
                    "occurred_at": "yesterday",
                }
            ),
            3,
            "occurred_at",
        ),
        (
            json.dumps(
                {
                    "number": "TS2025000101",
                    "sequence": 3,
                    "event": "concluded",
                    "occurred_at": "2025-03-03T10:30:00+08:00",
                    "data": {"conclusion": "founded"},
                }
            ),
            3,
            "status",
        ),
    ],
)
def test_bad_line_rolls_back_its_complaint_only(bad, line_no, field, handler, org_tree):  # type: ignore[no-untyped-def]
    lines = sample_lines()
    mixed = [*lines[:2], bad, *lines[9:]]
    report = complaints_import(actor=handler, lines=mixed)
    assert not report.ok
    assert [(e.line, e.field) for e in report.errors] == [(line_no, field)]
    if field != "line":
        assert not Complaint.objects.filter(number="TS2025000101").exists()
    assert Complaint.objects.filter(number="TS2025000102").exists()


def test_unknown_unit_is_reported_with_its_line(handler, org_tree):  # type: ignore[no-untyped-def]
    line = _line(data={**json.loads(sample_lines()[0])["data"], "unit": "不存在的局"})
    report = complaints_import(actor=handler, lines=[line])
    assert [(e.line, e.field) for e in report.errors] == [(1, "data.unit")]
    assert "不存在的局" in report.errors[0].reason
    assert Complaint.objects.count() == 0


def test_first_event_must_register(handler, org_tree):  # type: ignore[no-untyped-def]
    report = complaints_import(actor=handler, lines=sample_lines()[1:2])
    assert [(e.line, e.field) for e in report.errors] == [(1, "event")]


def test_command_imports_the_sample_and_reports_bad_lines(handler, org_tree, tmp_path):  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("import-complaints", str(SAMPLE), "--user", handler.username, stdout=out)
    assert "complaints created: 2" in out.getvalue() or "新建投诉：2" in out.getvalue()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("import-complaints", str(bad), stdout=StringIO(), stderr=err)
    assert "1" in err.getvalue()


def test_command_refuses_missing_file_and_unknown_user(handler):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="file"):
        call_command("import-complaints", "/nonexistent.jsonl")
    with pytest.raises(CommandError, match="--user"):
        call_command("import-complaints", str(SAMPLE), "--user", "nobody")


def test_live_numbers_skip_imported_ones(handler, org_tree):  # type: ignore[no-untyped-def]
    line = _line(number="TS2026000001", occurred_at="2026-01-05T09:00:00+08:00")
    assert complaints_import(actor=handler, lines=[line]).ok
    live = make_complaint(handler=handler, unit=org_tree.department)
    assert live.number != "TS2026000001"
