"""Public service guide, mounted under /catalog/ on the portal."""

from django.urls import path

from xiaoneng.catalog import portal_views
from xiaoneng.portal import views as portal_pages

app_name = "portal_catalog"
urlpatterns = [
    path("", portal_views.guide_list, name="list"),
    # The guide page composes the catalog with the hall's windows: the portal renders it.
    path("<str:code>/", portal_pages.guide_detail, name="detail"),
]
