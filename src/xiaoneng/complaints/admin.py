from django.contrib import admin

from xiaoneng.complaints.models import DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    """Limits per work-order kind (defaults: consultation 2, help/suggestion 10, complaint 15)."""

    list_display = ["kind", "workdays"]
