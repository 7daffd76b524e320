"""Unified sign-in: /sso/<realm>/start/ goes to the identity platform, which returns to
/sso/<realm>/callback/ (register these callback URLs with the platform)."""

from django.urls import path

from xiaoneng.core import sso

app_name = "sso"

urlpatterns = [
    path("staff/start/", sso.StaffStartView.as_view(), name="staff-start"),
    path("staff/callback/", sso.StaffCallbackView.as_view(), name="staff-callback"),
    path("applicant/start/", sso.ApplicantStartView.as_view(), name="applicant-start"),
    path("applicant/callback/", sso.ApplicantCallbackView.as_view(), name="applicant-callback"),
]
