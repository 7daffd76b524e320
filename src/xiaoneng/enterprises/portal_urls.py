"""Portal pages of monitored enterprises, mounted under /enterprises/."""

from django.urls import path

from xiaoneng.enterprises import portal_views
from xiaoneng.enterprises.monitors import portal_views as monitor_views

app_name = "portal_enterprises"
urlpatterns = [
    path("", portal_views.index, name="index"),
    path("monitor/", monitor_views.index, name="monitor"),
    path("<str:number>/rate/", portal_views.rate, name="rate"),
]
