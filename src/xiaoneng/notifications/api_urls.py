"""API endpoints of notifications, mounted under /api/v1/."""

from django.urls import path

from xiaoneng.notifications import api

urlpatterns = [
    path("notifications/", api.NotificationListView.as_view(), name="api-notifications"),
    path("notifications/read/", api.MarkReadView.as_view(), name="api-notifications-read"),
    path(
        "notifications/<int:pk>/read/",
        api.MarkOneReadView.as_view(),
        name="api-notification-read",
    ),
    path(
        "notifications/preferences/",
        api.PreferenceView.as_view(),
        name="api-notification-preferences",
    ),
    path("notifications/deliveries/", api.DeliveryListView.as_view(), name="api-notification-log"),
    path(
        "notifications/templates/",
        api.TemplateListView.as_view(),
        name="api-notification-templates",
    ),
    path(
        "notifications/templates/<slug:kind>/<slug:channel>/",
        api.TemplateDetailView.as_view(),
        name="api-notification-template",
    ),
]
