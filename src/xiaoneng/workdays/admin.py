"""Read-only admin for stored notices: enter or correct them through the workbench form or
`xiaoneng workdays import-notice`, which validate, audit and reload the calendar."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from xiaoneng.core.adminsite import ReadOnlyAdmin
from xiaoneng.workdays.models import CalendarNotice, NoticeDay, ProvisionalDependency


class NoticeDayInline(admin.TabularInline):
    model = NoticeDay
    extra = 0
    can_delete = False
    readonly_fields = ["day", "kind", "name"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CalendarNotice)
class CalendarNoticeAdmin(ReadOnlyAdmin):
    list_display = ["year", "document_number", "published_on", "entered_by", "entered_at"]
    inlines = [NoticeDayInline]


@admin.register(ProvisionalDependency)
class ProvisionalDependencyAdmin(ReadOnlyAdmin):
    list_display = ["year", "content_type", "object_id", "field_name", "recorded_at"]
    list_filter = ["year", "content_type"]
