"""Public portal pages of this context, mounted under /notifications/ on the portal."""

from django.urls import path

from xiaoneng.notifications import portal_views

app_name = "portal_notifications"
urlpatterns = [
    path("", portal_views.inbox, name="inbox"),
    path("read/", portal_views.mark_read, name="mark_read"),
    path("preferences/", portal_views.preferences, name="preferences"),
]
