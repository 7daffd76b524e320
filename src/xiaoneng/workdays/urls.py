"""Workbench pages of the working-day calendar, mounted under /workbench/workdays/."""

from django.urls import path

from xiaoneng.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.year_view, name="year_current"),
    path("<int:year>/", views.year_view, name="year"),
    path("notice/", views.notice_form, name="notice_new"),
    path("notice/<int:year>/", views.notice_form, name="notice_edit"),
]
