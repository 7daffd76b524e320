"""Workbench pages of reports, mounted under /workbench/reports/."""

from django.urls import path

from xiaoneng.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.reports, name="reports"),
    path("circular/", views.circular, name="circular"),
    path("template/", views.template_upload, name="template-upload"),
    path("jobs/", views.job_queue, name="job-queue"),
    path("jobs/<int:pk>/download/", views.job_download, name="job-download"),
]
