"""A synthetic year imported through the bulk path (one `cases_bulk_loaded` per batch, the
set-based receiver) leaves exactly the supervision state that the same year imported event by
event (the services, `case_event_recorded` after each event) leaves: the watches, their pauses
and opinions, and the rule breaches, compared row for row by case number."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from tests.cases.factories import make_item
from xiaoneng.cases.importing import import_lines
from xiaoneng.cases.models import Case, JointOpinion, ProcessStepRecord
from xiaoneng.cases.synth import catalog_items, generate
from xiaoneng.catalog.models import HandlingType
from xiaoneng.supervision.models import CaseWatch, OpinionWatch, RuleBreach, WatchPause

pytestmark = pytest.mark.django_db

#: Row identities (ids, the case's id and number) and the times a row was written differ
#: between the two imports by construction; everything else must be equal.
WATCH_SKIPPED = {"case_id", "case_number", "refreshed_at"}
PAUSE_COLUMNS = (
    "started_on",
    "ended_on",
    "start_position",
    "end_position",
    "counts_for_committed",
    "counts_for_legal",
    "counts_for_committed_unextended",
    "counts_for_legal_unextended",
)
OPINION_COLUMNS = ("department_id", "requested_on", "due_on", "yellow_on", "given_on")
BREACH_COLUMNS = (
    "rule",
    "ref",
    "unit_id",
    "person_id",
    "person_name",
    "occurred_at",
    "detail",
    "is_imported",
)


def _state(prefix: str) -> dict[str, list[tuple[Any, ...]]]:
    """The supervision rows of the cases numbered `prefix…`, keyed by the number's rest."""

    def key(number: str) -> str:
        return number[len(prefix) :]

    # a breach of a step or an opinion names its row ("step:<id>"): compared by the row's
    # place among the case's rows of that kind instead
    places: dict[str, int] = {}
    for kind, model in (("step", ProcessStepRecord), ("opinion", JointOpinion)):
        seen: dict[int, int] = {}
        rows = model.objects.filter(case__number__startswith=prefix).order_by("case_id", "pk")
        for case_id, pk in rows.values_list("case_id", "pk"):
            seen[case_id] = seen.get(case_id, -1) + 1
            places[f"{kind}:{pk}"] = seen[case_id]

    def ref(text: str) -> str:
        return f"{text.split(':')[0]}#{places[text]}" if text in places else text

    watches = CaseWatch.objects.filter(case__number__startswith=prefix)
    return {
        "watches": sorted(
            (key(row["case_number"]), *(v for k, v in row.items() if k not in WATCH_SKIPPED))
            for row in watches.values()
        ),
        "pauses": sorted(
            (key(number), *rest)
            for number, *rest in WatchPause.objects.filter(
                watch__case__number__startswith=prefix
            ).values_list("watch__case_number", *PAUSE_COLUMNS)
        ),
        "opinions": sorted(
            (key(number), *rest)
            for number, *rest in OpinionWatch.objects.filter(
                watch__case__number__startswith=prefix
            ).values_list("watch__case_number", *OPINION_COLUMNS)
        ),
        "breaches": sorted(
            (key(number), rule, ref(text), *rest)
            for number, rule, text, *rest in RuleBreach.objects.filter(
                case__number__startswith=prefix
            ).values_list("case_number", *BREACH_COLUMNS)
        ),
    }


@pytest.mark.parametrize(
    ("cases", "seed", "until"),
    [
        (80, 5, date(2026, 6, 30)),  # a year up to mid-2026
        (120, 11, date(2025, 12, 31)),  # another year, other outcomes
    ],
)
def test_bulk_receiver_state_equals_per_event_state(org_tree, cases, seed, until):
    agency, co = org_tree.department, org_tree.other_department
    make_item(agency, handling_type=HandlingType.IMMEDIATE, legal=3)
    make_item(agency, committed=10, legal=45, co_departments=(co,))
    make_item(agency, committed=8, forward_to_level=2)
    make_item(agency, committed=5, has_fee=True)
    make_item(co, committed=5)
    items = catalog_items()

    def year(prefix: str) -> list[str]:
        return [
            json.dumps(line, ensure_ascii=False)
            for line in generate(cases=cases, seed=seed, items=items, until=until, prefix=prefix)
        ]

    per_event = import_lines(year("EV"), actor=None)
    bulk = import_lines(year("BU"), actor=None, fast=True)
    assert per_event.rejected == [] and bulk.rejected == []
    expected, found = _state("EV"), _state("BU")
    assert len(expected["watches"]) > cases // 2
    assert expected["pauses"] and expected["opinions"]
    assert len({row[1] for row in expected["breaches"]}) >= 3, "the year breaks several rules"
    for part in ("watches", "pauses", "opinions", "breaches"):
        assert found[part] == expected[part], part


def test_the_bulk_receiver_reads_no_column_it_left_out(org_tree, monkeypatch):
    """The receiver loads only BATCH_CASE_FIELDS of each case: a rule reading another column
    would load it case by case (a query per case), which this refuses."""
    agency, co = org_tree.department, org_tree.other_department
    make_item(agency, committed=10, legal=45, co_departments=(co,))
    make_item(agency, committed=5, has_fee=True)
    make_item(co, committed=5)
    items = catalog_items()
    loaded: list[tuple[str, Any]] = []
    original = Case.refresh_from_db

    def refresh(self: Case, *args: Any, **kwargs: Any) -> None:
        loaded.append((self.number, kwargs.get("fields")))
        original(self, *args, **kwargs)

    monkeypatch.setattr(Case, "refresh_from_db", refresh)
    lines = [
        json.dumps(line, ensure_ascii=False)
        for line in generate(cases=60, seed=7, items=items, until=date(2026, 6, 30), prefix="DF")
    ]
    report = import_lines(lines, actor=None, fast=True)
    assert report.rejected == []
    assert CaseWatch.objects.filter(case__number__startswith="DF").exists()
    assert loaded == []
