"""Reference data of the community context in the admin: the task-list versions (read-only;
new versions are published through `task_list_publish` so earlier ones stay unchanged)."""

from django.contrib import admin

from xiaoneng.community.models import Task, TaskListVersion


class TaskInline(admin.TabularInline):
    model = Task
    fields = ("code", "name", "area", "legal_basis")
    readonly_fields = ("code", "name", "area", "legal_basis")
    extra = 0
    can_delete = False


@admin.register(TaskListVersion)
class TaskListVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "published_on", "is_current", "note"]
    readonly_fields = ["version", "published_on", "is_current", "note"]
    inlines = [TaskInline]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
