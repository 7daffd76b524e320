"""Workbench pages of this context, mounted under /workbench/supervision/."""

from django.urls import path  # noqa: F401

app_name = "supervision"
urlpatterns: list = []
