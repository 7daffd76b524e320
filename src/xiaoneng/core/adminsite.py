"""The admin site opens to the system administrator's role, not to Django's is_staff flag."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.roles import Perm


class XiaonengAdminSite(admin.AdminSite):
    site_header = _("xiaoneng reference data")
    site_title = _("xiaoneng")
    index_title = _("Reference data")

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and user_has_perm(request.user, Perm.REFERENCE_MANAGE)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only a context's services change (permission-checked, audited): the admin
    shows them and never adds, edits or deletes."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
