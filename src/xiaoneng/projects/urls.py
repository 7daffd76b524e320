"""Workbench pages of key projects, mounted under /workbench/projects/."""

from django.urls import path

from xiaoneng.projects import views

app_name = "projects"
urlpatterns = [path("", views.projects, name="list")]
