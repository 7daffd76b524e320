from django.urls import path

from xiaoneng.core.api import auth, lookup, onboarding, sessions, views

urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="api-organizations"),
    path(
        "organizations/lookup/",
        lookup.OrganizationLookupView.as_view(),
        name="api-organizations-lookup",
    ),
    path(
        "organizations/<int:pk>/", views.OrganizationDetailView.as_view(), name="api-organization"
    ),
    path("staff/", views.StaffListView.as_view(), name="api-staff"),
    path(
        "organizations/import/",
        onboarding.OrganizationImportView.as_view(),
        name="api-organizations-import",
    ),
    path("staff/import/", onboarding.StaffImportView.as_view(), name="api-staff-import"),
    path("staff/<int:pk>/", onboarding.StaffDetailView.as_view(), name="api-staff-member"),
    path(
        "staff/<int:pk>/transfer/",
        onboarding.StaffTransferView.as_view(),
        name="api-staff-transfer",
    ),
    path(
        "staff/<int:pk>/offboard/",
        onboarding.StaffOffboardView.as_view(),
        name="api-staff-offboard",
    ),
    path(
        "staff/<int:pk>/password-reset/",
        onboarding.StaffPasswordResetView.as_view(),
        name="api-staff-password-reset",
    ),
    path(
        "staff/<int:pk>/sessions/revoke/",
        sessions.StaffSessionsEndView.as_view(),
        name="api-staff-sessions-revoke",
    ),
    path("me/password/", onboarding.MePasswordView.as_view(), name="api-me-password"),
    path("me/sessions/", sessions.MySessionsView.as_view(), name="api-me-sessions"),
    path("me/sessions/<int:pk>/", sessions.MySessionView.as_view(), name="api-me-session"),
    path(
        "me/sessions/revoke-others/",
        sessions.MyOtherSessionsEndView.as_view(),
        name="api-me-sessions-revoke-others",
    ),
    path("me/", views.MeView.as_view(), name="api-me"),
    # user name + password (+ the administrators' TOTP code) → token; failures count towards
    # the account lock-out (django-axes); DELETE gives one's own token back
    path("auth/token/", auth.TokenView.as_view(), name="api-token"),
    path("auth/token/revoke/", auth.TokenRevokeView.as_view(), name="api-token-revoke"),
]
