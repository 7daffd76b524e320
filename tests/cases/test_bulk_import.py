"""The bulk import's machinery: replay processes, two-pass file reading, deferred indexes,
a batch refused by the database, stored lengths.  Every variant must give exactly what the
services give (the snapshot of tests/cases/test_fastpath.py)."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from tests.cases.test_fastpath import catalog, lines, snapshot  # noqa: F401  (fixture)
from xiaoneng.cases import fastpath, importing
from xiaoneng.cases.importing import import_file, import_lines
from xiaoneng.cases.models import Case, CaseEvent


@pytest.mark.parametrize(
    ("worker", "processes"),
    [(False, 1), (True, 1), (True, 2), (True, 3)],
    ids=["in-process", "one-replay-process", "two-replay-processes", "three"],
)
def test_every_way_of_running_gives_the_services_result(  # type: ignore[no-untyped-def]
    catalog,  # noqa: F811
    monkeypatch,
    worker,
    processes,
) -> None:
    monkeypatch.setattr(importing, "REPLAY_PROCESSES", processes)
    slow = import_lines(lines(catalog, "SL", 60), actor=None)
    fast = import_lines(lines(catalog, "FA", 60), actor=None, fast=True, worker=worker)
    assert slow.rejected == fast.rejected == []
    assert (fast.applied_cases, fast.applied_events) == (slow.applied_cases, slow.applied_events)
    assert snapshot("SL") == snapshot("FA")


def test_a_file_with_cases_interleaved_is_read_in_bounded_passes(  # type: ignore[no-untyped-def]
    catalog,  # noqa: F811
    tmp_path,
) -> None:
    """Lines in time order (cases interleaved) import as the same lines sorted by case."""
    sorted_lines = lines(catalog, "SO", 40)
    mixed = [json.loads(x) for x in lines(catalog, "MX", 40)]
    mixed.sort(key=lambda r: r["occurred_at"])
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in mixed) + "\n\n", encoding="utf-8"
    )
    a = import_lines(sorted_lines, actor=None, fast=True)
    b = import_file(path, actor=None, fast=True)
    assert a.rejected == b.rejected == []
    assert (a.applied_cases, a.applied_events) == (b.applied_cases, b.applied_events)
    assert snapshot("SO") == snapshot("MX")


def test_last_lines_tells_where_each_case_ends() -> None:
    text = [
        '{"case": "A", "sequence": 1}',
        "",
        '{"case": "B", "sequence": 1}',
        "not json",
        '{"case": "A", "sequence": 2}',
        '{"case": 7}',
    ]
    assert importing.last_lines(text) == {"A": 5, "B": 3, "7": 6}


@pytest.mark.parametrize("worker", [False, True], ids=["in-process", "replay-processes"])
def test_malformed_lines_are_reported_once(catalog, worker) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    rows = lines(catalog, "BD", 12)
    rows.insert(3, "{not json")
    rows.insert(7, json.dumps({"case": "BD-X", "sequence": 1, "kind": "nonsense"}))
    report = import_lines(rows, actor=None, fast=True, worker=worker)
    reasons = [(r.line, r.case) for r in report.rejected]
    assert reasons == [(4, ""), (8, "BD-X")]
    assert Case.objects.filter(number__startswith="BD").count() == 12


def test_large_loads_defer_the_random_indexes_and_build_them_again(  # type: ignore[no-untyped-def]
    catalog,  # noqa: F811
    monkeypatch,
) -> None:
    monkeypatch.setattr(fastpath, "LARGE_LOAD", 1)
    seen: list[bool] = []
    original = fastpath.write_batch

    def spy(batch):  # type: ignore[no-untyped-def]
        seen.append("case_event_kind_at" in fastpath._present(CaseEvent))
        return original(batch)

    monkeypatch.setattr(fastpath, "write_batch", spy)
    slow = import_lines(lines(catalog, "SL", 30), actor=None)
    fast = import_lines(lines(catalog, "FA", 30), actor=None, fast=True, worker=False)
    assert seen == [False]  # written while the index was dropped
    assert fast.applied_cases == slow.applied_cases == 30
    for model, names in fastpath.DEFERRED_INDEXES:
        assert set(names) <= fastpath._present(model)
    assert snapshot("SL") == snapshot("FA")


def test_a_stopped_load_gets_its_indexes_back(catalog) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute('DROP INDEX "cases_status_due"')
    assert "cases_status_due" not in fastpath._present(Case)
    assert fastpath.restore_indexes() == ["cases_status_due"]
    assert "cases_status_due" in fastpath._present(Case)
    assert fastpath.restore_indexes() == []


def test_a_batch_the_database_refuses_is_written_case_by_case(  # type: ignore[no-untyped-def]
    catalog,  # noqa: F811
    monkeypatch,
) -> None:
    """A case number entered by someone else after the import looked (here: the look-up is
    made to miss it) is reported; the batch's other cases are written."""
    rows = lines(catalog, "RF", 8)
    first = json.loads(rows[0])
    import_lines([rows[0]], actor=None)  # the number now exists, imported elsewhere
    CaseEvent.objects.filter(case__number=first["case"]).update(import_sequence=None)
    real = fastpath.ids_by_number
    calls = {"n": 0}

    def blind_once(numbers):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return {} if calls["n"] == 1 else real(numbers)

    monkeypatch.setattr(fastpath, "ids_by_number", blind_once)
    report = import_lines(rows, actor=None, fast=True, worker=False)
    refused = [r for r in report.rejected if r.case == first["case"]]
    assert refused and refused[0].field == "case"
    assert "exists" in refused[0].reason
    assert report.applied_cases == 7
    assert Case.objects.filter(number__startswith="RF").count() == 8


