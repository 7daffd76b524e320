"""`in_ids` selects exactly the rows of `field__in=ids` (a range only when the ids are
consecutive), and `unindexed` keeps a batch's event query on the case index (core/id_sets.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q

from tests.factories import OrganizationFactory
from xiaoneng.cases.models import CaseEvent
from xiaoneng.core.id_sets import in_ids, unindexed
from xiaoneng.core.models import Organization

# (name, positions into six consecutive rows, expected kind of condition)
CASES = [
    ("empty", [], "in"),
    ("one", [2], "range"),
    ("consecutive", [1, 2, 3, 4], "range"),
    ("consecutive, unsorted with repeats", [4, 2, 3, 3, 1], "range"),
    ("with a gap", [0, 1, 3], "in"),
    ("ends only", [0, 5], "in"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "positions", "kind"), CASES, ids=[c[0] for c in CASES])
def test_in_ids_selects_the_same_rows_as_in(name, positions, kind):
    rows = [OrganizationFactory() for _ in range(6)]
    ids = [rows[i].pk for i in positions]
    expected = set(Organization.objects.filter(pk__in=ids).values_list("pk", flat=True))
    condition = in_ids("pk", ids)
    got = set(Organization.objects.filter(condition).values_list("pk", flat=True))
    assert got == expected == set(ids)
    lookups = {key.split("__")[-1] for key, _value in condition.children}
    assert lookups == ({"gte", "lte"} if kind == "range" else {"in"})


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan of SQLite without statistics")
def test_the_kind_through_an_expression_leaves_the_case_index_to_the_planner():
    batch = in_ids("case_id", range(1000, 3000))
    plain = CaseEvent.objects.filter(batch & Q(kind__in=["approved", "refused"]))
    steered = CaseEvent.objects.alias(kind_text=unindexed("kind")).filter(
        batch & Q(kind_text__in=["approved", "refused"])
    )
    assert "case_event_kind_at" in plain.explain()  # why the expression is there
    plan = steered.explain()
    assert "case_event_kind_at" not in plan
    assert "case_id>? AND case_id<?" in plan
