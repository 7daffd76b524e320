"""Workbench pages of monitored enterprises, mounted under /workbench/enterprises/."""

from django.urls import path

from xiaoneng.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprises, name="list"),
    path("problems/", views.problems, name="problems"),
    path("figures/", views.figures, name="figures"),
    path("problems/<str:number>/", views.problem, name="problem"),
]
