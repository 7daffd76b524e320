"""API endpoints of disclosure and publicity, mounted under /api/v1/."""

from django.urls import path

from xiaoneng.disclosure import api
from xiaoneng.disclosure.publicity import api as publicity

urlpatterns = [
    path("disclosure/figures/", api.FiguresView.as_view(), name="api-disclosure-figures"),
    path(
        "disclosure/figures/publish/",
        api.FiguresPublishView.as_view(),
        name="api-disclosure-figures-publish",
    ),
    path("disclosure/items/", api.ItemListView.as_view(), name="api-disclosure-items"),
    path(
        "disclosure/items/<int:pk>/withdraw/",
        api.ItemWithdrawView.as_view(),
        name="api-disclosure-item-withdraw",
    ),
    path("disclosure/topics/", api.TopicListView.as_view(), name="api-disclosure-topics"),
    path(
        "disclosure/topics/<str:number>/support/",
        api.TopicSupportView.as_view(),
        name="api-disclosure-topic-support",
    ),
    path(
        "disclosure/topics/<str:number>/pick/",
        api.TopicPickView.as_view(),
        name="api-disclosure-topic-pick",
    ),
    path(
        "disclosure/topics/<str:number>/decline/",
        api.TopicDeclineView.as_view(),
        name="api-disclosure-topic-decline",
    ),
    path(
        "disclosure/topics/<str:number>/outcome/",
        api.TopicOutcomeView.as_view(),
        name="api-disclosure-topic-outcome",
    ),
    path(
        "publicity/bulletins/", publicity.BulletinListView.as_view(), name="api-publicity-bulletins"
    ),
    path(
        "publicity/bulletins/<int:pk>/",
        publicity.BulletinDetailView.as_view(),
        name="api-publicity-bulletin",
    ),
    path(
        "publicity/bulletins/<int:pk>/issue/",
        publicity.BulletinIssueView.as_view(),
        name="api-publicity-bulletin-issue",
    ),
    path(
        "publicity/media-items/",
        publicity.MediaItemListView.as_view(),
        name="api-publicity-media-items",
    ),
    path("publicity/columns/", publicity.ColumnListView.as_view(), name="api-publicity-columns"),
    path("publicity/counts/", publicity.MediaCountsView.as_view(), name="api-publicity-counts"),
]
