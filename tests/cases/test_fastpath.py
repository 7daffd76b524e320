"""The bulk import path gives exactly what the services give (every row compared), and the
synthetic generator covers every handling type."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from tests.cases.factories import make_item
from xiaoneng.cases import importing
from xiaoneng.cases.importing import import_lines
from xiaoneng.cases.models import (
    Case,
    CaseEvent,
    CasePause,
    JointOpinion,
    ProcessStepRecord,
    RefusalFiling,
)
from xiaoneng.cases.signals import case_event_recorded, cases_bulk_loaded
from xiaoneng.cases.synth import catalog_items, generate
from xiaoneng.catalog.models import HandlingType

CASE_FIELDS = [
    "item_version_id",
    "agency_id",
    "channel",
    "status",
    "handling_type",
    "is_joint",
    "is_forwarded",
    "is_green_channel",
    "title",
    "received_at",
    "supplemented_at",
    "accepted_on",
    "is_deemed_accepted",
    "committed_limit_days",
    "legal_limit_days",
    "extension_days",
    "paused_workdays",
    "is_paused",
    "committed_due_on",
    "legal_due_on",
    "is_deadline_provisional",
    "decided_on",
    "delivery_due_on",
    "delivered_on",
    "closed_at",
    "forwarded_on",
    "forward_replied_on",
    "fee_charged",
    "last_sequence",
    "last_event_at",
    "applicant__id_number",
]


@pytest.fixture
def catalog(desk):  # type: ignore[no-untyped-def]
    make_item(desk.agency, handling_type=HandlingType.IMMEDIATE, legal=3)
    make_item(desk.agency, committed=10, legal=45, co_departments=(desk.co_department,))
    make_item(desk.agency, committed=8, forward_to_level=2)
    make_item(desk.agency, committed=5, has_fee=True)
    return catalog_items()


def lines(items, prefix: str, cases: int = 150) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        json.dumps(line, ensure_ascii=False)
        for line in generate(
            cases=cases, seed=5, items=items, until=date(2026, 6, 30), prefix=prefix
        )
    ]


def snapshot(prefix: str) -> list[tuple]:  # type: ignore[type-arg]
    rows = []
    for case in Case.objects.filter(number__startswith=prefix).order_by("number"):
        values = Case.objects.filter(pk=case.pk).values(*CASE_FIELDS).get()
        events = list(
            CaseEvent.objects.filter(case=case)
            .order_by("sequence")
            .values_list(
                "sequence",
                "kind",
                "occurred_at",
                "actor_name",
                "reason",
                "payload",
                "import_sequence",
                "is_imported",
            )
        )
        pauses = list(
            CasePause.objects.filter(case=case).values_list(
                "kind", "started_on", "ended_on", "reason", "expected_workdays"
            )
        )
        opinions = list(
            JointOpinion.objects.filter(case=case).values_list(
                "department_id", "requested_on", "due_on", "given_on", "opinion", "agrees"
            )
        )
        steps = list(
            ProcessStepRecord.objects.filter(case=case)
            .order_by("id")
            .values_list("step_id", "started_on", "due_on", "finished_on")
        )
        filings = list(
            RefusalFiling.objects.filter(case=case).values_list(
                "kind", "filed_at", "reason", "legal_basis", "event__sequence"
            )
        )
        rows.append((case.number[len(prefix) :], values, events, pauses, opinions, steps, filings))
    return rows


def test_bulk_path_equals_services(catalog) -> None:  # type: ignore[no-untyped-def]
    slow = import_lines(lines(catalog, "SL", 70), actor=None)
    fast = import_lines(lines(catalog, "FA", 70), actor=None, fast=True)
    assert slow.rejected == [] and fast.rejected == []
    assert (slow.applied_cases, slow.applied_events) == (fast.applied_cases, fast.applied_events)
    a, b = snapshot("SL"), snapshot("FA")
    assert len(a) == 70
    kinds = {e[1] for row in a for e in row[2]}
    assert {"approved", "deemed_accepted", "supplement_requested", "opinion_given"} <= kinds
    for left, right in zip(a, b, strict=True):
        assert left == right


def test_bulk_path_signals_once_per_batch(catalog) -> None:  # type: ignore[no-untyped-def]
    batches, events = [], []
    cases_bulk_loaded.connect(
        lambda sender, case_ids, **kw: batches.append(case_ids), weak=False, dispatch_uid="t1"
    )
    case_event_recorded.connect(
        lambda sender, **kw: events.append(1), weak=False, dispatch_uid="t2"
    )
    try:
        report = import_lines(lines(catalog, "SG", 20), actor=None, fast=True)
    finally:
        cases_bulk_loaded.disconnect(dispatch_uid="t1")
        case_event_recorded.disconnect(dispatch_uid="t2")
    # one batch per replay process for so few cases (each takes its share of the cases)
    assert 1 <= len(batches) <= importing.REPLAY_PROCESSES
    assert sum(len(b) for b in batches) == report.applied_cases == 20
    assert events == []


def test_bulk_path_falls_back_and_reports_like_services(catalog) -> None:  # type: ignore[no-untyped-def]
    rows = [json.loads(x) for x in lines(catalog, "FB", 3)]
    rows[1]["kind"] = "closed"  # out of order: the services reject it
    report = import_lines([json.dumps(r, ensure_ascii=False) for r in rows], actor=None, fast=True)
    assert any(r.line == 2 and r.field == "status" for r in report.rejected)
    assert report.applied_cases == 2


def test_synthetic_year_covers_the_lifecycle(catalog) -> None:  # type: ignore[no-untyped-def]
    report = import_lines(lines(catalog, "SY", 400), actor=None, fast=True)
    assert report.rejected == []
    kinds = Counter(CaseEvent.objects.values_list("kind", flat=True))
    for kind in (
        "refused",
        "supplement_requested",
        "deemed_accepted",
        "approved",
        "denied",
        "special_procedure_started",
        "extended",
        "opinion_given",
        "forwarded",
        "delivered",
        "closed",
        "withdrawn",
    ):
        assert kinds[kind] > 0, kind
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"closed", "refused", "withdrawn"} <= statuses
    late = CaseEvent.objects.filter(payload__breach="decided_after_committed_deadline").count()
    assert late > 0
