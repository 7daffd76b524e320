from django.contrib.auth import views as auth_views
from django.urls import path

from xiaoneng.workbench import sessions, staffing, views

app_name = "workbench"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.profile, name="profile"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path("account/sessions/", sessions.my_sessions, name="my_sessions"),
    path("account/sessions/<int:pk>/end/", sessions.my_session_end, name="my_session_end"),
    path(
        "account/sessions/end-others/",
        sessions.my_sessions_end_others,
        name="my_sessions_end_others",
    ),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/new/", views.organization_new, name="organization_new"),
    path("staff/", views.staff, name="staff"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:pk>/roles/", views.staff_roles, name="staff_roles"),
    path("staff/<int:pk>/", staffing.staff_member, name="staff_member"),
    path("import/<slug:kind>/", staffing.onboarding_import, name="onboarding_import"),
    path("security/password-reset/", staffing.password_reset, name="password_reset"),
    path("audit/", views.audit_trail, name="audit"),
    path("security/", views.security, name="security"),
    path("security/unlock/", views.security_unlock, name="security_unlock"),
    path("security/admin-role/", views.security_admin_role, name="security_admin_role"),
    path("security/revoke-tokens/", views.security_revoke_tokens, name="security_revoke_tokens"),
    path("security/end-sessions/", sessions.security_end_sessions, name="security_end_sessions"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
