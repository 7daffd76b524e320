"""Workbench pages of the cockpit, mounted under /workbench/cockpit/."""

from django.urls import path

from xiaoneng.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("", views.cockpit, name="cockpit"),
    path("display/", views.display, name="display"),
]
