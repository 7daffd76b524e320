"""API endpoints of this context, mounted under /api/v1/.

Fixed paths come before ``cases/<number>/`` so that "import", "queue" and "meetings" are never
taken for a case number. Every path ends in "/"; the older forms without it still answer.
"""

from django.urls import URLPattern, path

from xiaoneng.cases import api
from xiaoneng.core.api.routing import with_slashless_alias

urlpatterns: list[URLPattern] = [
    path("cases/", api.CaseListView.as_view(), name="cases-list"),
    *with_slashless_alias("cases/queue/", api.QueueView.as_view(), name="cases-queue"),
    *with_slashless_alias("cases/import/", api.ImportView.as_view(), name="cases-import"),
    *with_slashless_alias("cases/meetings/", api.MeetingView.as_view(), name="cases-meetings"),
    path("cases/<str:number>/", api.CaseDetailView.as_view(), name="cases-detail"),
]
for action in api.ACTIONS:
    urlpatterns += with_slashless_alias(
        f"cases/<str:number>/{action}/",
        api.CaseActionView.as_view(action_name=action),
        name=f"cases-{action}",
    )
