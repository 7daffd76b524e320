"""API endpoints of the cockpit, mounted under /api/v1/."""

from django.urls import path

from xiaoneng.cockpit import api

urlpatterns = [path("cockpit/", api.CockpitView.as_view(), name="api-cockpit")]
