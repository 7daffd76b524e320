"""Workbench pages of this context, mounted under /workbench/community/."""

from django.urls import path  # noqa: F401

app_name = "community"
urlpatterns: list = []
