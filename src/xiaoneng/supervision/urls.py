"""Workbench pages of this context, mounted under /workbench/supervision/."""

from django.urls import path

from xiaoneng.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.case_list, name="cases"),
    path("breaches/", views.breach_list, name="breaches"),
    path("warnings/", views.warning_list, name="warnings"),
    path("accountabilities/", views.accountability_list, name="accountabilities"),
    path("accountabilities/<int:pk>/", views.accountability_detail, name="accountability"),
    path("settings/", views.settings_page, name="settings"),
]
