"""Read-only admin views of the catalog: every change goes through catalog.services (versioned,
permission-checked, audited), so the admin never edits these rows."""

from __future__ import annotations

from django.contrib import admin

from xiaoneng.catalog.models import ServiceItem, ServiceItemVersion
from xiaoneng.core.adminsite import ReadOnlyAdmin


@admin.register(ServiceItem)
class ServiceItemAdmin(ReadOnlyAdmin):
    list_display = ["implementation_code", "name", "agency", "status"]
    list_filter = ["status"]
    search_fields = ["name", "implementation_code", "basic_code"]
    list_select_related = ["agency"]


@admin.register(ServiceItemVersion)
class ServiceItemVersionAdmin(ReadOnlyAdmin):
    list_display = [
        "item",
        "version",
        "handling_type",
        "legal_limit_days",
        "committed_limit_days",
        "created_at",
    ]
    list_filter = ["handling_type", "item_type", "is_joint"]
    list_select_related = ["item"]
