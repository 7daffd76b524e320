"""The demo cases and the documented import sample work against the demo catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from xiaoneng.cases import demo as cases_demo
from xiaoneng.cases.importing import import_lines
from xiaoneng.cases.models import Case
from xiaoneng.catalog import demo as catalog_demo
from xiaoneng.core import demo as core_demo

SAMPLE = Path(__file__).resolve().parents[2] / "docs/samples/cases-import.jsonl"


@pytest.fixture
def demo_city(db):  # type: ignore[no-untyped-def]
    context = core_demo.build()
    catalog_demo.build(context)
    return context


def test_sample_file_imports_cleanly_and_idempotently(demo_city) -> None:  # type: ignore[no-untyped-def]
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    report = import_lines(lines, actor=None)
    assert report.rejected == []
    assert report.applied_cases == 3
    again = import_lines(lines, actor=None)
    assert (again.applied_events, again.skipped_events) == (0, len(lines))
    statuses = dict(Case.objects.filter(number__startswith="HIST").values_list("number", "status"))
    assert statuses == {
        "HIST-2025-000001": "closed",
        "HIST-2025-000002": "delivered",
        "HIST-2025-000003": "refused",
    }


def test_demo_cases_in_many_states(demo_city) -> None:  # type: ignore[no-untyped-def]
    cases_demo.build(demo_city)
    assert Case.objects.count() >= cases_demo.DEMO_CASES
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"submitted", "supplement_requested", "in_review", "closed", "refused"} <= statuses
