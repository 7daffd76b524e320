"""Public portal pages of this context, mounted under /cases/ on the portal."""

from django.urls import path

from xiaoneng.cases import portal_views

app_name = "portal_cases"
urlpatterns = [
    path("apply/", portal_views.apply, name="apply"),
    path("track/", portal_views.track, name="track"),
    path("mine/", portal_views.mine, name="mine"),
    path("mine/<str:number>/", portal_views.mine_case, name="mine_case"),
    path(
        "<str:number>/documents/<int:sequence>.docx",
        portal_views.document_download,
        name="document_download",
    ),
]
