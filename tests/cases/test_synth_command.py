"""`xiaoneng synth`: generates a year over the catalog and imports it, by the bulk path or
(--through-services) one event at a time; --output only writes the lines."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from tests.cases.factories import make_item
from xiaoneng.cases import importing
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.cases.signals import case_event_recorded, cases_bulk_loaded
from xiaoneng.catalog.models import HandlingType


@pytest.fixture
def catalog(desk):  # type: ignore[no-untyped-def]
    make_item(desk.agency, handling_type=HandlingType.IMMEDIATE, legal=3)
    make_item(desk.agency, committed=5)


def run(*args: str) -> tuple[list[int], list[int]]:
    """Run synth; return (case ids per bulk batch, one entry per per-event signal)."""
    batches: list[int] = []
    events: list[int] = []
    cases_bulk_loaded.connect(
        lambda sender, case_ids, **kw: batches.append(len(case_ids)),
        weak=False,
        dispatch_uid="synth-test-bulk",
    )
    case_event_recorded.connect(
        lambda sender, **kw: events.append(1), weak=False, dispatch_uid="synth-test-event"
    )
    try:
        call_command("synth", *args, stdout=io.StringIO())
    finally:
        cases_bulk_loaded.disconnect(dispatch_uid="synth-test-bulk")
        case_event_recorded.disconnect(dispatch_uid="synth-test-event")
    return batches, events


@pytest.mark.parametrize(
    ("flags", "bulk"),
    [([], True), (["--through-services"], False)],
    ids=["bulk", "through-services"],
)
def test_synth_imports_by_the_path_asked_for(catalog, flags, bulk) -> None:  # type: ignore[no-untyped-def]
    batches, events = run("--cases", "25", "--seed", "3", "--until", "2026-06-30", *flags)
    assert Case.objects.count() == 25
    stored = CaseEvent.objects.count()
    assert stored >= 25
    if bulk:
        assert sum(batches) == 25 and len(batches) <= importing.REPLAY_PROCESSES
        assert events == []
    else:
        assert batches == [] and len(events) == stored


def test_synth_output_only_writes_lines(catalog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "year.jsonl"
    run("--cases", "10", "--until", "2026-06-30", "--output", str(target))
    lines = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert {x["case"] for x in lines} and len({x["case"] for x in lines}) == 10
    assert all(date.fromisoformat(x["occurred_at"][:10]) <= date(2026, 6, 30) for x in lines)
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cases", "0"], "--cases"),
        (["--cases", "5", "--days", "0"], "--days"),
        (["--cases", "5", "--until", "2026-13-01"], "--until"),
    ],
)
def test_synth_bad_arguments_name_the_argument(catalog, args, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match=message):
        call_command("synth", *args)
