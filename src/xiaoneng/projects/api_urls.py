"""API endpoints of key projects, mounted under /api/v1/."""

from django.urls import URLPattern, path

from xiaoneng.projects import api

urlpatterns: list[URLPattern] = [
    path("projects/", api.ProjectListView.as_view(), name="api-projects"),
    path("projects/<str:number>/cases/", api.ProjectCaseView.as_view(), name="api-project-cases"),
    path(
        "projects/<str:number>/prerequisites/",
        api.ProjectPrerequisiteView.as_view(),
        name="api-project-prerequisites",
    ),
]
