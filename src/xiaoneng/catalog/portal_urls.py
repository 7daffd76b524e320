"""Public service guide, mounted under /catalog/ on the portal."""

from django.urls import path

from xiaoneng.catalog import portal_views

app_name = "portal_catalog"
urlpatterns = [
    path("", portal_views.guide_list, name="list"),
    path("<str:code>/", portal_views.guide_detail, name="detail"),
]
