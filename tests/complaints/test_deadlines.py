"""Deadlines in working days per category, configurable, one extension (deadlines.py)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.complaints.factories import make_complaint
from xiaoneng.complaints import services
from xiaoneng.complaints.deadlines import due_date, is_overdue
from xiaoneng.complaints.models import Category, DeadlineRule
from xiaoneng.core.errors import Conflict, InvalidInput

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("received", "workdays", "expected", "why"),
    [
        ("2025-09-30", 5, "2025-10-14", "National Day and Mid-Autumn 10-01..10-08, 10-11 worked"),
        ("2026-03-02", 15, "2026-03-23", "three plain weeks"),
        ("2026-03-16", 2, "2026-03-18", "consultation"),
        ("2026-03-25", 15, "2026-04-16", "Qingming Monday 04-06 off"),
        ("2026-01-30", 10, "2026-02-13", "Friday receipt counts from Monday"),
    ],
)
def test_due_date_table(received, workdays, expected, why):  # type: ignore[no-untyped-def]
    day, provisional = due_date(date.fromisoformat(received), workdays)
    assert day == date.fromisoformat(expected), why
    assert provisional is False


def test_due_date_in_unannounced_year_is_provisional():  # type: ignore[no-untyped-def]
    _day, provisional = due_date(date(2030, 12, 20), 15)
    assert provisional is True


@pytest.mark.parametrize(
    ("due_on", "as_of", "finished_on", "expected"),
    [
        ("2026-03-23", "2026-03-23", None, False),
        ("2026-03-23", "2026-03-24", None, True),
        ("2026-03-23", "2026-03-30", "2026-03-20", False),
        ("2026-03-23", "2026-03-30", "2026-03-25", True),
    ],
)
def test_is_overdue(due_on, as_of, finished_on, expected):  # type: ignore[no-untyped-def]
    assert (
        is_overdue(
            date.fromisoformat(due_on),
            date.fromisoformat(as_of),
            date.fromisoformat(finished_on) if finished_on else None,
        )
        is expected
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "limit"),
    [
        (Category.CONSULTATION, 2),
        (Category.HELP_SUGGESTION, 10),
        (Category.EFFICIENCY, 15),
        (Category.ATTITUDE, 15),
        (Category.UNLAWFUL_FEES, 15),
    ],
)
def test_default_limits_per_category(category, limit, handler, org_tree):  # type: ignore[no-untyped-def]
    """12345 rules of one province: consultation 2, help/suggestion 10, complaint 15 WD."""
    complaint = make_complaint(
        handler=handler,
        unit=org_tree.department,
        category=category,
        at=datetime(2026, 3, 2, 10, tzinfo=TZ),
    )
    assert complaint.limit_workdays == limit


@pytest.mark.django_db
def test_configured_limit_wins(handler, org_tree):  # type: ignore[no-untyped-def]
    DeadlineRule.objects.create(kind="complaint", workdays=20)
    complaint = make_complaint(
        handler=handler, unit=org_tree.department, at=datetime(2026, 3, 2, 10, tzinfo=TZ)
    )
    assert complaint.limit_workdays == 20
    assert complaint.due_on == date(2026, 3, 30)


@pytest.mark.django_db
def test_reclassifying_on_acceptance_resets_the_deadline(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(
        handler=handler, unit=org_tree.department, at=datetime(2026, 3, 2, 10, tzinfo=TZ)
    )
    complaint = services.complaint_accept(
        actor=handler, complaint=complaint, category=Category.CONSULTATION
    )
    assert complaint.due_on == date(2026, 3, 4)


@pytest.mark.django_db
def test_one_extension_with_reason(handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(
        handler=handler,
        unit=org_tree.department,
        state="transferred",
        at=datetime(2026, 3, 2, 10, tzinfo=TZ),
    )
    complaint = services.complaint_extend(
        actor=handler, complaint=complaint, workdays=5, reason="需调取外单位材料"
    )
    assert complaint.due_on == date(2026, 3, 30)
    assert complaint.extension_reason == "需调取外单位材料"
    with pytest.raises(Conflict) as error:
        services.complaint_extend(actor=handler, complaint=complaint, workdays=2, reason="再延")
    assert error.value.field == "workdays"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("workdays", "reason", "field"),
    [(0, "x", "workdays"), (16, "x", "workdays"), (3, " ", "reason")],
)
def test_bad_extensions_are_refused(workdays, reason, field, handler, org_tree):  # type: ignore[no-untyped-def]
    complaint = make_complaint(handler=handler, unit=org_tree.department, state="accepted")
    with pytest.raises(InvalidInput) as error:
        services.complaint_extend(
            actor=handler, complaint=complaint, workdays=workdays, reason=reason
        )
    assert error.value.field == field
