"""Dated tables for the complaint figures (selectors/stats.py; DOMAIN.md §3)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.complaints.factories import make_complaint
from xiaoneng.complaints import services
from xiaoneng.complaints.models import Category, Channel, Complaint, OutcomeKind, Satisfaction
from xiaoneng.complaints.selectors.stats import (
    complaint_figures,
    complaint_totals_for,
    rate,
    trend_signals,
)

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=10, tzinfo=TZ)


def close(complaint: Complaint, handler, day: str) -> Complaint:  # type: ignore[no-untyped-def]
    when = at(day)
    for step in (
        lambda c: services.complaint_accept(actor=handler, complaint=c, at=when),
        lambda c: services.complaint_handle_directly(actor=handler, complaint=c, at=when),
        lambda c: services.complaint_investigate(actor=handler, complaint=c, record="r", at=when),
        lambda c: services.complaint_conclude(
            actor=handler, complaint=c, conclusion="founded", at=when
        ),
        lambda c: services.complaint_reply(actor=handler, complaint=c, text="t", at=when),
        lambda c: services.complaint_follow_up(
            actor=handler, complaint=c, satisfaction=Satisfaction.SATISFIED, at=when
        ),
        lambda c: services.complaint_close(actor=handler, complaint=c, at=when),
    ):
        complaint = step(complaint)
    return complaint


@pytest.mark.parametrize(
    ("closed", "due", "expected"),
    [
        (885, 888, Decimal("99.7")),
        (1, 4, Decimal("25.0")),
        (2, 3, Decimal("66.7")),
        (0, 0, None),
        (5, 5, Decimal("100.0")),
    ],
)
def test_rate_is_closed_over_due_one_decimal(closed, due, expected):  # type: ignore[no-untyped-def]
    """Seed: 885 closed of 888 due → 99.7 %."""
    assert rate(closed, due) == expected


@pytest.fixture
def march(handler, org_tree):  # type: ignore[no-untyped-def]
    unit = org_tree.department
    a = make_complaint(handler=handler, unit=unit, at=at("2026-03-02"))
    b = make_complaint(handler=handler, unit=unit, at=at("2026-03-02"))
    c = make_complaint(handler=handler, unit=unit, at=at("2026-03-02"))
    d = make_complaint(
        handler=handler, unit=unit, at=at("2026-03-16"), category=Category.CONSULTATION
    )
    e = make_complaint(
        handler=handler, unit=unit, at=at("2026-03-25"), channel=Channel.VISIT, visitor_count=3
    )
    close(a, handler, "2026-03-20")
    close(b, handler, "2026-03-25")
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_deadlines_of_the_march_table(march):  # type: ignore[no-untyped-def]
    """2026-03-02 + 15 WD → 03-23; 03-16 + 2 WD (consultation) → 03-18; 03-25 + 15 → 04-16 (Qingming: 04-06 off)."""
    assert march["c"].due_on == date(2026, 3, 23)
    assert march["d"].due_on == date(2026, 3, 18)
    assert march["e"].due_on == date(2026, 4, 16)


@pytest.mark.parametrize(
    ("as_of", "received", "due", "closed", "closure", "on_time", "visitors"),
    [
        # C (due 03-23) and D (due 03-18) are open and past their deadline: both count as due.
        ("2026-03-31", 5, 4, 2, Decimal("50.0"), Decimal("50.0"), 3),
        # On C's and B's due day nothing of theirs is overdue yet; E not yet received.
        ("2026-03-23", 4, 2, 1, Decimal("50.0"), Decimal("100.0"), 0),
        # One day later B and C are overdue (B still open then).
        ("2026-03-24", 4, 4, 1, Decimal("25.0"), Decimal("100.0"), 0),
        ("2026-03-10", 3, 0, 0, None, None, 0),
    ],
)
def test_figures_by_as_of(march, as_of, received, due, closed, closure, on_time, visitors):  # type: ignore[no-untyped-def]
    figures = complaint_figures(
        queryset=Complaint.objects.all(),
        date_from=date(2026, 3, 1),
        date_to=date(2026, 3, 31),
        as_of=date.fromisoformat(as_of),
    )
    assert (figures.received, figures.due, figures.closed) == (received, due, closed)
    assert figures.closure_rate == closure
    assert figures.on_time_rate == on_time
    assert figures.visitors == visitors


def test_declined_complaints_count_as_closed(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, at=at("2026-05-04"))
    services.complaint_decline(
        actor=handler, complaint=complaint, reason="r", referred_to="信访局", at=at("2026-05-05")
    )
    figures = complaint_figures(
        queryset=Complaint.objects.all(),
        date_from=date(2026, 5, 1),
        date_to=date(2026, 5, 31),
        as_of=date(2026, 5, 31),
    )
    assert (figures.received, figures.due, figures.closed) == (1, 1, 1)


def test_outcomes_by_kind_category_unit_and_month(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(
        handler=handler,
        unit=org_tree.department,
        state="concluded",
        at=at("2026-04-07"),
        person_name="赵六",
    )
    services.complaint_add_outcome(
        actor=handler,
        complaint=complaint,
        kind=OutcomeKind.EFFICIENCY_WARNING,
        person_name="赵六",
        at=at("2026-04-08"),
    )
    services.complaint_add_outcome(
        actor=handler,
        complaint=complaint,
        kind=OutcomeKind.ADMONISHMENT,
        person_name="赵六",
        at=at("2026-04-08"),
    )
    make_complaint(
        handler=handler,
        unit=org_tree.other_department,
        at=at("2026-05-06"),
        category=Category.ATTITUDE,
    )
    figures = complaint_figures(
        queryset=Complaint.objects.all(),
        date_from=date(2026, 1, 1),
        date_to=date(2026, 12, 31),
        as_of=date(2026, 12, 31),
    )
    assert figures.outcomes[OutcomeKind.EFFICIENCY_WARNING] == 1
    assert figures.outcomes[OutcomeKind.ADMONISHMENT] == 1
    assert figures.outcomes[OutcomeKind.DISMISSAL] == 0
    assert {row[0]: row[2] for row in figures.by_category} == {"efficiency": 1, "attitude": 1}
    assert {row[1]: row[2] for row in figures.by_unit} == {
        org_tree.department.name: 1,
        org_tree.other_department.name: 1,
    }
    assert figures.by_month == [("2026-04", 1), ("2026-05", 1)]


def _many(handler, unit, category, days):  # type: ignore[no-untyped-def]
    for day in days:
        make_complaint(handler=handler, unit=unit, category=category, at=at(day))


def test_surge_signals_for_unit_and_category(handler, org_tree):  # type: ignore[no-untyped-def]
    """as_of 2026-08-10: last full month July, baseline January–June (six months).

    Department: 6 in Jan–Jun (avg 1.0), 2 in July → 2 ≥ 2 × 1.0 → signal.
    Other department: 12 in Jan–Jun (avg 2.0), 3 in July → 3 < 4 → no signal.
    County department: nothing before, 1 in July → below the minimum of 2 → no signal.
    """
    base = ["2026-01-12", "2026-02-10", "2026-03-10", "2026-04-13", "2026-05-12", "2026-06-10"]
    _many(handler, org_tree.department, Category.ATTITUDE, [*base, "2026-07-06", "2026-07-20"])
    _many(
        handler,
        org_tree.other_department,
        Category.EFFICIENCY,
        [*base, *base, "2026-07-07", "2026-07-08", "2026-07-09"],
    )
    _many(handler, org_tree.county_department, Category.OTHER, ["2026-07-15"])
    # August complaints are not in the last full month
    _many(handler, org_tree.other_department, Category.EFFICIENCY, ["2026-08-03"] * 3)
    signals = trend_signals(queryset=Complaint.objects.all(), as_of=date(2026, 8, 10))
    found = {(s.kind, s.key, s.count) for s in signals}
    assert found == {("unit", str(org_tree.department.pk), 2), ("category", "attitude", 2)}
    unit_signal = next(s for s in signals if s.kind == "unit")
    assert unit_signal.baseline == Decimal("1.00")


def test_person_complained_about_three_times_in_twelve_months(handler, org_tree):  # type: ignore[no-untyped-def]
    """as_of 2026-08-10: 张三 on 2025-08-11, 2026-02-10, 2026-08-05 → 3 → signal;
    李四 on 2025-08-10 (outside the 12 months), 2026-03-02, 2026-06-01 → 2 → none."""
    unit = org_tree.county_department
    for day in ["2025-08-11", "2026-02-10", "2026-08-05"]:
        make_complaint(handler=handler, unit=unit, at=at(day), person_name="张三")
    for day in ["2025-08-10", "2026-03-02", "2026-06-01"]:
        make_complaint(handler=handler, unit=unit, at=at(day), person_name="李四")
    signals = [
        s
        for s in trend_signals(queryset=Complaint.objects.all(), as_of=date(2026, 8, 10))
        if s.kind == "person"
    ]
    assert [(s.label, s.count) for s in signals] == [(f"张三（{unit.name}）", 3)]


def test_seed_year_closure_rate_counts_overdue_open_complaints(org_tree):  # type: ignore[no-untyped-def]
    """Seed (DOMAIN.md §3): received 892, due 888, closed 885 → 885 ÷ 888 = 99.7 %.

    885 closed, 3 still open past their deadline (due), 4 open and not yet due. Counting only
    the closed ones as due would report 100 % — the closure-rate trap.
    """
    rows = []
    for index in range(892):
        is_closed, is_overdue = index < 885, 885 <= index < 888
        received = date(2025, 12, 1) if (is_closed or is_overdue) else date(2025, 12, 29)
        rows.append(
            Complaint(
                number=f"TS2025S{index:05d}",
                tracking_code_hash="x",
                channel=Channel.PHONE,
                category=Category.EFFICIENCY,
                status="closed" if is_closed else "transferred",
                unit=org_tree.department,
                title="t",
                description="d",
                received_at=at(received.isoformat()),
                received_on=received,
                limit_workdays=15,
                due_on=date(2025, 12, 22) if received.day == 1 else date(2026, 1, 20),
                closed_on=date(2025, 12, 19) if is_closed else None,
            )
        )
    Complaint.objects.bulk_create(rows)
    figures = complaint_figures(
        queryset=Complaint.objects.all(),
        date_from=date(2025, 1, 1),
        date_to=date(2025, 12, 31),
        as_of=date(2025, 12, 31),
    )
    assert (figures.received, figures.due, figures.closed) == (892, 888, 885)
    assert figures.closure_rate == Decimal("99.7")
    assert figures.on_time_rate == Decimal("100.0")


# (first day, last day) → the totals are judged on the last day, as the cockpit's periods are
SPANS = [
    (date(2026, 3, 1), date(2026, 3, 19)),  # a, b, c, d received; d past due (03-18), none closed
    (date(2026, 3, 1), date(2026, 3, 24)),  # a closed on 03-20 (on time); c past due (03-23)
    (date(2026, 3, 1), date(2026, 3, 31)),  # all five; b closed on 03-25 (after its 03-23)
    (date(2026, 3, 10), date(2026, 4, 30)),  # d and e only, e with 3 visitors
    (date(2026, 2, 1), date(2026, 2, 28)),  # nothing received
]


def test_batched_totals_equal_the_figures_of_each_span(march):  # type: ignore[no-untyped-def]
    """complaint_totals_for (the cockpit's one query) gives each span's received, due, closed,
    closed on time and visitors exactly as complaint_figures judged on the span's last day."""
    queryset = Complaint.objects.all()
    batched = complaint_totals_for(queryset=queryset, spans=SPANS)
    for (start, end), got in zip(SPANS, batched, strict=True):
        want = complaint_figures(queryset=queryset, date_from=start, date_to=end, as_of=end)
        totals = ("received", "due", "closed", "closed_on_time", "visitors")
        assert [getattr(got, t) for t in totals] == [getattr(want, t) for t in totals], (start, end)
        assert got.closure_rate == want.closure_rate
    assert [f.received for f in batched] == [4, 4, 5, 2, 0]
    assert [f.closed for f in batched] == [0, 1, 2, 0, 0]
    assert complaint_totals_for(queryset=queryset, spans=[]) == []
