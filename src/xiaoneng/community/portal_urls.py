"""Public portal pages of this context, mounted under /community/ on the portal."""

from django.urls import path  # noqa: F401

app_name = "portal_community"
urlpatterns: list = []
