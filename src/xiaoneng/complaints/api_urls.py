"""API endpoints of this context, mounted under /api/v1/."""

from django.urls import path

from xiaoneng.complaints import api

urlpatterns = [
    path("complaints/", api.ComplaintListView.as_view(), name="api-complaints"),
    path("complaints/stats", api.ComplaintStatsView.as_view(), name="api-complaint-stats"),
    path("complaints/stats/", api.ComplaintStatsView.as_view()),
    path("complaints/track/", api.ComplaintTrackView.as_view(), name="api-complaint-track"),
    path("complaints/import/", api.ComplaintImportView.as_view(), name="api-complaint-import"),
    path("complaints/<str:number>/", api.ComplaintDetailView.as_view(), name="api-complaint"),
    path(
        "complaints/<str:number>/<slug:action>/",
        api.ComplaintActionView.as_view(),
        name="api-complaint-action",
    ),
    path("ratings/", api.RatingListView.as_view(), name="api-ratings"),
    path("ratings/figures/", api.RatingFiguresView.as_view(), name="api-rating-figures"),
    path(
        "ratings/<int:pk>/<slug:action>/", api.RatingActionView.as_view(), name="api-rating-action"
    ),
    path("consultations/", api.ConsultationListView.as_view(), name="api-consultations"),
    path(
        "consultations/published/",
        api.PublishedConsultationView.as_view(),
        name="api-consultations-published",
    ),
    path(
        "consultations/<str:number>/<slug:action>/",
        api.ConsultationActionView.as_view(),
        name="api-consultation-action",
    ),
]
