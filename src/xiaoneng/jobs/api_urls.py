"""API endpoints of background work, mounted under /api/v1/."""

from django.urls import path

from xiaoneng.jobs import api

urlpatterns = [
    path("imports/", api.ImportJobListView.as_view(), name="api-import-jobs"),
    path("imports/<int:pk>/", api.ImportJobDetailView.as_view(), name="api-import-job"),
    path("tasks/failed/", api.FailedTaskListView.as_view(), name="api-failed-tasks"),
]
