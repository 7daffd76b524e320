"""Deadline rules against dated tables (行政许可法 Art. 32, 42, 44, 45, 82)."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoneng.cases import deadlines
from xiaoneng.workdays import count_workdays

D = date.fromisoformat


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2025-09-30", "2025-10-14"),  # National Day week in between
        ("2025-09-28", "2025-10-11"),  # received on a make-up Sunday, due on a make-up Saturday
        ("2025-06-02", "2025-06-09"),  # plain week
        ("2025-06-07", "2025-06-13"),  # received on a Saturday: Monday is day 1
    ],
)
def test_supplement_notice_due_within_5_workdays(received: str, due: str) -> None:
    """Art. 32: notice on the spot or within 5 working days of receipt."""
    assert deadlines.supplement_notice_due(D(received)) == D(due)


@pytest.mark.parametrize(
    ("received", "today", "over"),
    [
        ("2025-09-30", "2025-10-14", False),  # the 5th working day itself: still in time
        ("2025-09-30", "2025-10-15", True),
        ("2025-06-02", "2025-06-09", False),
        ("2025-06-02", "2025-06-10", True),
    ],
)
def test_notice_period_over(received: str, today: str, over: bool) -> None:
    assert deadlines.is_notice_period_over(D(received), D(today)) is over


@pytest.mark.parametrize(
    ("accepted", "limit", "extension", "pauses", "due"),
    [
        ("2025-09-28", 5, 0, [], "2025-10-11"),  # make-up Sunday → make-up Saturday
        ("2025-09-30", 5, 0, [], "2025-10-14"),
        ("2025-06-02", 0, 0, [], "2025-06-02"),  # immediate: same day, not overnight
        ("2025-06-07", 0, 0, [], "2025-06-07"),
        ("2025-09-01", 20, 0, [], "2025-09-28"),  # Art. 42: 20 WD lands on the make-up Sunday
        ("2025-09-01", 20, 10, [], "2025-10-17"),  # +10 extension across National Day
        ("2025-06-02", 45, 0, [], "2025-08-04"),  # joint: 45 WD
        ("2025-06-02", 45, 15, [], "2025-08-25"),  # joint +15
        # Art. 45: expert review 09-05..09-12 removes count_workdays = 5 WD
        ("2025-09-01", 20, 0, [("2025-09-05", "2025-09-12")], "2025-10-11"),
        # a pause starting after the deadline does not move it
        ("2025-06-02", 5, 0, [("2025-06-20", "2025-06-30")], "2025-06-09"),
    ],
)
def test_decision_due(
    accepted: str, limit: int, extension: int, pauses: list[tuple[str, str]], due: str
) -> None:
    result = deadlines.decision_due(
        D(accepted), limit, extension=extension, pauses=[(D(a), D(b)) for a, b in pauses]
    )
    assert result.on == D(due)
    assert result.is_provisional is False


def test_both_deadlines_move_by_count_workdays_of_the_pause() -> None:
    """Art. 45: a pause from a to b moves each deadline by count_workdays(a, b)."""
    accepted, a, b = D("2025-09-01"), D("2025-09-05"), D("2025-09-12")
    for limit in (5, 20):
        without = deadlines.decision_due(accepted, limit).on
        with_pause = deadlines.decision_due(accepted, limit, pauses=[(a, b)]).on
        assert deadlines.shift_for_pause(without, a, b) == with_pause
        assert count_workdays(without, with_pause) == count_workdays(a, b) == 5


def test_deadline_in_unannounced_year_is_provisional() -> None:
    """2027's State Council notice is not published yet: the day rests on the weekend rule."""
    result = deadlines.decision_due(D("2026-12-25"), 10)
    assert result.on == D("2027-01-08")
    assert result.is_provisional is True
    assert deadlines.delivery_due(D("2026-12-28")).is_provisional is True
    assert deadlines.delivery_due(D("2026-06-01")).is_provisional is False


@pytest.mark.parametrize(
    ("decided", "due"),
    [("2025-09-26", "2025-10-16"), ("2025-06-02", "2025-06-16")],
)
def test_delivery_due_within_10_workdays(decided: str, due: str) -> None:
    """Art. 44: certificate delivered within 10 working days of the decision."""
    assert deadlines.delivery_due(D(decided)).on == D(due)


def test_opinion_due_7_workdays_by_default() -> None:
    assert deadlines.opinion_due(D("2025-09-26")) == D("2025-10-13")
    assert deadlines.opinion_due(D("2025-06-02"), 3) == D("2025-06-05")


@pytest.mark.parametrize(
    ("item_days", "is_joint", "expected"),
    [(None, False, 20), (0, True, 45), (15, False, 15), (30, True, 30)],
)
def test_legal_limit_days(item_days: int | None, is_joint: bool, expected: int) -> None:
    assert deadlines.legal_limit_days(item_legal_days=item_days, is_joint=is_joint) == expected


def test_extension_days() -> None:
    assert deadlines.extension_days(is_joint=False) == 10
    assert deadlines.extension_days(is_joint=True) == 15


@pytest.mark.parametrize(
    ("due", "today", "left"),
    [
        ("2025-10-14", "2025-09-30", 5),
        ("2025-10-14", "2025-10-14", 0),
        ("2025-10-14", "2025-10-15", -1),
        ("2025-10-14", "2025-10-20", -4),
    ],
)
def test_workdays_left(due: str, today: str, left: int) -> None:
    assert deadlines.workdays_left(D(due), D(today)) == left


def test_workdays_used_excludes_pauses() -> None:
    pauses = [(D("2025-09-05"), D("2025-09-12"))]
    assert deadlines.workdays_used(D("2025-09-01"), D("2025-09-19")) == 14
    assert deadlines.workdays_used(D("2025-09-01"), D("2025-09-19"), pauses) == 9
    assert deadlines.paused_workdays(pauses, D("2025-09-19")) == 5
