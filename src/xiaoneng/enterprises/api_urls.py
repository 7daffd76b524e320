"""API endpoints of monitored enterprises, special campaigns and efficiency monitors, mounted
under /api/v1/; fixed paths first."""

from django.urls import URLPattern, path

from xiaoneng.enterprises import api
from xiaoneng.enterprises.campaigns import api as campaigns
from xiaoneng.enterprises.monitors import api as monitors

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
    path("campaigns/", campaigns.CampaignListView.as_view(), name="api-campaigns"),
    path("campaigns/figures/", campaigns.CampaignTotalsView.as_view(), name="api-campaign-totals"),
    path("campaigns/findings/", campaigns.FindingListView.as_view(), name="api-campaign-findings"),
    path(
        "campaigns/findings/<str:number>/rectify/",
        campaigns.FindingRectifyView.as_view(),
        name="api-campaign-finding-rectify",
    ),
    path("campaigns/<int:pk>/", campaigns.CampaignDetailView.as_view(), name="api-campaign"),
    path(
        "campaigns/<int:pk>/figures/",
        campaigns.CampaignFiguresView.as_view(),
        name="api-campaign-figures",
    ),
    path(
        "campaigns/<int:pk>/survey/",
        campaigns.CampaignSurveyView.as_view(),
        name="api-campaign-survey",
    ),
    path(
        "campaigns/<int:pk>/teams/",
        campaigns.CampaignTeamListView.as_view(),
        name="api-campaign-teams",
    ),
    path(
        "campaigns/<int:pk>/enterprises/",
        campaigns.CampaignEnterpriseListView.as_view(),
        name="api-campaign-enterprises",
    ),
    path(
        "campaigns/<int:pk>/meetings/",
        campaigns.CampaignMeetingListView.as_view(),
        name="api-campaign-meetings",
    ),
    path(
        "campaigns/<int:pk>/findings/",
        campaigns.CampaignFindingListView.as_view(),
        name="api-campaign-finding-list",
    ),
    path("monitors/", monitors.MonitorListView.as_view(), name="api-monitors"),
    path("monitors/figures/", monitors.MonitorFiguresView.as_view(), name="api-monitor-figures"),
    path(
        "monitors/observations/",
        monitors.ObservationListView.as_view(),
        name="api-monitor-observations",
    ),
    path(
        "monitors/observations/<str:number>/accept/",
        monitors.ObservationAcceptView.as_view(),
        name="api-observation-accept",
    ),
    path(
        "monitors/observations/<str:number>/decline/",
        monitors.ObservationDeclineView.as_view(),
        name="api-observation-decline",
    ),
    path(
        "monitors/observations/<str:number>/forward/",
        monitors.ObservationForwardView.as_view(),
        name="api-observation-forward",
    ),
    path(
        "monitors/observations/<str:number>/reply/",
        monitors.ObservationReplyView.as_view(),
        name="api-observation-reply",
    ),
    path(
        "monitors/observations/<str:number>/close/",
        monitors.ObservationCloseView.as_view(),
        name="api-observation-close",
    ),
    path(
        "monitors/media-reports/",
        monitors.MediaReportListView.as_view(),
        name="api-media-reports",
    ),
    path(
        "monitors/media-reports/<int:pk>/follow-up/",
        monitors.MediaReportFollowUpView.as_view(),
        name="api-media-report-follow-up",
    ),
]
