"""API endpoints of this context, mounted under /api/v1/."""

from django.urls import path

from xiaoneng.supervision import api

urlpatterns = [
    path("supervision/summary", api.SummaryView.as_view(), name="api-supervision-summary"),
    path("supervision/cases", api.CaseLightListView.as_view(), name="api-supervision-cases"),
    path(
        "supervision/opinions", api.OpinionLightListView.as_view(), name="api-supervision-opinions"
    ),
    path("supervision/breaches", api.BreachListView.as_view(), name="api-supervision-breaches"),
    path("supervision/warnings", api.WarningListView.as_view(), name="api-supervision-warnings"),
    path(
        "supervision/accountabilities",
        api.AccountabilityListView.as_view(),
        name="api-supervision-accountabilities",
    ),
    path(
        "supervision/accountabilities/<int:pk>",
        api.AccountabilityDetailView.as_view(),
        name="api-supervision-accountability",
    ),
    path(
        "supervision/accountabilities/<int:pk>/submit",
        api.AccountabilitySubmitView.as_view(),
        name="api-supervision-accountability-submit",
    ),
    path(
        "supervision/accountabilities/<int:pk>/review",
        api.AccountabilityReviewView.as_view(),
        name="api-supervision-accountability-review",
    ),
    path(
        "supervision/accountabilities/<int:pk>/admonish",
        api.AccountabilityAdmonishView.as_view(),
        name="api-supervision-accountability-admonish",
    ),
]
