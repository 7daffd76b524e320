"""GET /api/v1/cockpit/?as_of=&period=: the cockpit's headline figures (parse → selector → serialize)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.cockpit.periods import Period
from xiaoneng.cockpit.selectors import cockpit_headlines
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.schema import READ_ERRORS, error_responses
from xiaoneng.core.db_router import reading_from_replica
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.roles import Perm
from xiaoneng.supervision.selectors import parse_day


class TrendPointSerializer(serializers.Serializer):
    period = JsonStringField(source="label", help_text="YYYY-MM of the period's start.")
    start = serializers.DateField()
    end = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)


class UnitRankSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    unit = JsonStringField()
    value = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)
    drill_url = JsonStringField(
        allow_blank=True, help_text="The list behind this unit's number (workbench page)."
    )


class HeadlineSerializer(serializers.Serializer):
    code = JsonStringField()
    area = JsonStringField(source="context", help_text="The context the figure comes from.")
    name = JsonStringField(source="label")
    value = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)
    is_rate = serializers.BooleanField(help_text="A percentage; changes are then in points.")
    year_ago = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)
    previous = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)
    year_on_year = serializers.DecimalField(
        max_digits=14, decimal_places=1, allow_null=True, help_text="同比: points or %."
    )
    period_on_period = serializers.DecimalField(
        max_digits=14, decimal_places=1, allow_null=True, help_text="环比: points or %."
    )
    trend = TrendPointSerializer(many=True)
    ranking = UnitRankSerializer(many=True)
    drill_url = JsonStringField(help_text="The workbench list behind the number.")


class CockpitSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    period = serializers.ChoiceField(choices=Period.choices)
    start = serializers.DateField()
    end = serializers.DateField()
    headlines = HeadlineSerializer(many=True)


class CockpitView(APIView):
    """Every headline figure the caller may see, for the period to date (leaders and the
    efficiency office)."""

    @extend_schema(
        operation_id="cockpit_retrieve",
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today."),
            OpenApiParameter(
                "period", OpenApiTypes.STR, enum=Period.values, description="Default: month."
            ),
        ],
        responses={200: CockpitSerializer, **error_responses(400, *READ_ERRORS)},
    )
    @reading_from_replica()
    def get(self, request: Request) -> Response:
        if not user_has_perm(request.user, Perm.COCKPIT_VIEW):  # type: ignore[arg-type]
            raise NotPermitted(_("Only leaders and the efficiency office open the cockpit."))
        params = request.query_params
        period = params.get("period") or Period.MONTH
        if period not in Period.values:
            raise InvalidInput(_("The period is month, quarter or year."), field="period")
        as_of = parse_day(params.get("as_of"), field="as_of") or timezone.localdate()
        cockpit = cockpit_headlines(user=request.user, as_of=as_of, period=period)  # type: ignore[arg-type]
        return Response(CockpitSerializer(cockpit).data)
