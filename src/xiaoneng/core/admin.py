"""Django admin for reference data; the audit trail is read-only there too."""

from django.contrib import admin

from xiaoneng.core.models import Applicant, AuditRecord, Organization, User, UserRole


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "level", "parent", "credit_code", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "short_name", "credit_code", "region_code"]
    readonly_fields = ["path"]


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["username", "real_name", "organization", "post", "rank", "kind", "is_active"]
    list_filter = ["kind", "rank", "is_active"]
    search_fields = ["username", "real_name"]
    exclude = ["password", "user_permissions", "groups"]
    inlines = [UserRoleInline]


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "created_at"]
    search_fields = ["name"]
    exclude = ["id_number"]


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ["id", "at", "actor_name", "action", "object_type", "object_id", "result"]

    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # only the audit administrator reads the trail, in the workbench

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
