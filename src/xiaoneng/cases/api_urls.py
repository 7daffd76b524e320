"""API endpoints of this context, mounted under /api/v1/."""

from django.urls import path

from xiaoneng.cases import api

urlpatterns = [
    path("cases/", api.CaseListView.as_view(), name="cases-list"),
    path("cases/queue", api.QueueView.as_view(), name="cases-queue"),
    path("cases/import", api.ImportView.as_view(), name="cases-import"),
    path("cases/meetings", api.MeetingView.as_view(), name="cases-meetings"),
    path("cases/<str:number>/", api.CaseDetailView.as_view(), name="cases-detail"),
    *[
        path(
            f"cases/<str:number>/{action}",
            api.CaseActionView.as_view(action_name=action),
            name=f"cases-{action}",
        )
        for action in api.ACTIONS
    ],
]
