"""Django admin for reference data. Organizations are saved through the services (path,
validation, audit); people, applicants and the audit trail are not in the admin at all — staff
accounts are managed in the workbench, the audit trail is read by the audit administrator there.

In particular neither `User` nor `UserRole` is registered: the admin opens to the system
administrator, who must not grant the system, security or audit administrator roles (三员分立);
those go through `services.user_set_roles` on the security administrator's page
(tests/core/test_separation_of_duties.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from xiaoneng.core import services
from xiaoneng.core.access import user_may
from xiaoneng.core.errors import DomainError
from xiaoneng.core.identifiers import validate_credit_code
from xiaoneng.core.models import Organization
from xiaoneng.core.roles import Perm


class OrganizationAdminForm(forms.ModelForm):
    """Checks what the services would refuse, so that the admin shows field errors, not a 500."""

    request: HttpRequest

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "credit_code",
            "region_code",
            "is_active",
            "sort_order",
        ]

    def clean_credit_code(self) -> str:
        code = self.cleaned_data.get("credit_code") or ""
        if code:
            try:
                code = validate_credit_code(code).value
            except DomainError as error:
                raise forms.ValidationError(str(error.message)) from error
        return code

    def clean_parent(self) -> Organization | None:
        parent = self.cleaned_data.get("parent")
        if not user_may(self.request.user, Perm.ORG_MANAGE, parent):
            raise forms.ValidationError(_("You may not place organizations there."))
        if parent is not None and self.instance.pk and parent.path.startswith(self.instance.path):
            raise forms.ValidationError(_("An organization cannot be moved below itself."))
        return parent


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationAdminForm
    list_display = ["name", "short_name", "kind", "level", "parent", "credit_code", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "short_name", "credit_code", "region_code"]
    readonly_fields = ["path", "credit_code_warning"]
    list_select_related = ["parent"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        form.request = request  # type: ignore[attr-defined]
        return form

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # organizations are deactivated, never deleted (cases refer to them)

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        fields = {
            f: form.cleaned_data[f]
            for f in [
                "name",
                "short_name",
                "kind",
                "level",
                "credit_code",
                "region_code",
                "is_active",
            ]
        }
        if change:
            saved = services.organization_update(
                actor=request.user, organization=obj, parent=form.cleaned_data["parent"], **fields
            )
        else:
            saved = services.organization_create(
                actor=request.user, parent=form.cleaned_data["parent"], **fields
            )
        obj.pk, obj.path = saved.pk, saved.path
