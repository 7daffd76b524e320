"""Results applied (结果运用): /api/v1/evaluation/result-applications/ and the HR export."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.pagination import StandardPagination
from xiaoneng.core.api.schema import PAGINATION_PARAMETERS, error_responses, paginated
from xiaoneng.core.excel import XLSX_MIME
from xiaoneng.core.models import User
from xiaoneng.evaluation.api.common import (
    OrganizationField,
    StaffField,
    id_parameter,
    organization,
    query_choice,
    query_int,
    query_year,
    year_parameter,
)
from xiaoneng.evaluation.models import Recommendation, ResultApplication
from xiaoneng.evaluation.selectors.appraisals import appraisal_get_for_user
from xiaoneng.evaluation.selectors.results import result_application_list
from xiaoneng.evaluation.selectors.rounds import round_get_for_user
from xiaoneng.evaluation.services import results as services

TAG = ["evaluation"]


class ResultApplicationSerializer(serializers.ModelSerializer):
    unit_name = JsonStringField(source="unit.name")
    leader_name = serializers.SerializerMethodField()
    recommendation_label = JsonStringField(source="get_recommendation_display")
    decided_by = JsonStringField(source="decided_by.get_username")

    class Meta:
        model = ResultApplication
        fields = [
            "id",
            "round",
            "appraisal",
            "unit",
            "unit_name",
            "leader",
            "leader_name",
            "recommendation",
            "recommendation_label",
            "reason",
            "decided_by",
            "decided_at",
        ]

    def get_leader_name(self, record: ResultApplication) -> str:
        leader = record.leader
        return (leader.real_name or leader.get_username()) if leader else ""


class ResultApplicationInputSerializer(serializers.Serializer):
    round = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    appraisal = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    unit = OrganizationField()
    leader = StaffField(required=False, allow_null=True)
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    reason = JsonStringField(max_length=4000)


FILTERS = [
    id_parameter("unit", "Only this unit (and below)."),
    id_parameter("leader", "Only this leader."),
    year_parameter("Only decisions of this year."),
    OpenApiParameter("recommendation", str, enum=Recommendation.values),
]


def _filtered(request: Request) -> Any:
    params = request.query_params
    leader_id = query_int(params.get("leader"), "leader")
    return result_application_list(
        user=request.user,
        unit=organization(query_int(params.get("unit"), "unit"), "unit"),
        leader=User.objects.filter(pk=leader_id).first() if leader_id else None,
        year=query_year(params.get("year")),
        recommendation=query_choice(
            params.get("recommendation"), "recommendation", Recommendation.choices
        ),
    )


class ResultApplicationListView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="evaluation_result_applications_list",
        tags=TAG,
        parameters=[*PAGINATION_PARAMETERS, *FILTERS],
        responses={
            200: paginated(ResultApplicationSerializer),
            **error_responses(400, 401, 403, 404),
        },
    )
    def get(self, request: Request) -> Response:
        paginator = StandardPagination()
        rows = paginator.paginate_queryset(_filtered(request), request, view=self)
        return paginator.get_paginated_response(ResultApplicationSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="evaluation_result_applications_create",
        tags=TAG,
        request=ResultApplicationInputSerializer,
        responses={
            201: ResultApplicationSerializer,
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    def post(self, request: Request) -> Response:
        data = ResultApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        round_id, appraisal_id = values.pop("round", None), values.pop("appraisal", None)
        record = services.result_application_record(
            actor=request.user,
            evaluation_round=round_get_for_user(user=request.user, pk=round_id)
            if round_id
            else None,
            appraisal=appraisal_get_for_user(user=request.user, pk=appraisal_id)
            if appraisal_id
            else None,
            **values,
        )
        return Response(ResultApplicationSerializer(record).data, status=status.HTTP_201_CREATED)


class ResultApplicationExportView(APIView):
    @extend_schema(
        operation_id="evaluation_result_applications_export",
        tags=TAG,
        description="The workbook for the personnel department (.xlsx), with the same filters.",
        parameters=FILTERS,
        responses={
            (200, XLSX_MIME): OpenApiResponse(OpenApiTypes.BINARY, description="the workbook"),
            **error_responses(400, 401, 403, 404),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        content = services.results_export_xlsx(actor=request.user, records=list(_filtered(request)))
        response = HttpResponse(content, content_type=XLSX_MIME)
        response["Content-Disposition"] = 'attachment; filename="results-applied.xlsx"'
        return response
