"""Public portal pages of this context, mounted under /community/ on the portal."""

from django.urls import path

from xiaoneng.community.views import portal, residents

app_name = "portal_community"
urlpatterns = [
    path("", residents.index, name="index"),
    path("join/", residents.join, name="join"),
    path("<int:pk>/", residents.public_page, name="public"),
    path("<int:pk>/screen/", residents.screen, name="screen"),
    path("<int:pk>/forum/", residents.forum, name="forum"),
    path("<int:pk>/forum/<int:topic_pk>/", residents.topic, name="topic"),
    path(
        "<int:pk>/deliberations/<int:deliberation_pk>/support/",
        residents.deliberation_support,
        name="deliberation_support",
    ),
    path(
        "<int:pk>/hearings/<int:hearing_pk>/registration/",
        residents.hearing_register,
        name="hearing_register",
    ),
    path("certificates/check/", portal.certificate_check, name="certificate_check"),
]
