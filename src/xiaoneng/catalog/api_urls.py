"""API endpoints of the catalog, mounted under /api/v1/."""

from django.urls import path

from xiaoneng.catalog import api

urlpatterns = [
    path("catalog/items/", api.ItemListView.as_view(), name="api-catalog-items"),
    path("catalog/items/<str:code>/", api.ItemDetailView.as_view(), name="api-catalog-item"),
    path(
        "catalog/items/<str:code>/versions/<int:version>/",
        api.VersionDetailView.as_view(),
        name="api-catalog-version",
    ),
    path(
        "catalog/items/<str:code>/revise/",
        api.ItemReviseView.as_view(),
        name="api-catalog-item-revise",
    ),
    path(
        "catalog/items/<str:code>/suspend/",
        api.ItemStatusView.as_view(action="suspend"),
        name="api-catalog-item-suspend",
    ),
    path(
        "catalog/items/<str:code>/cancel/",
        api.ItemStatusView.as_view(action="cancel"),
        name="api-catalog-item-cancel",
    ),
    path(
        "catalog/items/<str:code>/reactivate/",
        api.ItemStatusView.as_view(action="reactivate"),
        name="api-catalog-item-reactivate",
    ),
    path("catalog/compression/", api.CompressionView.as_view(), name="api-catalog-compression"),
    path("catalog/import/", api.CatalogImportView.as_view(), name="api-catalog-import"),
    path("catalog/export/", api.CatalogExportView.as_view(), name="api-catalog-export"),
]
