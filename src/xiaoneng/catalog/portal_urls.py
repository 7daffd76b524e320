"""Public portal pages of this context, mounted under /catalog/ on the portal."""

from django.urls import path  # noqa: F401

app_name = "portal_catalog"
urlpatterns: list = []
