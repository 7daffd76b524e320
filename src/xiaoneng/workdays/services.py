"""Writes: entering a year's notice, and recording values that depend on unknown years."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.workdays import default, preview, selectors
from xiaoneng.workdays.errors import translate_problem
from xiaoneng.workdays.models import (
    CalendarNotice,
    CalendarNoticeVersion,
    NoticeDay,
    ProvisionalDependency,
)
from xiaoneng.workdays.notices import DayKind, Notice, notice_problems
from xiaoneng.workdays.notices import NoticeDay as PureNoticeDay
from xiaoneng.workdays.signals import calendar_notice_saved
from xiaoneng.workdays.workcalendar import DayInfo, WorkdayCalendar

logger = logging.getLogger(__name__)

RecomputeCallback = Callable[[int], None]
_recompute_callbacks: list[RecomputeCallback] = []


def register_provisional_recompute(callback: RecomputeCallback) -> None:
    """Call ``callback(year)`` after a notice for ``year`` is saved (after commit).

    An alternative to connecting to ``calendar_notice_saved``; the callback recomputes the
    values listed by ``selectors.provisional_dependencies_for_year(year=year)``.
    """
    if callback not in _recompute_callbacks:
        _recompute_callbacks.append(callback)


@dataclass(frozen=True)
class NoticePreview:
    """What saving a notice would change."""

    notice: Notice
    problems: list[str]
    changed_days: list[tuple[DayInfo, DayInfo]] = field(default_factory=list)
    deadline_shifts: list[preview.LimitSummary] = field(default_factory=list)
    dependencies: list[tuple[str, int]] = field(default_factory=list)


DayRow = PureNoticeDay | tuple[date, str] | tuple[date, str, str]


def _as_notice(year: int, days: Iterable[DayRow], document_number: str) -> Notice:
    items = []
    for row in days:
        if isinstance(row, PureNoticeDay):
            items.append(row)
            continue
        day, kind, *rest = row
        items.append(PureNoticeDay(day=day, kind=DayKind(kind), name=rest[0] if rest else ""))
    items.sort(key=lambda d: d.day)
    return Notice(year=year, days=tuple(items), reference=document_number)


def _calendar_with(notice: Notice) -> WorkdayCalendar:
    stored = {n.year: n for n in selectors.notices_for_calendar()}
    stored[notice.year] = notice
    return WorkdayCalendar(stored.values())


def notice_preview(
    *, year: int, days: Iterable[DayRow], document_number: str = ""
) -> NoticePreview:
    """The days and deadlines a notice for ``year`` would change, without saving it."""
    try:
        notice = _as_notice(year, days, document_number)
    except ValueError as exc:
        return NoticePreview(notice=Notice(year=year, days=()), problems=[str(exc)])
    problems = [translate_problem(p, _) for p in notice_problems(notice)]
    if problems:
        return NoticePreview(notice=notice, problems=problems)
    before = default.get_calendar()
    after = _calendar_with(notice)
    return NoticePreview(
        notice=notice,
        problems=[],
        changed_days=list(preview.changed_days(before, after)),
        deadline_shifts=preview.deadline_shifts(before, after, year),
        dependencies=selectors.provisional_dependency_counts(year=year),
    )


def notice_import(
    *,
    actor: User | None,
    year: int,
    days: Iterable[DayRow],
    document_number: str = "",
    published_on: date | None = None,
    note: str = "",
    actor_name: str = "",
) -> CalendarNotice:
    """Save (or replace) the notice for ``year`` and reload the calendar.

    The notice is the complete arrangement for the year and wins over the ``holidays``
    library.  Only a user with ``reference.manage`` (system administrator) may do this;
    ``actor=None`` is the command line.  Nothing is saved when any day is invalid.  After
    commit, ``calendar_notice_saved`` is sent and the recompute callbacks run so that values
    computed provisionally for ``year`` are recomputed.
    """
    if actor is not None and not user_has_perm(actor, Perm.REFERENCE_MANAGE):
        raise NotPermitted(_("Only the system administrator may enter calendar notices."))
    try:
        notice = _as_notice(year, days, document_number)
    except ValueError as exc:
        raise InvalidInput(str(exc), field="days") from exc
    problems = [translate_problem(p, _) for p in notice_problems(notice)]
    if problems:
        raise InvalidInput(problems[0], field="days", errors=[("days", p) for p in problems])
    if published_on is not None and published_on > timezone.localdate():
        raise InvalidInput(_("The publication date lies in the future."), field="published_on")

    before = default.get_calendar()
    with transaction.atomic():
        record, created = CalendarNotice.objects.update_or_create(
            year=year,
            defaults={
                "published_on": published_on,
                "document_number": document_number,
                "note": note,
                "entered_by": actor if actor is not None and actor.pk else None,
                "entered_at": timezone.now(),
            },
        )
        record.days.all().delete()
        NoticeDay.objects.bulk_create(
            NoticeDay(notice=record, day=d.day, kind=d.kind.value, name=d.name) for d in notice.days
        )
        CalendarNoticeVersion.objects.create(
            year=year,
            document_number=document_number,
            days=[[d.day.isoformat(), d.kind.value, d.name] for d in notice.days],
            entered_at=record.entered_at,
        )
        after = _calendar_with(notice)
        changed = after.changed_days(before)
        audit(
            actor=actor,
            action="workdays.notice_import",
            obj=record,
            detail={
                "year": year,
                "document_number": document_number,
                "days": len(notice.days),
                "replaced": not created,
                "changed_days": [d.isoformat() for d in changed],
            },
            actor_name=actor_name,
        )
        default.invalidate()
        transaction.on_commit(lambda: _notice_saved(year, record, changed))
    return record


def _notice_saved(year: int, record: CalendarNotice, changed: list[date]) -> None:
    default.invalidate()
    calendar_notice_saved.send(
        sender=CalendarNotice, year=year, notice=record, changed_days=changed
    )
    for callback in list(_recompute_callbacks):
        callback(year)


def provisional_dependency_record(
    *, obj: models.Model, field_name: str, years: Iterable[int]
) -> None:
    """Record that ``obj.field_name`` was computed with these unannounced years.

    Replaces what was recorded for the same field, so recording ``years=()`` after an
    exact recomputation removes the dependency.  Pass ``WorkdayResult.unknown_years``.
    """
    content_type = ContentType.objects.get_for_model(obj)
    wanted = set(years)
    rows = ProvisionalDependency.objects.filter(
        content_type=content_type, object_id=str(obj.pk), field_name=field_name
    )
    rows.exclude(year__in=wanted).delete()
    existing = set(rows.values_list("year", flat=True))
    ProvisionalDependency.objects.bulk_create(
        ProvisionalDependency(
            content_type=content_type, object_id=str(obj.pk), field_name=field_name, year=year
        )
        for year in sorted(wanted - existing)
    )


def provisional_dependency_clear(*, obj: models.Model, field_name: str | None = None) -> None:
    """Forget the dependencies of ``obj`` (or of one of its fields), e.g. when it closes."""
    rows = ProvisionalDependency.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )
    if field_name is not None:
        rows = rows.filter(field_name=field_name)
    rows.delete()
