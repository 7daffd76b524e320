"""Reads of stored notices and provisional dependencies."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from xiaoneng.workdays import default
from xiaoneng.workdays.models import (
    CalendarNotice,
    CalendarNoticeVersion,
    NoticeDay,
    ProvisionalDependency,
)
from xiaoneng.workdays.notices import DayKind, Notice
from xiaoneng.workdays.notices import NoticeDay as PureNoticeDay
from xiaoneng.workdays.workcalendar import WorkdayCalendar


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


def _end_of(day: date) -> datetime:
    """The first instant after `day`, local time."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def calendar_known_on(day: date) -> WorkdayCalendar:
    """The working-day calendar as it was known at the end of `day`: the library and, for each
    year, the newest notice version entered by then (a notice entered later, or a later
    correction of one, did not count yet). The current calendar when nothing was entered
    after `day` (the usual case: one query)."""
    later = CalendarNoticeVersion.objects.filter(entered_at__gte=_end_of(day))
    if not later.exists():
        return default.get_calendar()
    newest: dict[int, CalendarNoticeVersion] = {}
    for version in CalendarNoticeVersion.objects.filter(entered_at__lt=_end_of(day)).order_by(
        "year", "entered_at", "id"
    ):
        newest[version.year] = version
    return _calendar_of(
        tuple(
            (v.year, v.document_number, tuple((d, kind, name) for d, kind, name in v.days))
            for v in newest.values()
        )
    )


@lru_cache(maxsize=16)
def _calendar_of(
    versions: tuple[tuple[int, str, tuple[tuple[str, str, str], ...]], ...],
) -> WorkdayCalendar:
    """A calendar built from notice versions given by content (so the cache can never hand
    back another set's calendar)."""
    return WorkdayCalendar(
        Notice(
            year=year,
            days=tuple(
                PureNoticeDay(day=date.fromisoformat(d), kind=DayKind(kind), name=name)
                for d, kind, name in days
            ),
            reference=reference,
        )
        for year, reference, days in versions
    )
