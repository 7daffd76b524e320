"""Read-only admin views of the hall's reference data: halls, windows and chief representatives
change only through hall.services (permission-checked, audited): the workbench pages, the API
and `xiaoneng import-halls`. Appointments and tickets are business data about applicants, which
the system administrator does not see (三员分立), so they have no admin."""

from __future__ import annotations

from django.contrib import admin

from xiaoneng.core.adminsite import ReadOnlyAdmin
from xiaoneng.hall.models import ChiefRepresentative, Hall, Window


class WindowInline(admin.TabularInline):
    model = Window
    fields = ("number", "name", "kind", "department", "slot_capacity", "is_active")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Hall)
class HallAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "organization", "opens_at", "closes_at", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    inlines = [WindowInline]


@admin.register(Window)
class WindowAdmin(ReadOnlyAdmin):
    list_display = ["hall", "number", "name", "kind", "department", "slot_capacity", "is_active"]
    list_filter = ["kind", "is_active", "hall"]
    search_fields = ["name", "hall__name"]
    list_select_related = ["hall", "department"]


@admin.register(ChiefRepresentative)
class ChiefRepresentativeAdmin(ReadOnlyAdmin):
    list_display = ["hall", "department", "person"]
    list_select_related = ["hall", "department", "person"]
