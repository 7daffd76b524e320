from django.contrib.auth import views as auth_views
from django.urls import path

from xiaoneng.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-in/", views.PortalSignInView.as_view(), name="sign_in"),
    path("sign-out/", auth_views.LogoutView.as_view(next_page="/"), name="sign_out"),
]
