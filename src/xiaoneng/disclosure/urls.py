"""Workbench pages of disclosure, mounted under /workbench/disclosure/."""

from django.urls import path

from xiaoneng.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("figures/", views.figures_publish, name="figures_publish"),
    path("items/<int:pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("topics/<str:number>/<slug:action>/", views.topic_act, name="topic_act"),
]
