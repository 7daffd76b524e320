"""An imported history keeps the days on which its facts became known, on both import paths:
the lights as of a day before the extension was granted use the deadline without it
(行政许可法 Art. 42; supervision's lights, tests/supervision/test_as_of.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cases.test_import import APPLICANT, dump
from xiaoneng.cases.importing import import_lines
from xiaoneng.cases.models import Case
from xiaoneng.supervision.lights import light_of
from xiaoneng.supervision.models import CaseWatch

D = date.fromisoformat
WAYS = [
    pytest.param({"fast": False}, id="services"),
    pytest.param({"fast": True, "worker": False}, id="bulk"),
]
# committed 5 WD from Monday 09-01 (due 09-08); +10 WD granted Friday 09-19 → due 09-22
AS_OF = [
    ("2025-09-05", "yellow"),
    ("2025-09-11", "red"),
    ("2025-09-18", "red"),
    ("2025-09-19", "yellow"),
    ("2025-09-23", "red"),
]


def extended_history(desk, number: str):  # type: ignore[no-untyped-def]
    code = desk.item.item.implementation_code

    def line(seq: int, kind: str, day: str, **extra):  # type: ignore[no-untyped-def]
        return {
            "case": number,
            "sequence": seq,
            "kind": kind,
            "occurred_at": f"{day}T10:00:00+08:00",
            "actor": "王窗口",
            **extra,
        }

    return [
        line(1, "submitted", "2025-09-01", item=code, channel="window", applicant=APPLICANT),
        line(2, "accepted", "2025-09-01"),
        line(3, "review_started", "2025-09-02"),
        line(4, "extended", "2025-09-19", reason="需专家论证", approver="李局长"),
    ]


@pytest.mark.parametrize("way", WAYS)
def test_an_imported_extension_counts_from_the_day_it_was_granted(desk, way) -> None:  # type: ignore[no-untyped-def]
    report = import_lines(dump(extended_history(desk, "EX-1")), actor=None, **way)
    assert report.rejected == []
    case = Case.objects.get(number="EX-1")
    assert case.committed_due_on == D("2025-09-22")
    watch = CaseWatch.objects.get(case=case)
    assert watch.extended_on == D("2025-09-19")
    assert [light_of(watch, D(day)) for day, _light in AS_OF] == [light for _day, light in AS_OF]


def test_both_paths_keep_the_same_watch(desk) -> None:  # type: ignore[no-untyped-def]
    import_lines(dump(extended_history(desk, "SL-1")), actor=None)
    import_lines(dump(extended_history(desk, "FA-1")), actor=None, fast=True, worker=False)
    fields = [
        f.name
        for f in CaseWatch._meta.concrete_fields
        if f.name not in {"case", "case_number", "refreshed_at"}
    ]
    slow, fast = (
        CaseWatch.objects.filter(case_number=n).values(*fields).get() for n in ("SL-1", "FA-1")
    )
    assert slow == fast
