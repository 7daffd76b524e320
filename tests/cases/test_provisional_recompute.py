"""A deadline in an unannounced year is provisional and becomes exact when the notice arrives
(行政许可法 Art. 82; issue 3 "known range")."""

from __future__ import annotations

from datetime import date

from tests.cases.factories import at
from tests.cases.test_intake import submit
from xiaoneng.cases import services
from xiaoneng.supervision.models import CaseWatch
from xiaoneng.workdays import services as calendar_services
from xiaoneng.workdays.notices import DayKind, NoticeDay

D = date.fromisoformat


def test_provisional_deadline_becomes_exact_after_the_notice(
    desk, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(desk, "2026-12-21")
        services.case_accept(actor=desk.clerk, case=case, at=at("2026-12-21", 11))
    case.refresh_from_db()
    # Weekends only: 20 working days after Monday 2026-12-21 end on Monday 2027-01-18.
    assert (case.legal_due_on, case.is_deadline_provisional) == (D("2027-01-18"), True)
    assert CaseWatch.objects.get(case=case).is_deadline_provisional is True

    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.notice_import(
            actor=None,
            actor_name="test",
            year=2027,
            days=[NoticeDay(D("2027-01-01"), DayKind.HOLIDAY, "元旦")],
        )
    case.refresh_from_db()
    # New Year's Day 2027 is a holiday: the limit ends one working day later, for certain.
    assert (case.legal_due_on, case.is_deadline_provisional) == (D("2027-01-19"), False)
    watch = CaseWatch.objects.get(case=case)
    assert (watch.legal_due_on, watch.is_deadline_provisional) == (D("2027-01-19"), False)
