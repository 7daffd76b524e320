"""Workbench pages of monitored enterprises, mounted under /workbench/enterprises/."""

from django.urls import path

from xiaoneng.enterprises import views
from xiaoneng.enterprises.campaigns import views as campaigns
from xiaoneng.enterprises.monitors import views as monitors

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprises, name="list"),
    path("problems/", views.problems, name="problems"),
    path("figures/", views.figures, name="figures"),
    path("problems/<str:number>/", views.problem, name="problem"),
    path("campaigns/", campaigns.campaigns, name="campaigns"),
    path("campaigns/findings/", campaigns.findings, name="findings"),
    path("campaigns/findings/<str:number>/", campaigns.finding, name="finding"),
    path("campaigns/<int:pk>/", campaigns.campaign, name="campaign"),
    path("monitors/", monitors.monitors, name="monitors"),
    path("monitors/observations/", monitors.observations, name="observations"),
    path("monitors/observations/<str:number>/", monitors.observation, name="observation"),
    path("monitors/media-reports/", monitors.media_reports, name="media_reports"),
    path("monitors/figures/", monitors.figures, name="monitor_figures"),
]
