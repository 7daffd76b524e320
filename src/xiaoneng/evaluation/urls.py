"""Workbench pages of this context, mounted under /workbench/evaluation/."""

from django.urls import path  # noqa: F401

app_name = "evaluation"
urlpatterns: list = []
