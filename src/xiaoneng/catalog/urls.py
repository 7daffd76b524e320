"""Workbench pages of this context, mounted under /workbench/catalog/."""

from django.urls import path  # noqa: F401

app_name = "catalog"
urlpatterns: list = []
