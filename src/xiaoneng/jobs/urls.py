"""Workbench pages of background work, mounted under /workbench/jobs/."""

from django.urls import path

from xiaoneng.jobs import views

app_name = "jobs"
urlpatterns = [
    path("imports/", views.import_list, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("failed/", views.failed_list, name="failed"),
]
