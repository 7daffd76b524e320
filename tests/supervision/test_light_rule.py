"""The light rule in Python (light_rule.py) against its reference, the SQL of `with_lights`,
and the summaries that use it against the same summaries counted in SQL.

Calendar of 2025 as in test_lights.py (National Day 10-01…10-08, make-up working days Sunday
09-28 and Saturday 10-11). Each case is accepted Monday 2025-09-01; with committed 5 WD and
legal 20 WD it is due Monday 09-08 (legal: the make-up Sunday 09-28). Every day from before
its acceptance to well after its legal deadline is compared, so that each pause is seen
before it begins, while it runs and after it ends, and each extension before and after the
day it was granted.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.supervision.factories import make_case, make_version
from xiaoneng.supervision import lights
from xiaoneng.supervision.clock import position
from xiaoneng.supervision.light_rule import PauseFacts, WatchFacts, light_from_facts
from xiaoneng.supervision.lights import (
    light_counts_by,
    light_summaries,
    light_summary,
    open_at,
    with_lights,
)
from xiaoneng.supervision.models import CaseWatch, WatchPause

pytestmark = pytest.mark.django_db
D = date.fromisoformat
ACCEPTED = D("2025-09-01")
DAYS = [D("2025-08-29") + timedelta(days=n) for n in range(0, 75)]  # to 2025-11-11

# id, item (committed, legal, handling type), the case's facts, and the lights that must be
# seen over DAYS (so that the table keeps covering what it claims to).
SCENARIOS = [
    ("plain", (5, 20, "promised"), {}, {"green", "yellow", "red", "legal_overdue"}),
    (
        "closed pause before the deadline",
        (5, 20, "promised"),
        {"pauses": ((D("2025-09-03"), D("2025-09-05")),)},
        {"green", "yellow", "red", "legal_overdue"},
    ),
    (
        "closed pause begun in the yellow days",
        (5, 20, "promised"),
        {"pauses": ((D("2025-09-05"), D("2025-09-10")),)},
        {"green", "yellow", "red", "legal_overdue"},
    ),
    (
        # not what watch_refresh stores (a pause begun after the deadline does not move it),
        # but the rule holds for any row: a pause counts from the day after it began
        "pause begun on the Saturday after a Friday deadline, stored as moving it",
        (4, 20, "promised"),
        {"pauses": ((D("2025-09-06"), None),), "pause_flags": {"counts_for_committed": True}},
        {"green", "yellow", "red"},
    ),
    (
        "open pause before the deadline",
        (5, 20, "promised"),
        {"pauses": ((D("2025-09-04"), None),)},
        {"green", "yellow"},
    ),
    (
        "open pause after the committed, before the legal deadline",
        (5, 20, "promised"),
        {"pauses": ((D("2025-09-10"), None),)},
        {"green", "yellow", "red"},
    ),
    (
        "closed pause after the committed deadline",
        (5, 20, "promised"),
        {"pauses": ((D("2025-09-10"), D("2025-09-12")),)},
        {"green", "yellow", "red", "legal_overdue"},
    ),
    (
        "two pauses, the second still open",
        (5, 20, "promised"),
        {"pauses": ((D("2025-09-02"), D("2025-09-03")), (D("2025-09-15"), None))},
        {"green", "yellow", "red"},
    ),
    (
        "extension granted on 09-19",
        (5, 20, "promised"),
        {"extension_days": 10, "extended_on": D("2025-09-19")},
        {"green", "yellow", "red", "legal_overdue"},
    ),
    (
        "extension on 09-19 after a pause begun past the unextended deadline",
        (5, 20, "promised"),
        {
            "extension_days": 10,
            "extended_on": D("2025-09-19"),
            "pauses": ((D("2025-09-10"), D("2025-09-12")),),
        },
        {"green", "yellow", "red", "legal_overdue"},
    ),
    (
        # until 09-19 the pause begun on the unextended deadline did not move it: red from
        # 09-09; from then on the extended deadline is moved by it
        "pause begun on the unextended deadline, extension granted on 09-19",
        (5, 20, "promised"),
        {
            "extension_days": 10,
            "extended_on": D("2025-09-19"),
            "pauses": ((D("2025-09-08"), D("2025-09-10")),),
        },
        {"green", "yellow", "red", "legal_overdue"},
    ),
    (
        # the same for the legal deadline (the make-up Sunday 09-28): legally overdue from
        # 09-29 until the extension of 10-13, then frozen by the open pause
        "pause begun on the unextended legal deadline, extension granted on 10-13",
        (5, 20, "promised"),
        {
            "extension_days": 10,
            "extended_on": D("2025-10-13"),
            "pauses": ((D("2025-09-28"), None),),
        },
        {"green", "yellow", "red", "legal_overdue"},
    ),
    (
        "extension on 09-05 with an open pause from 09-22",
        (5, 20, "promised"),
        {
            "extension_days": 10,
            "extended_on": D("2025-09-05"),
            "pauses": ((D("2025-09-22"), None),),
        },
        {"green", "yellow", "red"},
    ),
    (
        "provisional deadline with a closed pause",
        (5, 20, "promised"),
        {"is_deadline_provisional": True, "pauses": ((D("2025-09-03"), D("2025-09-09")),)},
        {"green", "yellow", "red", "legal_overdue"},
    ),
    (
        "immediate item with a pause on its acceptance day",
        (0, 5, "immediate"),
        {"pauses": ((D("2025-09-01"), D("2025-09-03")),)},
        {"yellow", "red", "legal_overdue"},
    ),
    (
        "decided on 09-20 after a pause",
        (5, 20, "promised"),
        {"pauses": ((D("2025-09-03"), D("2025-09-05")),), "decided_on": D("2025-09-20")},
        {"green", "yellow", "red"},
    ),
]


def make_scenario_case(version, facts):  # type: ignore[no-untyped-def]
    """The scenario's case; `pause_flags` overwrite the stored flags of its pauses."""
    facts = dict(facts)
    flags = facts.pop("pause_flags", None)
    case = make_case(version, accepted_on=ACCEPTED, **facts)
    if flags:
        WatchPause.objects.filter(watch_id=case.pk).update(**flags)
    return case


