"""API endpoints of reports, mounted under /api/v1/."""

from django.urls import path

from xiaoneng.reports import api

urlpatterns = [
    path("reports/situation/", api.SituationReportView.as_view(), name="api-report-situation"),
    path(
        "reports/situation/figures/",
        api.SituationFiguresView.as_view(),
        name="api-report-situation-figures",
    ),
    path("reports/situation/jobs/", api.ReportJobListView.as_view(), name="api-report-jobs"),
    path(
        "reports/situation/jobs/<int:pk>/", api.ReportJobDetailView.as_view(), name="api-report-job"
    ),
    path(
        "reports/situation/jobs/<int:pk>/download/",
        api.ReportJobDownloadView.as_view(),
        name="api-report-job-download",
    ),
]
