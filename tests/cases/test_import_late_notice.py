"""A legacy history with a late supplement notice is a fact (行政许可法 Art. 32 (4)): a notice more
than 5 working days after receipt does not undo the deemed acceptance.  On import the case counts
as accepted on the day of receipt, its deadlines run from then, and the late notice is the
``late_supplement_notice`` breach supervision reports — on the services path and the bulk path
alike.  A ``deemed_accepted`` event may be imported explicitly."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.cases.test_fastpath import snapshot
from tests.cases.test_import import APPLICANT, dump
from xiaoneng.cases import services
from xiaoneng.cases.importing import import_lines
from xiaoneng.cases.models import Case
from xiaoneng.cases.workflow import EventKind, Status
from xiaoneng.core.errors import Conflict
from xiaoneng.supervision.figures import period_figures
from xiaoneng.supervision.models import CaseWatch, RuleBreach, RuleCode

D = date.fromisoformat
WAYS = [
    pytest.param({"fast": False}, id="services"),
    pytest.param({"fast": True, "worker": False}, id="bulk"),
    pytest.param({"fast": True, "worker": True}, id="bulk-replay-processes"),
]


def history(desk, number: str, notice_on: str, supplemented_on: str, accepted_on: str):  # type: ignore[no-untyped-def]
    """Received Mon 2025-09-01; a supplement notice, the supplement, acceptance, review, approval."""
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
        line(2, "supplement_requested", notice_on, materials=["身份证明"]),
        line(3, "supplemented", supplemented_on, materials=["身份证明"]),
        line(4, "accepted", accepted_on),
        line(5, "review_started", "2025-09-16"),
        line(6, "approved", "2025-09-19"),
    ]


# Art. 32 (4): notice on the spot or within 5 working days of receipt (2025-09-01 → 09-08);
# otherwise the application counts as accepted on the day of receipt.
ROWS = [
    # notice on,   supplemented, accepted,    deemed, accepted on,  committed due (5 WD)
    ("2025-09-05", "2025-09-10", "2025-09-11", False, "2025-09-11", "2025-09-18"),
    ("2025-09-08", "2025-09-10", "2025-09-11", False, "2025-09-11", "2025-09-18"),  # 5th WD
    ("2025-09-09", "2025-09-10", "2025-09-11", True, "2025-09-01", "2025-09-08"),  # 6th WD
    ("2025-09-10", "2025-09-12", "2025-09-15", True, "2025-09-01", "2025-09-08"),
]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(
    ("notice_on", "supplemented_on", "accepted_on", "deemed", "counts_from", "due"), ROWS
)
def test_a_late_notice_in_the_history_is_imported_as_deemed_acceptance(  # type: ignore[no-untyped-def]
    desk, way, notice_on, supplemented_on, accepted_on, deemed, counts_from, due
) -> None:
    rows = history(desk, "LN-1", notice_on, supplemented_on, accepted_on)
    report = import_lines(dump(rows), actor=None, **way)
    assert report.rejected == []
    assert (report.applied_cases, report.applied_events) == (1, 6)
    case = Case.objects.get(number="LN-1")
    assert case.status == Status.APPROVED
    assert case.is_deemed_accepted is deemed
    assert case.accepted_on == D(counts_from)
    assert case.committed_due_on == D(due)
    kinds = list(case.events.order_by("sequence").values_list("kind", flat=True))
    if deemed:
        assert kinds[:3] == ["submitted", "deemed_accepted", "supplement_requested"]
        notice = case.events.get(kind=EventKind.SUPPLEMENT_REQUESTED)
        assert notice.payload["breach"] == "late_supplement_notice"
        assert notice.import_sequence == 2
    else:
        assert EventKind.DEEMED_ACCEPTED not in kinds
    late = RuleBreach.objects.filter(case=case, rule=RuleCode.LATE_SUPPLEMENT_NOTICE)
    assert late.count() == (1 if deemed else 0)
    # supervision watches the case from the day it counts as accepted and reports the breach
    assert CaseWatch.objects.get(case=case).accepted_on == D(counts_from)
    figures = period_figures(user=None, start=D("2025-09-01"), end=D("2025-09-30"))
    breaches = dict(figures.breaches_by_unit)
    committed_missed = 1  # decided on 2025-09-19, after either committed deadline
    assert breaches[desk.agency.name] == committed_missed + (1 if deemed else 0)


def test_both_paths_give_equal_rows_for_late_notices(desk) -> None:  # type: ignore[no-untyped-def]
    slow, fast = [], []
    for i, (notice_on, supplemented_on, accepted_on, *_rest) in enumerate(ROWS):
        slow += history(desk, f"SL-{i}", notice_on, supplemented_on, accepted_on)
        fast += history(desk, f"FA-{i}", notice_on, supplemented_on, accepted_on)
    a = import_lines(dump(slow), actor=None)
    b = import_lines(dump(fast), actor=None, fast=True, worker=False)
    assert a.rejected == b.rejected == []
    assert snapshot("SL-") == snapshot("FA-")
    breaches = RuleBreach.objects.order_by("rule", "ref", "occurred_at")
    assert [
        (r.case_number[3:], r.rule, r.ref) for r in breaches.filter(case_number__startswith="SL-")
    ] == [
        (r.case_number[3:], r.rule, r.ref) for r in breaches.filter(case_number__startswith="FA-")
    ]


def test_live_the_window_still_refuses_a_late_notice(desk) -> None:  # type: ignore[no-untyped-def]
    """Live, a notice after the 5 working days is refused, and the deemed acceptance it
    reveals is kept (Art. 32: the case counts as accepted on the day of receipt)."""
    tz = ZoneInfo("Asia/Shanghai")
    case = services.case_submit(
        actor=desk.clerk,
        item_version=desk.item,
        applicant=desk.applicant,
        channel="window",
        at=datetime(2025, 9, 1, 9, tzinfo=tz),
    )
    with pytest.raises(Conflict):
        services.case_request_supplement(
            actor=desk.clerk,
            case=case,
            materials=["身份证明"],
            at=datetime(2025, 9, 9, 9, tzinfo=tz),
        )
    case.refresh_from_db()
    assert case.is_deemed_accepted and case.accepted_on == D("2025-09-01")
    assert not case.events.filter(kind=EventKind.SUPPLEMENT_REQUESTED).exists()


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(
    ("deemed_on", "rejected_field"),
    [
        ("2025-09-09", None),  # after the 5th working day (Art. 32): accepted on receipt
        ("2025-09-08", "occurred_at"),  # within the notice period: it cannot be deemed yet
    ],
)
def test_a_deemed_acceptance_can_be_imported_explicitly(  # type: ignore[no-untyped-def]
    desk, way, deemed_on, rejected_field
) -> None:
    rows = history(desk, "DA-1", "2025-09-05", "2025-09-10", "2025-09-11")[:1] + [
        {
            "case": "DA-1",
            "sequence": 2,
            "kind": "deemed_accepted",
            "occurred_at": f"{deemed_on}T10:00:00+08:00",
        },
        {
            "case": "DA-1",
            "sequence": 3,
            "kind": "review_started",
            "occurred_at": "2025-09-10T10:00:00+08:00",
        },
    ]
    report = import_lines(dump(rows), actor=None, **way)
    if rejected_field is None:
        assert report.rejected == []
        case = Case.objects.get(number="DA-1")
        assert case.is_deemed_accepted and case.accepted_on == D("2025-09-01")
        assert case.committed_due_on == D("2025-09-08")
        assert case.events.get(kind="deemed_accepted").import_sequence == 2
        assert RuleBreach.objects.filter(case=case, rule=RuleCode.LATE_SUPPLEMENT_NOTICE).exists()
    else:
        assert [(r.line, r.field) for r in report.rejected][:2] == [(1, ""), (2, rejected_field)]
        assert "2025-09-08" in report.rejected[1].reason
        assert not Case.objects.filter(number="DA-1").exists()