def facts_of(watch: CaseWatch) -> WatchFacts:
    """The facts `light_from_facts` reads, from the model (the summaries read them as values)."""
    return WatchFacts(
        *(getattr(watch, name) for name in WatchFacts._fields if name != "pauses"),
        pauses=tuple(
            PauseFacts(*(getattr(pause, name) for name in PauseFacts._fields))
            for pause in watch.pauses.all()
        ),
    )


def sql_lights(day: date) -> dict[int, tuple[str, bool]]:
    rows = with_lights(open_at(CaseWatch.objects.all(), day), day).values_list(
        "pk",
        "light",  # type: ignore[misc]  # annotated
        "is_legal_overdue",
    )
    return {pk: (light, is_legal_overdue) for pk, light, is_legal_overdue in rows}


@pytest.mark.parametrize(
    ("item", "facts", "seen"),
    [pytest.param(item, facts, seen, id=name) for name, item, facts, seen in SCENARIOS],
)
def test_python_rule_gives_the_sql_light_every_day(org_tree, item, facts, seen) -> None:  # type: ignore[no-untyped-def]
    committed, legal, handling_type = item
    version = make_version(
        org_tree.department, committed=committed, legal=legal, handling_type=handling_type
    )
    case = make_scenario_case(version, facts)
    watch = CaseWatch.objects.get(pk=case.pk)
    assert watch.has_pauses == bool(facts.get("pauses"))
    observed: set[str] = set()
    for day in DAYS:
        expected = sql_lights(day).get(case.pk)
        if expected is None:  # not open that day
            continue
        got = light_from_facts(facts_of(watch), day=day, here=position(day))
        assert got == expected, day
        observed |= {expected[0], *(["legal_overdue"] if expected[1] else [])}
    assert observed == seen


@pytest.fixture
def every_scenario(org_tree) -> None:  # type: ignore[no-untyped-def]
    """All the cases of SCENARIOS, spread over two agencies and two items per agency."""
    for n, (_name, (committed, legal, handling_type), facts, _seen) in enumerate(SCENARIOS):
        agency = org_tree.department if n % 2 else org_tree.county_department
        version = make_version(
            agency, committed=committed, legal=legal, handling_type=handling_type
        )
        make_scenario_case(version, facts)


GROUPINGS = [
    ("agency_path",),
    ("agency_id", "agency__name"),
    ("item_id", "item_name"),
    ("handling_type", "handling_type"),
]


def test_summaries_lit_in_python_equal_those_counted_in_sql(every_scenario, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def everything() -> list[object]:
        return [
            [light_summary(user=None, as_of=day) for day in DAYS],
            [
                light_counts_by(CaseWatch.objects.all(), day, keys)
                for day in DAYS[::4]
                for keys in GROUPINGS
            ],
            light_summaries(user=None, days=DAYS[::3]),
        ]

    in_python = everything()
    monkeypatch.setattr(lights, "FEW_ROWS", 0)  # any not-plain case → the SQL of with_lights
    in_sql = everything()
    assert in_python == in_sql
    assert sum(s.red for s in in_python[0]) and sum(s.legal_overdue for s in in_python[0])
