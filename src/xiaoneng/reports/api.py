"""GET /api/v1/reports/situation/ (the .docx or PDF) and .../situation/figures/ (its figures)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.api.schema import READ_ERRORS, error_responses
from xiaoneng.core.documents import DOCX_MIME
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import Organization, User
from xiaoneng.core.selectors import organization_get
from xiaoneng.reports.render import PDF_MIME
from xiaoneng.reports.services import FORMATS, ReportFile, situation_report_generate
from xiaoneng.supervision.selectors import parse_day

PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="First day."),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="Last day."),
    OpenApiParameter(
        "as_of", OpenApiTypes.DATE, description="Open cases and tasks as of (default: to)."
    ),
    OpenApiParameter("unit", OpenApiTypes.INT, description="Organization id (default: all)."),
]


class SituationFiguresSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    as_of = serializers.DateField()
    unit = serializers.CharField()
    items = serializers.IntegerField()
    compression_rate = serializers.DecimalField(14, 1, allow_null=True)
    items_cut_by_two_thirds = serializers.IntegerField()
    cases_closed = serializers.IntegerField()
    case_on_time_rate = serializers.DecimalField(14, 1, allow_null=True)
    case_early_rate = serializers.DecimalField(14, 1, allow_null=True)
    cases_open_overdue = serializers.IntegerField()
    average_workdays_used = serializers.DecimalField(14, 1, allow_null=True)
    refusal_filings = serializers.IntegerField()
    breaches = serializers.IntegerField()
    warnings_issued = serializers.IntegerField()
    complaints_received = serializers.IntegerField()
    complaints_due = serializers.IntegerField()
    complaints_closed = serializers.IntegerField()
    complaint_closure_rate = serializers.DecimalField(14, 1, allow_null=True)
    ratings_received = serializers.IntegerField()
    rating_satisfaction_rate = serializers.DecimalField(14, 1, allow_null=True)
    tasks_created = serializers.IntegerField()
    tasks_overdue = serializers.IntegerField()
    community_violations = serializers.IntegerField()


def _unit(user: User, value: str | None) -> Organization | None:
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise InvalidInput(_("The unit is an organization id (a whole number)."), field="unit")
    return organization_get(user=user, pk=int(value))


def _generate(request: Request, output_format: str) -> ReportFile:
    params = request.query_params
    return situation_report_generate(
        actor=request.user,  # type: ignore[arg-type]
        start=parse_day(params.get("from"), field="from"),
        end=parse_day(params.get("to"), field="to"),
        as_of=parse_day(params.get("as_of"), field="as_of"),
        unit=_unit(request.user, params.get("unit")),  # type: ignore[arg-type]
        output_format=output_format,
    )


class SituationReportView(APIView):
    """The situation report (情况汇报) for a period, GB/T 9704 layout, as Word or PDF."""

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        """`format` names the file's format here, not a renderer; errors are JSON."""
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        operation_id="reports_situation_retrieve",
        parameters=[
            *PARAMETERS,
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=list(FORMATS), description="Default: docx."
            ),
        ],
        responses={
            (200, DOCX_MIME): OpenApiResponse(OpenApiTypes.BINARY, description="Word file."),
            (200, PDF_MIME): OpenApiResponse(OpenApiTypes.BINARY, description="PDF file."),
            **error_responses(400, *READ_ERRORS, 404),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        report = _generate(request, request.query_params.get("format") or "docx")
        response = HttpResponse(report.content, content_type=report.content_type)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(report.filename)}"
        return response


class SituationFiguresView(APIView):
    """The figures the situation report prints, for the same parameters."""

    @extend_schema(
        operation_id="reports_situation_figures",
        parameters=PARAMETERS,
        responses={200: SituationFiguresSerializer, **error_responses(400, *READ_ERRORS, 404)},
    )
    def get(self, request: Request) -> Response:
        report = _generate(request, "docx")
        return Response(SituationFiguresSerializer(report.figures).data)
