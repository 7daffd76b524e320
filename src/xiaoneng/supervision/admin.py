"""Admin: the thresholds row is shown read-only; supervisors change it on the workbench
(services.settings_update rebuilds the watches), so no second path writes it."""

from django.contrib import admin

from xiaoneng.supervision.models import SupervisionSettings


@admin.register(SupervisionSettings)
class SupervisionSettingsAdmin(admin.ModelAdmin):
    list_display = ["yellow_days", "yellow_ratio", "late_forwarding_days", "updated_at"]
    readonly_fields = ["yellow_days", "yellow_ratio", "late_forwarding_days", "updated_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
