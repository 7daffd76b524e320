"""notice_import: validation, permission, audit, reload, signal and recomputation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.utils import translation

import xiaoneng.workdays as workdays
from tests.workdays.factories import days_2027
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import AuditRecord, Organization
from xiaoneng.core.roles import Role
from xiaoneng.workdays import selectors, services
from xiaoneng.workdays.models import CalendarNotice, ProvisionalDependency
from xiaoneng.workdays.notices import DayKind, NoticeDay
from xiaoneng.workdays.signals import calendar_notice_saved

D = date.fromisoformat
pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(personas):  # type: ignore[no-untyped-def]
    return personas[Role.SYSTEM_ADMIN]


def test_notice_import_saves_reloads_and_audits(admin, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    assert workdays.add_workdays(D("2027-02-04"), 1) == D("2027-02-05")  # weekend rule
    with django_capture_on_commit_callbacks(execute=True):
        record = services.notice_import(
            actor=admin, year=2027, days=days_2027(), document_number="国办发明电〔2026〕1号"
        )
    assert record.days.count() == 18
    assert record.entered_by == admin
    assert workdays.add_workdays(D("2027-02-04"), 1) == D("2027-02-13")
    info = workdays.get_calendar().day_info(D("2027-02-13"))
    assert (info.source, info.reference) == ("notice", "国办发明电〔2026〕1号")
    entry = AuditRecord.objects.get(action="workdays.notice_import")
    assert entry.actor == admin
    assert entry.detail["year"] == 2027
    assert "2027-02-05" in entry.detail["changed_days"]


def test_notice_import_replaces_an_existing_notice(admin) -> None:  # type: ignore[no-untyped-def]
    services.notice_import(actor=admin, year=2027, days=days_2027())
    services.notice_import(
        actor=admin, year=2027, days=[NoticeDay(D("2027-01-01"), DayKind.HOLIDAY, "元旦")]
    )
    assert CalendarNotice.objects.count() == 1
    assert [d.day for d in selectors.notice_get(year=2027).days.all()] == [D("2027-01-01")]
    assert workdays.is_workday(D("2027-02-05")) is True


def test_invalid_days_save_nothing(admin) -> None:  # type: ignore[no-untyped-def]
    bad = [*days_2027(), NoticeDay(D("2027-03-03"), DayKind.MAKEUP_WORKDAY, "")]  # a Wednesday
    with translation.override("en"), pytest.raises(InvalidInput) as caught:
        services.notice_import(actor=admin, year=2027, days=bad)
    assert caught.value.field == "days"
    assert str(caught.value.message) == (
        "2027-03-03 is a weekday; a make-up working day must be a Saturday or a Sunday"
    )
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as caught:
        services.notice_import(actor=admin, year=2027, days=bad)
    assert str(caught.value.message) == "2027-03-03 是工作日；调休上班日必须是星期六或星期日"
    assert not CalendarNotice.objects.exists()


def test_only_the_system_administrator_may_enter_a_notice(personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotPermitted):
        services.notice_import(
            actor=personas[Role.EFFICIENCY_SUPERVISOR], year=2027, days=days_2027()
        )
    assert not CalendarNotice.objects.exists()


@pytest.fixture
def recompute_log() -> Iterator[list[int]]:
    log: list[int] = []

    def receiver(sender, year, **kwargs):  # type: ignore[no-untyped-def]
        log.append(year)

    calendar_notice_saved.connect(receiver, dispatch_uid="test-recompute")
    yield log
    calendar_notice_saved.disconnect(dispatch_uid="test-recompute")


def test_provisional_deadline_becomes_exact_after_the_notice(  # type: ignore[no-untyped-def]
    admin, org_tree, recompute_log, django_capture_on_commit_callbacks
) -> None:
    # A case accepted on 2027-01-29 with 10 working days: 2027 has no notice yet.
    dependant: Organization = org_tree.department  # any stored object stands in for a case
    first = workdays.add_workdays_checked(D("2027-01-29"), 10)
    assert first == (D("2027-02-12"), True, (2027,))
    services.provisional_dependency_record(
        obj=dependant, field_name="legal_due_on", years=first.unknown_years
    )
    assert selectors.provisional_dependency_counts(year=2027) == [("core.organization", 1)]

    def recompute(year: int) -> None:
        for row in selectors.provisional_dependencies_for_year(year=year):
            again = workdays.add_workdays_checked(D("2027-01-29"), 10)
            services.provisional_dependency_record(
                obj=row.content_type.get_object_for_this_type(pk=row.object_id),
                field_name=row.field_name,
                years=again.unknown_years,
            )
            recomputed.append(again)

    recomputed: list[workdays.WorkdayResult] = []
    services.register_provisional_recompute(recompute)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.notice_import(actor=admin, year=2027, days=days_2027())
    finally:
        services._recompute_callbacks.remove(recompute)
    assert recompute_log == [2027]
    assert recomputed == [(D("2027-02-19"), False, ())]
    assert not ProvisionalDependency.objects.exists()


def test_signal_waits_for_commit(admin, recompute_log) -> None:  # type: ignore[no-untyped-def]
    services.notice_import(actor=admin, year=2027, days=days_2027())
    assert recompute_log == []  # the test transaction has not committed


def test_preview_lists_changed_days_and_moved_deadlines() -> None:
    preview = services.notice_preview(year=2027, days=days_2027())
    assert preview.problems == []
    changed = [before.day for before, _after in preview.changed_days]
    assert D("2027-02-05") in changed and D("2027-02-13") in changed
    by_limit = {s.limit: s for s in preview.deadline_shifts}
    assert by_limit[20].changed > 0
    assert not CalendarNotice.objects.exists()


def test_stored_notices_are_loaded_lazily(admin) -> None:  # type: ignore[no-untyped-def]
    services.notice_import(actor=admin, year=2027, days=days_2027())
    workdays.invalidate()  # e.g. another process: the calendar reads the database again
    assert workdays.get_calendar().is_known_year(2027)
