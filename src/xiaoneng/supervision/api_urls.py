"""API endpoints of this context, mounted under /api/v1/.

Every path ends in "/"; the older forms without it still answer (hidden from the schema).
"""

from django.urls import URLPattern

from xiaoneng.core.api.routing import with_slashless_alias
from xiaoneng.supervision import api

ROUTES = [
    ("supervision/summary/", api.SummaryView, "api-supervision-summary"),
    ("supervision/cases/", api.CaseLightListView, "api-supervision-cases"),
    ("supervision/opinions/", api.OpinionLightListView, "api-supervision-opinions"),
    ("supervision/breaches/", api.BreachListView, "api-supervision-breaches"),
    ("supervision/warnings/", api.WarningListView, "api-supervision-warnings"),
    (
        "supervision/accountabilities/",
        api.AccountabilityListView,
        "api-supervision-accountabilities",
    ),
    (
        "supervision/accountabilities/<int:pk>/",
        api.AccountabilityDetailView,
        "api-supervision-accountability",
    ),
    (
        "supervision/accountabilities/<int:pk>/submit/",
        api.AccountabilitySubmitView,
        "api-supervision-accountability-submit",
    ),
    (
        "supervision/accountabilities/<int:pk>/review/",
        api.AccountabilityReviewView,
        "api-supervision-accountability-review",
    ),
    (
        "supervision/accountabilities/<int:pk>/admonish/",
        api.AccountabilityAdmonishView,
        "api-supervision-accountability-admonish",
    ),
]

urlpatterns: list[URLPattern] = [
    pattern
    for route, view, name in ROUTES
    for pattern in with_slashless_alias(route, view.as_view(), name=name)
]
