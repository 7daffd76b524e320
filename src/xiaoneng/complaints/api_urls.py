"""API endpoints of this context, mounted under /api/v1/.

One path per lifecycle action (so that each has its own request shape in the schema); fixed
paths come before ``complaints/<number>/``. Every path ends in "/".
"""

from django.urls import URLPattern, path

from xiaoneng.complaints import api
from xiaoneng.core.api.routing import with_slashless_alias

urlpatterns: list[URLPattern] = [
    path("complaints/", api.ComplaintListView.as_view(), name="api-complaints"),
    *with_slashless_alias(
        "complaints/stats/", api.ComplaintStatsView.as_view(), name="api-complaint-stats"
    ),
    path("complaints/track/", api.ComplaintTrackView.as_view(), name="api-complaint-track"),
    path("complaints/import/", api.ComplaintImportView.as_view(), name="api-complaint-import"),
    path("complaints/<str:number>/", api.ComplaintDetailView.as_view(), name="api-complaint"),
    *[
        path(
            f"complaints/<str:number>/{action}/",
            api.ComplaintActionView.as_view(action_name=action),
            name=f"api-complaint-{action}",
        )
        for action in api.COMPLAINT_ACTIONS
    ],
    path("ratings/", api.RatingListView.as_view(), name="api-ratings"),
    path("ratings/figures/", api.RatingFiguresView.as_view(), name="api-rating-figures"),
    *[
        path(
            f"ratings/<int:pk>/{action}/",
            api.RatingActionView.as_view(action_name=action),
            name=f"api-rating-{action}",
        )
        for action in api.RATING_ACTIONS
    ],
    path("consultations/", api.ConsultationListView.as_view(), name="api-consultations"),
    path(
        "consultations/published/",
        api.PublishedConsultationView.as_view(),
        name="api-consultations-published",
    ),
    *[
        path(
            f"consultations/<str:number>/{action}/",
            api.ConsultationActionView.as_view(action_name=action),
            name=f"api-consultation-{action}",
        )
        for action in api.CONSULTATION_ACTIONS
    ],
]
