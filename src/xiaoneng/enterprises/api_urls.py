"""API endpoints of monitored enterprises, mounted under /api/v1/; fixed paths first."""

from django.urls import URLPattern, path

from xiaoneng.enterprises import api

urlpatterns: list[URLPattern] = [
    path("enterprises/", api.EnterpriseListView.as_view(), name="api-enterprises"),
    path(
        "enterprises/figures/", api.EnterpriseFiguresView.as_view(), name="api-enterprise-figures"
    ),
    path("enterprises/problems/", api.ProblemListView.as_view(), name="api-enterprise-problems"),
    path(
        "enterprises/problems/<str:number>/reply/",
        api.ProblemReplyView.as_view(),
        name="api-enterprise-problem-reply",
    ),
    path(
        "enterprises/problems/<str:number>/rate/",
        api.ProblemRateView.as_view(),
        name="api-enterprise-problem-rate",
    ),
]
