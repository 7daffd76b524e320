"""Workbench pages of this context, mounted under /workbench/cases/."""

from django.urls import path

from xiaoneng.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("search/", views.search, name="search"),
    path("window/", views.window, name="window"),
    path("deem-sweep/", views.deem_sweep, name="deem_sweep"),
    path("meetings/", views.meetings, name="meetings"),
    path("<str:number>/", views.case_page, name="case"),
    path("<str:number>/window/", views.window_case, name="window_case"),
    path("<str:number>/act/<str:action>/", views.case_action, name="action"),
    path("<str:number>/documents/<int:sequence>/", views.document, name="document"),
    path(
        "<str:number>/documents/<int:sequence>.docx",
        views.document_download,
        name="document_download",
    ),
    path("<str:number>/materials/<int:pk>/", views.material_download, name="material"),
]
