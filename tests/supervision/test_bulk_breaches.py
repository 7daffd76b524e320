"""Breach detection per batch (`breaches_for_batch`, the bulk import's receiver) records exactly
what checking each event on its own (`detect_for_event`, the per-event signal) records, on a
synthetic year of cases: same rows, same responsible person, same time and wording."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.supervision.factories import make_version
from xiaoneng.cases.importing import import_lines
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.cases.synth import catalog_items, generate
from xiaoneng.supervision.breaches import breaches_for_batch, detect_for_event
from xiaoneng.supervision.models import RuleBreach

pytestmark = pytest.mark.django_db

COLUMNS = (
    "case_id",
    "rule",
    "ref",
    "unit_id",
    "person_id",
    "person_name",
    "occurred_at",
    "detail",
    "is_imported",
)


def _recorded() -> set[tuple[object, ...]]:
    return set(RuleBreach.objects.values_list(*COLUMNS))


@pytest.mark.parametrize(
    ("cases", "seed"),
    [
        (60, 3),  # a small year
        (150, 11),  # a larger one, over more items and outcomes
    ],
)
def test_batch_detection_equals_per_event_detection(org_tree, cases, seed):
    make_version(org_tree.department, committed=5, legal=20)
    make_version(org_tree.other_department, committed=10, legal=30, has_fee=True)
    lines = generate(
        cases=cases, seed=seed, items=catalog_items(), until=date(2025, 12, 31), prefix="YR"
    )
    import_lines((json.dumps(line, ensure_ascii=False) for line in lines), actor=None, fast=True)
    batch = _recorded()
    assert len({rule for _case, rule, *_rest in batch}) >= 2, "the year breaks several rules"

    RuleBreach.objects.all().delete()
    for event in CaseEvent.objects.select_related(
        "case__agency", "case__item_version__item"
    ).order_by("case_id", "sequence"):
        detect_for_event(event.case, event)
    assert _recorded() == batch


def test_batch_detection_reads_a_fixed_number_of_queries(org_tree, django_assert_max_num_queries):
    make_version(org_tree.department, committed=5, legal=20)
    lines = generate(cases=80, seed=5, items=catalog_items(), until=date(2025, 12, 31))
    import_lines((json.dumps(line, ensure_ascii=False) for line in lines), actor=None, fast=True)
    cases = list(Case.objects.select_related("agency", "item_version__item"))
    with django_assert_max_num_queries(4):  # settings, late steps, late opinions, events
        breaches_for_batch(cases)
