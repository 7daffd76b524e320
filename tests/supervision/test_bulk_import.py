"""The bulk import path (cases_bulk_loaded) gives the same watches and breaches as events."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.supervision.factories import make_version
from xiaoneng.cases.importing import import_lines
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.cases.synth import catalog_items, generate
from xiaoneng.supervision.breaches import detect_for_event
from xiaoneng.supervision.models import CaseWatch, RuleBreach

pytestmark = pytest.mark.django_db


def test_bulk_loaded_cases_are_watched_and_checked(org_tree):
    make_version(org_tree.department, committed=5, legal=20)
    make_version(org_tree.other_department, committed=10, legal=30, has_fee=True)
    lines = generate(
        cases=40, seed=7, items=catalog_items(), until=date(2025, 12, 1), days=90, prefix="BK"
    )
    import_lines((json.dumps(line, ensure_ascii=False) for line in lines), actor=None, fast=True)
    accepted = Case.objects.filter(accepted_on__isnull=False)
    assert accepted.exists()
    assert set(CaseWatch.objects.values_list("pk", flat=True)) == set(
        accepted.values_list("pk", flat=True)
    )
    found = RuleBreach.objects.count()
    # checking every event again finds nothing new: the bulk receiver saw them all
    for event in CaseEvent.objects.select_related("case__item_version"):
        assert detect_for_event(event.case, event) == 0
    assert RuleBreach.objects.count() == found
