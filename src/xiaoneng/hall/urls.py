"""Workbench pages of the hall, mounted under /workbench/hall/."""

from django.urls import path

from xiaoneng.hall import kiosk, views

app_name = "hall"
urlpatterns = [
    path("", views.halls, name="halls"),
    path("figures/", views.figures_page, name="figures"),
    path("kiosk/<str:code>/switch-on/", kiosk.switch_on, name="kiosk_switch_on"),
    path("windows/<int:pk>/", views.window_page, name="window"),
    path("windows/<int:pk>/counter/", views.counter, name="counter"),
    path("display/<str:code>/", views.display, name="display"),
    path("display/<str:code>/board/", views.display_board, name="display_board"),
]
