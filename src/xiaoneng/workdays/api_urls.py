"""API endpoints of the working-day calendar, mounted under /api/v1/.

Every path ends in "/"; the older forms without it still answer (hidden from the schema).
"""

from django.urls import URLPattern

from xiaoneng.core.api.routing import with_slashless_alias
from xiaoneng.workdays import api

urlpatterns: list[URLPattern] = [
    *with_slashless_alias("workdays/add/", api.add_view, name="workdays-add"),
    *with_slashless_alias("workdays/count/", api.count_view, name="workdays-count"),
    *with_slashless_alias("workdays/year/<int:year>/", api.year_view, name="workdays-year"),
]
