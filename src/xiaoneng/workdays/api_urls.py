"""API endpoints of the working-day calendar, mounted under /api/v1/."""

from django.urls import path

from xiaoneng.workdays import api

urlpatterns = [
    path("workdays/add", api.add_view, name="workdays-add"),
    path("workdays/count", api.count_view, name="workdays-count"),
    path("workdays/year/<int:year>", api.year_view, name="workdays-year"),
]
