"""Reads of stored notices and provisional dependencies."""

from __future__ import annotations

from collections.abc import Hashable

from django.db.models import Count, Max, QuerySet

from xiaoneng.workdays.models import CalendarNotice, NoticeDay, ProvisionalDependency
from xiaoneng.workdays.notices import DayKind, Notice
from xiaoneng.workdays.notices import NoticeDay as PureNoticeDay


def notice_list() -> QuerySet[CalendarNotice]:
    """Every stored notice, newest year first, with its days."""
    return CalendarNotice.objects.select_related("entered_by").prefetch_related("days")


def notice_get(*, year: int) -> CalendarNotice | None:
    """The stored notice for ``year``, if any."""
    return notice_list().filter(year=year).first()


def notice_as_pure(record: CalendarNotice) -> Notice:
    """The pure-Python notice the calendar is built from."""
    days = tuple(
        PureNoticeDay(day=d.day, kind=DayKind(d.kind), name=d.name)
        for d in sorted(record.days.all(), key=lambda d: d.day)
    )
    return Notice(year=record.year, days=days, reference=record.document_number)


def notices_for_calendar() -> list[Notice]:
    """All stored notices as pure notices (the default calendar's loader)."""
    return [notice_as_pure(record) for record in notice_list()]


def notice_stamp() -> Hashable:
    """Changes whenever a notice is saved or deleted (lets other processes reload)."""
    summary = CalendarNotice.objects.aggregate(count=Count("id"), latest=Max("entered_at"))
    return (summary["count"], summary["latest"], NoticeDay.objects.count())


def provisional_dependencies_for_year(*, year: int) -> QuerySet[ProvisionalDependency]:
    """Stored values computed with ``year`` before its notice existed."""
    return ProvisionalDependency.objects.filter(year=year).select_related("content_type")


def provisional_dependency_counts(*, year: int) -> list[tuple[str, int]]:
    """(model label, number of values) depending on ``year``, for the notice preview."""
    rows = (
        ProvisionalDependency.objects.filter(year=year)
        .values("content_type__app_label", "content_type__model")
        .annotate(total=Count("id"))
        .order_by("content_type__app_label", "content_type__model")
    )
    return [
        (f"{r['content_type__app_label']}.{r['content_type__model']}", r["total"]) for r in rows
    ]
