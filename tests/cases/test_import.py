"""Historical import (JSON Lines): replay through the services, idempotent, whole cases,
every rejected line reported."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from xiaoneng.cases.importing import import_lines
from xiaoneng.cases.models import Case, CaseEvent, RefusalFiling
from xiaoneng.cases.workflow import EventKind, Status
from xiaoneng.core.errors import NotPermitted

D = date.fromisoformat
APPLICANT = {"kind": "natural", "name": "张三", "id_number": "11010519491231002X"}


def lines_for(desk, number: str = "LEGACY-1", **overrides) -> list[dict]:  # type: ignore[no-untyped-def]
    code = desk.item.item.implementation_code
    rows = [
        {
            "case": number,
            "sequence": 1,
            "item": code,
            "item_version": 1,
            "kind": "submitted",
            "occurred_at": "2025-09-01T09:00:00+08:00",
            "actor": "王窗口",
            "channel": "window",
            "applicant": APPLICANT,
        },
        {
            "case": number,
            "sequence": 2,
            "kind": "accepted",
            "occurred_at": "2025-09-01T10:00:00+08:00",
            "actor": "王窗口",
        },
        {
            "case": number,
            "sequence": 3,
            "kind": "review_started",
            "occurred_at": "2025-09-02T10:00:00+08:00",
            "actor": "李审查",
        },
        {
            "case": number,
            "sequence": 4,
            "kind": "approved",
            "occurred_at": "2025-09-05T10:00:00+08:00",
            "actor": "李审查",
        },
        {
            "case": number,
            "sequence": 5,
            "kind": "delivered",
            "occurred_at": "2025-09-08T10:00:00+08:00",
            "actor": "王窗口",
        },
    ]
    return rows


def dump(rows: list[dict]) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in rows]


def test_import_replays_through_services(desk) -> None:  # type: ignore[no-untyped-def]
    result = import_lines(dump(lines_for(desk)), actor=None)
    assert result.rejected == []
    assert (result.applied_cases, result.applied_events) == (1, 5)
    case = Case.objects.get(number="LEGACY-1")
    assert case.status == Status.DELIVERED
    assert case.committed_due_on == D("2025-09-08")
    assert case.delivered_on == D("2025-09-08")
    assert list(case.events.values_list("import_sequence", flat=True)) == [1, 2, 3, 4, 5]
    assert all(case.events.values_list("is_imported", flat=True))


def test_import_is_idempotent_and_appends_new_events(desk) -> None:  # type: ignore[no-untyped-def]
    rows = lines_for(desk)
    import_lines(dump(rows[:3]), actor=None)
    again = import_lines(dump(rows), actor=None)
    assert again.rejected == []
    assert (again.skipped_events, again.applied_events) == (3, 2)
    third = import_lines(dump(rows), actor=None)
    assert (third.skipped_events, third.applied_events) == (5, 0)
    assert CaseEvent.objects.filter(case__number="LEGACY-1").count() == 5


def test_late_acceptance_is_deemed_like_live_cases(desk) -> None:  # type: ignore[no-untyped-def]
    rows = lines_for(desk)[:2]
    rows[1]["occurred_at"] = "2025-09-15T10:00:00+08:00"
    import_lines(dump(rows), actor=None)
    case = Case.objects.get(number="LEGACY-1")
    assert case.accepted_on == D("2025-09-01")
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [EventKind.SUBMITTED, EventKind.DEEMED_ACCEPTED]


def test_imported_refusal_is_filed(desk) -> None:  # type: ignore[no-untyped-def]
    rows = lines_for(desk)[:1] + [
        {
            "case": "LEGACY-1",
            "sequence": 2,
            "kind": "refused",
            "actor": "王窗口",
            "occurred_at": "2025-09-01T11:00:00+08:00",
            "reason": "不属于受理范围",
            "legal_basis": "行政许可法第三十二条",
        }
    ]
    result = import_lines(dump(rows), actor=None)
    assert result.rejected == []
    assert RefusalFiling.objects.filter(case__number="LEGACY-1").count() == 1


@pytest.mark.parametrize(
    ("line", "field", "fragment"),
    [
        ("{not json", "", "JSON"),
        ('["a"]', "", "object"),
        ('{"case": "X", "sequence": 1, "kind": "submitted"}', "occurred_at", "required"),
        (
            '{"case": "X", "sequence": 0, "kind": "accepted", "occurred_at": "2025-09-01T10:00:00+08:00"}',
            "sequence",
            "positive",
        ),
        (
            '{"case": "X", "sequence": 1, "kind": "partied", "occurred_at": "2025-09-01T10:00:00+08:00"}',
            "kind",
            "Unknown",
        ),
        (
            '{"case": "X", "sequence": 1, "kind": "accepted", "occurred_at": "2025-09-01T10:00:00"}',
            "occurred_at",
            "time zone",
        ),
        (
            '{"case": "X", "sequence": 1, "kind": "meeting_recorded", "occurred_at": "2025-09-01T10:00:00+08:00"}',
            "kind",
            "derived",
        ),
        (
            '{"case": "X", "sequence": 1, "kind": "accepted", "occurred_at": "2025-09-01T10:00:00+08:00"}',
            "kind",
            "starts with",
        ),
    ],
)
def test_malformed_lines_are_rejected_with_reason(desk, line, field, fragment) -> None:  # type: ignore[no-untyped-def]
    result = import_lines([line], actor=None)
    assert len(result.rejected) == 1
    rejected = result.rejected[0]
    assert rejected.line == 1
    assert rejected.field == field
    assert fragment.lower() in rejected.reason.lower()
    assert not Case.objects.exists()


def test_a_case_is_imported_whole_or_not_at_all(desk) -> None:  # type: ignore[no-untyped-def]
    good = lines_for(desk, "GOOD-1")
    bad = lines_for(desk, "BAD-1")
    bad[3] = {**bad[3], "kind": "denied"}  # no reason, legal basis or remedies
    result = import_lines(dump(good + bad), actor=None)
    assert result.applied_cases == 1
    assert Case.objects.filter(number="GOOD-1").exists()
    assert not Case.objects.filter(number="BAD-1").exists()
    by_line = {r.line: r for r in result.rejected}
    assert by_line[9].field == "reason"
    assert set(by_line) == {6, 7, 8, 9, 10}
    assert "line 9" in by_line[10].reason


def test_transition_out_of_order_is_rejected(desk) -> None:  # type: ignore[no-untyped-def]
    rows = lines_for(desk)
    rows[1], rows[3] = {**rows[3], "sequence": 2}, {**rows[1], "sequence": 4}
    result = import_lines(dump(rows), actor=None)
    assert result.rejected[1].field == "status"
    assert "not allowed" in result.rejected[1].reason
    assert not Case.objects.exists()


def test_sequence_gap_is_rejected(desk) -> None:  # type: ignore[no-untyped-def]
    rows = lines_for(desk)
    del rows[2]
    result = import_lines(dump(rows), actor=None)
    assert any(r.field == "sequence" and "expected 3" in r.reason for r in result.rejected)


def test_import_needs_the_import_permission(desk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotPermitted):
        import_lines(dump(lines_for(desk)), actor=desk.reviewer)
    result = import_lines(dump(lines_for(desk)), actor=desk.coordinator)
    assert result.applied_cases == 1


def test_command_reports_rejected_lines(desk, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(dump(lines_for(desk)) + ["{oops"]), encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import-cases", str(path))
    out = capsys.readouterr().out
    assert "applied cases: 1" in out
    assert "line 6" in out
    with pytest.raises(CommandError, match="no such file"):
        call_command("import-cases", str(tmp_path / "missing.jsonl"))
