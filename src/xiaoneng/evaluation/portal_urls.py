"""Public portal pages of this context, mounted under /evaluation/ on the portal."""

from django.urls import path  # noqa: F401

app_name = "portal_evaluation"
urlpatterns: list = []
