from django.urls import path
from rest_framework.authtoken.views import ObtainAuthToken

from xiaoneng.core.api import views

urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="api-organizations"),
    path(
        "organizations/<int:pk>/", views.OrganizationDetailView.as_view(), name="api-organization"
    ),
    path("staff/", views.StaffListView.as_view(), name="api-staff"),
    path("me/", views.MeView.as_view(), name="api-me"),
    # user name + password → token; failures count towards the account lock-out (django-axes)
    path("auth/token/", ObtainAuthToken.as_view(), name="api-token"),
]