@pytest.mark.parametrize(
    ("change", "field", "limit"),
    [
        (lambda r: r.update(case="X" * 41), "case", 40),
        (lambda r: r.update(actor="甲" * 151), "actor", 150),
        (lambda r: r.update(verification_code="1" * 13), "verification_code", 12),
        (lambda r: r["applicant"].update(phone="1" * 21), "applicant_phone", 20),
        (lambda r: r["applicant"].update(name="名" * 201), "applicant_name", 200),
    ],
    ids=["case", "actor", "verification_code", "phone", "name"],
)
@pytest.mark.parametrize("fast", [False, True], ids=["services", "bulk"])
def test_values_longer_than_stored_are_rejected_with_the_field(  # type: ignore[no-untyped-def]
    catalog,  # noqa: F811
    change,
    field,
    limit,
    fast,
) -> None:
    rows = [json.loads(x) for x in lines(catalog, "LN", 1)]
    change(rows[0])
    report = import_lines([json.dumps(r, ensure_ascii=False) for r in rows], actor=None, fast=fast)
    assert report.applied_cases == 0
    assert report.rejected[0].field == field
    assert str(limit) in report.rejected[0].reason  # the stored length is named
    assert Case.objects.count() == 0


def test_resident_ids_are_checked_once_per_number(catalog, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    calls: list[str] = []
    real = importing.checked_id

    def counting(kind, number):  # type: ignore[no-untyped-def]
        calls.append(number)
        return real(kind, number)

    monkeypatch.setattr(importing, "checked_id", counting)
    rows = lines(catalog, "ID", 30)
    report = import_lines(rows, actor=None, fast=True, worker=False)
    assert report.applied_cases == 30
    numbers = {json.loads(x)["applicant"]["id_number"] for x in rows if '"applicant"' in x}
    assert sorted(calls) == sorted(numbers)


@pytest.mark.parametrize("fast", [False, True], ids=["services", "bulk"])
def test_import_file_reports_progress(catalog, tmp_path, monkeypatch, fast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    monkeypatch.setattr(importing, "SLOW_BATCH", 10)
    monkeypatch.setattr(importing, "FAST_BATCH", 10)
    path = tmp_path / "year.jsonl"
    path.write_text("\n".join(lines(catalog, "PG", 40)) + "\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []
    report = import_file(
        path,
        actor=None,
        fast=fast,
        progress=lambda r: seen.append((r.applied_cases, r.applied_events)),
    )
    assert seen, "no progress reported"
    assert seen == sorted(seen)
    assert len(seen) >= 3
    assert seen[-1][0] <= report.applied_cases == 40


def test_import_command_prints_progress_and_the_report(  # type: ignore[no-untyped-def]
    catalog,  # noqa: F811
    tmp_path,
    monkeypatch,
) -> None:
    import io

    from django.core.management import call_command, load_command_class

    path = tmp_path / "year.jsonl"
    path.write_text("\n".join(lines(catalog, "CM", 50)) + "\n", encoding="utf-8")
    command = load_command_class("xiaoneng.cases", "import-cases")
    monkeypatch.setattr(type(command), "progress_seconds", 0.0)
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command(command, str(path), "--fast", stdout=out, stderr=err)
    assert "applied cases: 50" in out.getvalue()
    assert "events/s" in err.getvalue()
    with translation.override("zh-hans"):
        call_command(command, str(path), "--fast", stdout=out, stderr=err)
    assert "已导入" in err.getvalue() or "已导入" in out.getvalue()


@pytest.mark.parametrize(
    "value",
    [
        None,
        "2025-09-28T09:12:00+08:00",
        "2025-12-31T23:59:59.123456+08:00",
        "2026-01-01T00:00:00+00:00",
        "1990-07-01T08:30:00-05:00",
    ],
)
def test_direct_adapters_write_what_the_backend_writes(value) -> None:  # type: ignore[no-untyped-def]
    """The bulk path's own value conversions equal Django's backend adapters exactly."""
    from datetime import datetime

    from django.db import connection

    ops = connection.ops
    at = None if value is None else datetime.fromisoformat(value)
    occurred = CaseEvent._meta.get_field("occurred_at")
    assert fastpath._adapter(occurred)(at) == ops.adapt_datetimefield_value(at)
    day = None if at is None else at.date()
    accepted = Case._meta.get_field("accepted_on")
    assert fastpath._adapter(accepted)(day) == ops.adapt_datefield_value(day)
    payload = CaseEvent._meta.get_field("payload")
    data = {"reason": "材料不全", "days": 5, "ok": True, "at": value, "list": [1, "二"]}
    ours = fastpath._adapter(payload)(data)
    theirs = ops.adapt_json_value(data, payload.encoder)
    assert (
        json.loads(str(ours)) == json.loads(str(theirs))
        if connection.vendor == "sqlite"
        else (
            ours.obj == theirs.obj  # type: ignore[union-attr]
        )
    )


@pytest.mark.django_db
def test_bulk_session_restores_the_connection_settings() -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings")

    def current() -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA cache_size")
            return pages, cursor.fetchone()[0]

    before = current()
    with fastpath.bulk_session():
        assert current() == (fastpath.BULK_CHECKPOINT_PAGES, -fastpath.BULK_CACHE_KIB)
    assert current() == before


@pytest.mark.parametrize("name", [None, "", "   "], ids=["null", "empty", "blank"])
def test_an_applicant_without_a_name_gets_the_same_reason_on_both_paths(  # type: ignore[no-untyped-def]
    catalog,  # noqa: F811
    name,
) -> None:
    def without_name(prefix: str) -> list[str]:
        rows = [json.loads(x) for x in lines(catalog, prefix, 1)]
        rows[0]["applicant"]["name"] = name
        return [json.dumps(r, ensure_ascii=False) for r in rows]

    slow = import_lines(without_name("N1"), actor=None)
    fast = import_lines(without_name("N2"), actor=None, fast=True, worker=False)
    assert slow.applied_cases == fast.applied_cases == 0
    assert [(r.line, r.field, r.reason) for r in slow.rejected] == [
        (r.line, r.field, r.reason) for r in fast.rejected
    ]
    assert slow.rejected[0].field == "applicant_name"
