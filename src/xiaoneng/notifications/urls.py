"""Workbench pages of the notifications context, mounted under /workbench/notifications/."""

from django.urls import path

from xiaoneng.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_read, name="mark_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<slug:kind>/<slug:channel>/", views.template_edit, name="template_edit"),
    path("log/", views.delivery_log, name="log"),
]
