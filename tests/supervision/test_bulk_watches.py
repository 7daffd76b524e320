"""The bulk import's set-based watches equal what the per-case refresh builds."""

from __future__ import annotations

import json
from datetime import date

from tests.cases.factories import make_item
from xiaoneng.cases.importing import import_lines
from xiaoneng.cases.models import Case
from xiaoneng.cases.synth import catalog_items, generate
from xiaoneng.catalog.models import HandlingType
from xiaoneng.supervision.clock import watch_refresh
from xiaoneng.supervision.models import CaseWatch, OpinionWatch, SupervisionSettings, WatchPause


def _snapshot() -> dict[str, list[tuple]]:
    watches = sorted(
        tuple(v for k, v in row.items() if k not in {"id", "refreshed_at"})
        for row in CaseWatch.objects.values()
    )
    pauses = sorted(
        (
            p.watch.case_id,
            p.started_on,
            p.ended_on,
            p.start_position,
            p.end_position,
            p.counts_for_committed,
            p.counts_for_legal,
        )
        for p in WatchPause.objects.select_related("watch")
    )
    opinions = sorted(
        (
            o.watch.case_id,
            o.opinion_id,
            o.department_id,
            o.requested_on,
            o.due_on,
            o.yellow_on,
            o.given_on,
        )
        for o in OpinionWatch.objects.select_related("watch")
    )
    return {"watches": watches, "pauses": pauses, "opinions": opinions}


def test_bulk_loaded_watches_equal_the_per_case_refresh(org_tree):
    agency, co = org_tree.department, org_tree.other_department
    make_item(agency, handling_type=HandlingType.IMMEDIATE, legal=3)
    make_item(agency, committed=10, legal=45, co_departments=(co,))
    make_item(agency, committed=8, forward_to_level=2)
    make_item(agency, committed=5, has_fee=True)
    lines = [
        json.dumps(x, ensure_ascii=False)
        for x in generate(
            cases=150, seed=7, items=catalog_items(), until=date(2026, 11, 20), prefix="BW"
        )
    ]
    report = import_lines(lines, actor=None, fast=True)
    assert not report.rejected
    bulk = _snapshot()
    assert len(bulk["watches"]) > 100 and bulk["pauses"] and bulk["opinions"]
    defaults = SupervisionSettings.current()
    for case in Case.objects.select_related("agency", "item_version__item"):
        watch_refresh(case, defaults=defaults)
    assert _snapshot() == bulk
