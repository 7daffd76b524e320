"""Read-only API over the working-day calendar (行政许可法 Art. 82).

GET /api/v1/workdays/add/?start=2025-09-30&n=5
GET /api/v1/workdays/count/?start=2025-09-30&end=2025-10-14
GET /api/v1/workdays/year/2026/
(the older forms without the trailing slash still answer)
Bad input gives 400 {"errors": [{"field": ..., "reason": ...}]}.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.errors import InvalidInput
from xiaoneng.workdays import default
from xiaoneng.workdays.errors import CalendarRangeError
from xiaoneng.workdays.workcalendar import FIRST_DAY, LAST_DAY, DayType

MAX_STEPS = 10_000


class AddQuery(serializers.Serializer):
    start = serializers.DateField()
    n = serializers.IntegerField(min_value=-MAX_STEPS, max_value=MAX_STEPS)


class CountQuery(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class AddResult(serializers.Serializer):
    start = serializers.DateField()
    n = serializers.IntegerField()
    day = serializers.DateField()
    is_provisional = serializers.BooleanField()
    unknown_years = serializers.ListField(child=serializers.IntegerField())


class CountResultSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    workdays = serializers.IntegerField()
    is_provisional = serializers.BooleanField()
    unknown_years = serializers.ListField(child=serializers.IntegerField())


class SpecialDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    kind = JsonStringField(help_text="`holiday` or `makeup_workday`.")
    is_workday = serializers.BooleanField()
    name = JsonStringField(allow_blank=True, allow_null=True)
    source: Any = JsonStringField()
    reference = JsonStringField(allow_blank=True, allow_null=True)


class YearResultSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    is_provisional = serializers.BooleanField()
    source: Any = JsonStringField()
    reference = JsonStringField(allow_blank=True, allow_null=True)
    workdays = serializers.IntegerField()
    days = SpecialDaySerializer(many=True)


def _parse(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _range_error(field: str) -> InvalidInput:
    return InvalidInput(
        _("The calendar covers %(first)s to %(last)s.") % {"first": FIRST_DAY, "last": LAST_DAY},
        field=field,
        code="out_of_range",
    )


@extend_schema(parameters=[AddQuery], responses=AddResult)
@api_view(["GET"])
def add_view(request: Request) -> Response:
    """The n-th working day strictly after ``start`` (the start day is not counted)."""
    query = _parse(AddQuery, request)
    try:
        result = default.add_workdays_checked(query["start"], query["n"])
    except CalendarRangeError as exc:
        raise _range_error("n" if FIRST_DAY <= query["start"] <= LAST_DAY else "start") from exc
    return Response(
        AddResult(
            {
                "start": query["start"],
                "n": query["n"],
                "day": result.day,
                "is_provisional": result.is_provisional,
                "unknown_years": list(result.unknown_years),
            }
        ).data
    )


@extend_schema(parameters=[CountQuery], responses=CountResultSerializer)
@api_view(["GET"])
def count_view(request: Request) -> Response:
    """Working days in (start, end]; 0 when end ≤ start."""
    query = _parse(CountQuery, request)
    for field in ("start", "end"):
        if not FIRST_DAY <= query[field] <= LAST_DAY:
            raise _range_error(field)
    result = default.count_workdays_checked(query["start"], query["end"])
    return Response(
        CountResultSerializer(
            {
                "start": query["start"],
                "end": query["end"],
                "workdays": result.workdays,
                "is_provisional": result.is_provisional,
                "unknown_years": list(result.unknown_years),
            }
        ).data
    )


@extend_schema(responses=YearResultSerializer)
@api_view(["GET"])
def year_view(request: Request, year: int) -> Response:
    """A year's holidays and make-up working days, with the source of each."""
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise _range_error("year")
    calendar = default.get_calendar()
    days = calendar.year_days(year)
    source, reference = calendar.year_source(year)
    special = [d for d in days if d.day_type in (DayType.HOLIDAY, DayType.MAKEUP_WORKDAY)]
    return Response(
        {
            "year": year,
            "is_provisional": not calendar.is_known_year(year),
            "source": source.value,
            "reference": reference,
            "workdays": sum(1 for d in days if d.is_workday),
            "days": [
                {
                    "day": d.day.isoformat(),
                    "kind": d.day_type.value,
                    "is_workday": d.is_workday,
                    "name": d.name,
                    "source": d.source.value,
                    "reference": d.reference,
                }
                for d in special
            ],
        }
    )
