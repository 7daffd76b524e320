"""GET /api/v1/reports/situation/ (the .docx or PDF) and .../situation/figures/ (its figures);
POST .../situation/jobs/ queues the same report for the worker, GET .../jobs/<id>/ shows its
state and .../jobs/<id>/download/ answers the file when it is done."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.schema import READ_ERRORS, error_responses
from xiaoneng.core.db_router import reading_from_replica
from xiaoneng.core.documents import DOCX_MIME
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import Organization, User
from xiaoneng.core.selectors import organization_get
from xiaoneng.reports import selectors
from xiaoneng.reports.models import ReportJob, ReportJobStatus
from xiaoneng.reports.queue import situation_report_queue
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
    unit = JsonStringField()
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
    community_accountability_open = serializers.IntegerField()
    community_accountability_closed = serializers.IntegerField()
    community_ledgers_unapproved = serializers.IntegerField()
    community_paper_ledgers_removed = serializers.IntegerField()
    community_requests = serializers.IntegerField()
    community_requests_answer_rate = serializers.DecimalField(14, 1, allow_null=True)
    inspection_visits = serializers.IntegerField()
    inspection_staff_found = serializers.IntegerField()
    inspection_warnings = serializers.IntegerField()
    rotations = serializers.IntegerField()
    rotations_section_level = serializers.IntegerField()
    rotations_ordinary = serializers.IntegerField()
    rotation_units = serializers.IntegerField()
    surveys = serializers.IntegerField()
    survey_enterprises = serializers.IntegerField()
    questionnaires_issued = serializers.IntegerField()
    questionnaires_returned = serializers.IntegerField()
    media_items = serializers.IntegerField(help_text="Articles the media published.")
    bulletins_issued = serializers.IntegerField(help_text="Work bulletins issued.")
    enterprise_problems = serializers.IntegerField(
        help_text="Problems monitored enterprises reported in the period."
    )
    enterprise_problems_replied = serializers.IntegerField()
    enterprise_problems_replied_on_time = serializers.IntegerField(
        help_text="Replied by the due day (10 working days)."
    )
    enterprise_problems_overdue = serializers.IntegerField(
        help_text="Not replied and past the due day as of as_of."
    )
    enterprise_problems_on_time_rate = serializers.DecimalField(
        14, 1, allow_null=True, help_text="Replied on time ÷ (replied + overdue), %."
    )
    enterprise_satisfaction_rate = serializers.DecimalField(
        14, 1, allow_null=True, help_text="Satisfied or basically satisfied ÷ rated, %."
    )
    enterprise_visits = serializers.IntegerField()
    enterprise_symposia = serializers.IntegerField()
    project_meetings = serializers.IntegerField(
        help_text="Joint review meetings held on projects' cases."
    )
    projects_helped = serializers.IntegerField(
        help_text="Projects whose problems such a meeting solved."
    )
    project_problems_solved = serializers.IntegerField()
    project_disputes_resolved = serializers.IntegerField(
        help_text="Problems of the projects' investors reported in the period and replied."
    )
    campaign_enterprises_investigated = serializers.IntegerField()
    campaign_findings = serializers.IntegerField()
    campaign_findings_rectified = serializers.IntegerField()
    campaign_amount_refunded = serializers.DecimalField(
        16, 2, help_text="Yuan refunded on the campaigns' findings."
    )
    rule_filing_units = serializers.IntegerField(help_text="Units that file the eight rules.")
    rule_filing_units_missing = serializers.IntegerField(
        help_text="Units with a rule not accepted as of as_of."
    )
    monitors_serving = serializers.IntegerField(help_text="Efficiency monitors serving on as_of.")
    monitor_observations = serializers.IntegerField(
        help_text="Observations of monitors and media reports submitted in the period."
    )
    observations_from_media = serializers.IntegerField()
    observations_forwarded = serializers.IntegerField()
    observations_replied_on_time = serializers.IntegerField()


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
    @reading_from_replica()
    def get(self, request: Request) -> HttpResponse:
        report = _generate(request, request.query_params.get("format") or "docx")
        return _attachment(report.content, report.content_type, report.filename)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class SituationFiguresView(APIView):
    """The figures the situation report prints, for the same parameters."""

    @extend_schema(
        operation_id="reports_situation_figures",
        parameters=PARAMETERS,
        responses={200: SituationFiguresSerializer, **error_responses(400, *READ_ERRORS, 404)},
    )
    @reading_from_replica()
    def get(self, request: Request) -> Response:
        report = _generate(request, "docx")
        return Response(SituationFiguresSerializer(report.figures).data)


class ReportJobRequestSerializer(serializers.Serializer):
    """The same parameters as GET .../situation/, in a JSON body (`from` and `to` required)."""

    as_of = serializers.DateField(required=False, allow_null=True)
    unit = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    format = serializers.ChoiceField(choices=list(FORMATS), default="docx")

    def get_fields(self) -> dict[str, serializers.Field]:
        # `from` is a Python keyword: the two period fields are added by name.
        return {
            "from": serializers.DateField(),
            "to": serializers.DateField(),
            **super().get_fields(),
        }


class ReportJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReportJobStatus.choices)
    url = JsonStringField()
    download_url = JsonStringField(
        allow_null=True, help_text="Where the file is, once the status is finished."
    )
    start = serializers.DateField()
    end = serializers.DateField()
    as_of = serializers.DateField(allow_null=True)
    unit = serializers.IntegerField(allow_null=True)
    format = JsonStringField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    error = JsonStringField(allow_blank=True, help_text="Why it failed, when it did.")


def _job_data(request: Request, job: ReportJob) -> dict[str, object]:
    url = request.build_absolute_uri(reverse("api-report-job", args=[job.pk]))
    download = reverse("api-report-job-download", args=[job.pk])
    return {
        "id": job.pk,
        "status": job.status,
        "url": url,
        "download_url": (
            request.build_absolute_uri(download) if job.status == ReportJobStatus.FINISHED else None
        ),
        "start": job.start,
        "end": job.end,
        "as_of": job.as_of,
        "unit": job.unit_id,
        "format": job.output_format,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "error": job.error,
    }


class ReportJobListView(APIView):
    """Queue the situation report for the worker (`xiaoneng worker`); 202 with the job's
    address. The synchronous GET .../situation/ stays for small periods. JSON bodies only (a
    form field left empty would read as "no date")."""

    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="reports_situation_jobs_create",
        request=ReportJobRequestSerializer,
        responses={202: ReportJobSerializer, **error_responses(400, *READ_ERRORS, 404)},
    )
    def post(self, request: Request) -> Response:
        body = ReportJobRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        job = situation_report_queue(
            actor=request.user,  # type: ignore[arg-type]
            start=data["from"],
            end=data["to"],
            as_of=data.get("as_of"),
            unit=_unit(request.user, str(data.get("unit") or "")),  # type: ignore[arg-type]
            output_format=data["format"],
        )
        # read again: where tasks run at once (tests), it has run already
        answer = _job_data(request, selectors.report_job_get_for_user(user=request.user, pk=job.pk))
        return Response(
            answer, status=status.HTTP_202_ACCEPTED, headers={"Location": str(answer["url"])}
        )


class ReportJobDetailView(APIView):
    """One queued report, for who queued it: queued, running, finished (with `download_url`)
    or failed (with `error`)."""

    @extend_schema(
        operation_id="reports_situation_jobs_retrieve",
        responses={200: ReportJobSerializer, **error_responses(*READ_ERRORS, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        job = selectors.report_job_get_for_user(user=request.user, pk=pk)
        return Response(_job_data(request, job))


class ReportJobDownloadView(APIView):
    """The finished report's file; 409 while it is queued or running, or when it failed."""

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        operation_id="reports_situation_jobs_download",
        responses={
            (200, DOCX_MIME): OpenApiResponse(OpenApiTypes.BINARY, description="Word file."),
            (200, PDF_MIME): OpenApiResponse(OpenApiTypes.BINARY, description="PDF file."),
            **error_responses(*READ_ERRORS, 404, 409),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        job = selectors.report_job_file_for_user(user=request.user, pk=pk)
        return _attachment(bytes(job.content or b""), job.content_type, job.filename)
