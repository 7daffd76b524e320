"""Public portal pages of this context, mounted under /community/ on the portal."""

from django.urls import path

from xiaoneng.community.views import portal

app_name = "portal_community"
urlpatterns = [
    path("certificates/check/", portal.certificate_check, name="certificate_check"),
]
