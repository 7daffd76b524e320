"""Workbench pages of the catalog, mounted under /workbench/catalog/."""

from django.urls import path

from xiaoneng.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("items/new/", views.item_create, name="create"),
    path("import/", views.catalog_import, name="import"),
    path("items/<str:code>/", views.item_detail, name="detail"),
    path("items/<str:code>/versions/<int:version>/", views.item_detail, name="version"),
    path("items/<str:code>/edit/", views.item_revise, name="revise"),
    path("items/<str:code>/status/", views.item_status, name="status"),
    path("items/<str:code>/keywords/", views.item_keywords, name="keywords"),
]
