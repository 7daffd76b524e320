"""Workbench pages: the year view and the system administrator's notice form."""

from __future__ import annotations

import calendar as month_calendar
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.errors import DomainError
from xiaoneng.core.models import UserKind
from xiaoneng.core.roles import Perm
from xiaoneng.workdays import default, selectors, services
from xiaoneng.workdays.forms import NoticeForm, days_as_lines
from xiaoneng.workdays.notices import DayKind
from xiaoneng.workdays.notices import NoticeDay as PureNoticeDay
from xiaoneng.workdays.workcalendar import FIRST_DAY, LAST_DAY, DayInfo, DayType


def _month_weeks(year: int, month: int, by_day: dict[date, DayInfo]) -> list[list[DayInfo | None]]:
    return [
        [by_day[d] if d.month == month else None for d in week]
        for week in month_calendar.Calendar().monthdatescalendar(year, month)
    ]


@login_required
def year_view(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """Month grids of a year with holidays and make-up working days and their sources."""
    if getattr(request.user, "kind", "") != UserKind.STAFF:
        raise PermissionDenied
    if year is None:
        year = timezone.localdate().year
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise Http404
    calendar = default.get_calendar()
    days = calendar.year_days(year)
    by_day = {d.day: d for d in days}
    source, reference = calendar.year_source(year)
    context = {
        "year": year,
        "months": [(date(year, m, 1), _month_weeks(year, m, by_day)) for m in range(1, 13)],
        "special_days": [
            d for d in days if d.day_type in (DayType.HOLIDAY, DayType.MAKEUP_WORKDAY)
        ],
        "source": source.value,
        "reference": reference,
        "is_known": calendar.is_known_year(year),
        "workday_count": sum(1 for d in days if d.is_workday),
        "stored_notice": selectors.notice_get(year=year),
        "previous_year": year - 1 if year > FIRST_DAY.year else None,
        "next_year": year + 1 if year < LAST_DAY.year else None,
        "can_manage": user_has_perm(request.user, Perm.REFERENCE_MANAGE),
        "weekday_names": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
    }
    return render(request, "workdays/year.html", context)


def _initial_for(year: int) -> dict[str, object]:
    """Start from the stored notice, or from what the calendar says now (library)."""
    stored = selectors.notice_get(year=year)
    if stored is not None:
        notice = selectors.notice_as_pure(stored)
        return {
            "year": year,
            "document_number": stored.document_number,
            "published_on": stored.published_on,
            "note": stored.note,
            "days": days_as_lines(list(notice.days)),
        }
    calendar = default.get_calendar()
    days = [
        PureNoticeDay(
            day=d.day,
            kind=DayKind.HOLIDAY if d.day_type == DayType.HOLIDAY else DayKind.MAKEUP_WORKDAY,
            name=d.name,
        )
        for d in calendar.year_days(year)
        if d.day_type in (DayType.HOLIDAY, DayType.MAKEUP_WORKDAY)
    ]
    return {"year": year, "days": days_as_lines(days)}


@login_required
def notice_form(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """Enter (or correct) a year's notice; "Preview" shows what it changes, "Save" saves."""
    if not user_has_perm(request.user, Perm.REFERENCE_MANAGE):
        raise PermissionDenied
    if year is None:
        year = timezone.localdate().year + 1
    form = NoticeForm(request.POST or None, request.FILES or None, initial=_initial_for(year))
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "save":
            try:
                services.notice_import(
                    actor=request.user,  # type: ignore[arg-type]
                    year=data["year"],
                    days=data["notice_days"],
                    document_number=data.get("document_number") or "",
                    published_on=data.get("published_on"),
                    note=data.get("note") or "",
                )
            except DomainError as error:
                for field, message in error.errors:
                    form.add_error(field if field in form.fields else None, str(message))
            else:
                messages.success(
                    request, _("The %(year)s notice has been saved.") % {"year": data["year"]}
                )
                return redirect("workdays:year", year=data["year"])
        else:
            preview = services.notice_preview(
                year=data["year"],
                days=data["notice_days"],
                document_number=data.get("document_number") or "",
            )
            for problem in preview.problems:
                form.add_error("days", problem)
    return render(
        request, "workdays/notice_form.html", {"form": form, "year": year, "preview": preview}
    )
