"""Public portal pages of this context, mounted under /complaints/ on the portal."""

from django.urls import path  # noqa: F401

app_name = "portal_complaints"
urlpatterns: list = []
