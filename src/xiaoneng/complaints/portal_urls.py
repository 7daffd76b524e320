"""Public portal pages of this context, mounted under /complaints/ on the portal."""

from django.urls import path

from xiaoneng.complaints import portal_views

app_name = "portal_complaints"
urlpatterns = [
    path("", portal_views.index, name="index"),
    path("new/", portal_views.submit, name="submit"),
    path("track/", portal_views.track, name="track"),
    path("rate/", portal_views.rate, name="rate"),
    path("ratings/", portal_views.rating_figures, name="ratings"),
    path("ask/", portal_views.ask, name="ask"),
    path("questions/", portal_views.questions, name="questions"),
]
