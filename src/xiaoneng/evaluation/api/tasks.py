"""Supervision tasks, documents, rectification notices, inspection visits and findings."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.api.fields import JsonBooleanField, JsonStringField
from xiaoneng.core.api.schema import error_responses
from xiaoneng.core.audit import audit
from xiaoneng.core.documents import DOCX_MIME
from xiaoneng.core.errors import NotFound
from xiaoneng.evaluation.api.common import (
    EvaluationCreatedSerializer,
    OrganizationField,
    StaffField,
    query_choice,
    query_year,
    year_parameter,
)
from xiaoneng.evaluation.models import (
    DocumentKind,
    FindingKind,
    Handling,
    Milestone,
    RectificationNotice,
    SupervisionTask,
    TaskSource,
    VisitMode,
)
from xiaoneng.evaluation.selectors import tasks as selectors
from xiaoneng.evaluation.services import inspections, tasks
from xiaoneng.evaluation.workflow import NoticeStatus, TaskStatus

WRITE_ERRORS = error_responses(400, 401, 403, 404, 409)
OVERDUE_CHOICES = [("0", gettext_lazy("all tasks")), ("1", gettext_lazy("only overdue tasks"))]


class EvaluationMilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "done_on"]


class EvaluationTaskSerializer(serializers.ModelSerializer):
    lead_unit_name = JsonStringField(source="lead_unit.name", read_only=True)
    milestones = EvaluationMilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = SupervisionTask
        fields = [
            "id",
            "number",
            "title",
            "source",
            "plan",
            "goal",
            "deadline",
            "owner",
            "lead_unit",
            "lead_unit_name",
            "responsible_units",
            "status",
            "completed_on",
            "milestones",
        ]


class EvaluationMilestoneInputSerializer(serializers.Serializer):
    title = JsonStringField(max_length=200)
    due_on = serializers.DateField()


class EvaluationTaskInputSerializer(serializers.Serializer):
    title = JsonStringField(max_length=200)
    source = serializers.ChoiceField(choices=TaskSource.choices)  # type: ignore[assignment]
    goal = JsonStringField()
    deadline = serializers.DateField()
    owner = OrganizationField()
    lead_unit = OrganizationField()
    responsible_units = serializers.ListField(child=OrganizationField(), required=False)
    milestones = EvaluationMilestoneInputSerializer(many=True, required=False)


class TaskListView(APIView):
    @extend_schema(
        operation_id="evaluation_tasks_list",
        parameters=[
            OpenApiParameter(
                "overdue",
                OpenApiTypes.STR,
                enum=[code for code, _label in OVERDUE_CHOICES],
                description="`1`: only open or in-progress tasks past their deadline",
            )
        ],
        responses={
            200: EvaluationTaskSerializer(many=True),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request: Request) -> Response:
        queryset = selectors.task_list(user=request.user).prefetch_related(
            "milestones", "responsible_units"
        )
        if query_choice(request.query_params.get("overdue"), "overdue", OVERDUE_CHOICES) == "1":
            queryset = queryset & selectors.tasks_overdue(
                user=request.user, on=timezone.localdate()
            )
        return Response(EvaluationTaskSerializer(queryset, many=True).data)

    @extend_schema(
        operation_id="evaluation_tasks_create",
        request=EvaluationTaskInputSerializer,
        responses={201: EvaluationTaskSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = EvaluationTaskInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["milestones"] = [(m["title"], m["due_on"]) for m in values.get("milestones", [])]
        task = tasks.task_create(actor=request.user, **values)
        return Response(EvaluationTaskSerializer(task).data, status=status.HTTP_201_CREATED)


class EvaluationTaskProgressInputSerializer(serializers.Serializer):
    unit = OrganizationField()
    percent_done = serializers.IntegerField(min_value=0, max_value=100)
    text = JsonStringField()


class TaskProgressView(APIView):
    @extend_schema(
        operation_id="evaluation_task_progress_create",
        request=EvaluationTaskProgressInputSerializer,
        responses={201: EvaluationCreatedSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        task = selectors.task_get_for_user(user=request.user, pk=pk)
        data = EvaluationTaskProgressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = tasks.task_report_progress(actor=request.user, task=task, **data.validated_data)
        return Response({"id": report.pk}, status=status.HTTP_201_CREATED)


class EvaluationTaskStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TaskStatus.choices)


class TaskStatusView(APIView):
    @extend_schema(
        operation_id="evaluation_task_status_set",
        request=EvaluationTaskStatusInputSerializer,
        responses={200: EvaluationTaskSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        task = selectors.task_get_for_user(user=request.user, pk=pk)
        data = EvaluationTaskStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tasks.task_set_status(actor=request.user, task=task, **data.validated_data)
        return Response(EvaluationTaskSerializer(task).data)


class EvaluationDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    number = JsonStringField()
    title = JsonStringField()
    issued_on = serializers.DateField()


class EvaluationDocumentInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[DocumentKind.CIRCULAR, DocumentKind.LEADER_REPORT])
    title = JsonStringField(max_length=200)
    body = JsonStringField()
    owner = OrganizationField()
    recipient = JsonStringField(max_length=200, required=False, allow_blank=True)


class EvaluationNumberedSerializer(serializers.Serializer):
    """The answer to issuing a document: its id and document number."""

    id = serializers.IntegerField()
    number = JsonStringField()


class DocumentListView(APIView):
    @extend_schema(
        operation_id="evaluation_documents_list",
        responses={200: EvaluationDocumentSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        documents = selectors.documents_list(user=request.user)
        return Response(EvaluationDocumentSerializer(documents, many=True).data)

    @extend_schema(
        operation_id="evaluation_documents_create",
        request=EvaluationDocumentInputSerializer,
        responses={201: EvaluationNumberedSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = EvaluationDocumentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = tasks.document_issue(actor=request.user, **data.validated_data)
        return Response(
            {"id": document.pk, "number": document.number}, status=status.HTTP_201_CREATED
        )


class DocumentWordView(APIView):
    @extend_schema(
        operation_id="evaluation_document_word",
        responses={
            (200, DOCX_MIME): OpenApiResponse(
                OpenApiTypes.BINARY, description="the document as Word (GB/T 9704 layout)"
            ),
            **error_responses(401, 403, 404),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        document = selectors.document_get_for_user(user=request.user, pk=pk)
        audit(actor=request.user, action="task.document.download", obj=document)
        response = HttpResponse(tasks.document_render(document), content_type=DOCX_MIME)
        response["Content-Disposition"] = f'attachment; filename="document-{document.pk}.docx"'
        return response


class EvaluationNoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = JsonStringField(source="document.number")
    unit = JsonStringField(source="unit.name")
    deadline = serializers.DateField()
    status = serializers.ChoiceField(choices=NoticeStatus.choices)


class EvaluationNoticeInputSerializer(serializers.Serializer):
    unit = OrganizationField()
    problem = JsonStringField()
    deadline = serializers.DateField()
    owner = OrganizationField()


class EvaluationNoticeStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=NoticeStatus.choices)


class NoticeListView(APIView):
    @extend_schema(
        operation_id="evaluation_notices_list",
        responses={200: EvaluationNoticeSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        notices = selectors.notices_list(user=request.user)
        return Response(EvaluationNoticeSerializer(notices, many=True).data)

    @extend_schema(
        operation_id="evaluation_notices_create",
        request=EvaluationNoticeInputSerializer,
        responses={201: EvaluationNumberedSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = EvaluationNoticeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notice = tasks.notice_issue(actor=request.user, **data.validated_data)
        return Response(
            {"id": notice.pk, "number": notice.document.number}, status=status.HTTP_201_CREATED
        )


def _notice(request: Request, pk: int) -> RectificationNotice:
    notice = selectors.notices_list(user=request.user).filter(pk=pk).first()
    if notice is None:
        raise NotFound(_("No such rectification notice."), field="notice")
    return notice


class EvaluationNoticeReportInputSerializer(serializers.Serializer):
    rectification = JsonStringField()


class NoticeReportView(APIView):
    @extend_schema(
        operation_id="evaluation_notice_report",
        request=EvaluationNoticeReportInputSerializer,
        responses={200: EvaluationNoticeStatusSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        notice = _notice(request, pk)
        data = EvaluationNoticeReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notice = tasks.notice_report(actor=request.user, notice=notice, **data.validated_data)
        return Response(EvaluationNoticeStatusSerializer(notice).data)


class EvaluationNoticeVerifyInputSerializer(serializers.Serializer):
    is_accepted = JsonBooleanField()
    verification = JsonStringField()


class NoticeVerifyView(APIView):
    @extend_schema(
        operation_id="evaluation_notice_verify",
        request=EvaluationNoticeVerifyInputSerializer,
        responses={200: EvaluationNoticeStatusSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        notice = _notice(request, pk)
        data = EvaluationNoticeVerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notice = tasks.notice_verify(actor=request.user, notice=notice, **data.validated_data)
        return Response(EvaluationNoticeStatusSerializer(notice).data)


class EvaluationVisitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    visited_on = serializers.DateField()
    mode = serializers.ChoiceField(choices=VisitMode.choices)
    units = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()

    def get_units(self, visit: object) -> list[str]:
        return [u.name for u in visit.units.all()]  # type: ignore[attr-defined]

    def get_findings(self, visit: object) -> int:
        return visit.findings.count()  # type: ignore[attr-defined]


class EvaluationVisitInputSerializer(serializers.Serializer):
    owner = OrganizationField()
    visited_on = serializers.DateField()
    mode = serializers.ChoiceField(choices=VisitMode.choices)
    units = serializers.ListField(child=OrganizationField(), allow_empty=False, min_length=1)
    inspectors = serializers.ListField(child=StaffField(), allow_empty=False, min_length=1)
    notes = JsonStringField(required=False, allow_blank=True)


class VisitListView(APIView):
    @extend_schema(
        operation_id="evaluation_visits_list",
        responses={200: EvaluationVisitSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        visits = selectors.visit_list(user=request.user)
        return Response(EvaluationVisitSerializer(visits, many=True).data)

    @extend_schema(
        operation_id="evaluation_visits_create",
        request=EvaluationVisitInputSerializer,
        responses={201: EvaluationCreatedSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = EvaluationVisitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = inspections.visit_record(actor=request.user, **data.validated_data)
        return Response({"id": visit.pk}, status=status.HTTP_201_CREATED)


class EvaluationFindingInputSerializer(serializers.Serializer):
    unit = OrganizationField()
    kind = serializers.ChoiceField(choices=FindingKind.choices)
    person = StaffField(required=False, allow_null=True)
    person_name = JsonStringField(max_length=60, required=False, allow_blank=True)
    description = JsonStringField(required=False, allow_blank=True)


class FindingListView(APIView):
    @extend_schema(
        operation_id="evaluation_visit_findings_create",
        request=EvaluationFindingInputSerializer,
        responses={201: EvaluationCreatedSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        visit = selectors.visit_get_for_user(user=request.user, pk=pk)
        data = EvaluationFindingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        finding = inspections.finding_record(actor=request.user, visit=visit, **data.validated_data)
        return Response({"id": finding.pk}, status=status.HTTP_201_CREATED)


class EvaluationFindingHandleInputSerializer(serializers.Serializer):
    handling = serializers.ChoiceField(choices=[Handling.EFFICIENCY_WARNING, Handling.OTHER])
    note = JsonStringField(required=False, allow_blank=True)


class EvaluationFindingHandledSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    handling = serializers.ChoiceField(choices=Handling.choices)
    warning_ref = JsonStringField(help_text="the efficiency warning's number, if one")


class FindingHandleView(APIView):
    @extend_schema(
        operation_id="evaluation_finding_handle",
        request=EvaluationFindingHandleInputSerializer,
        responses={200: EvaluationFindingHandledSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        finding = selectors.findings_list(user=request.user).filter(pk=pk).first()
        if finding is None:
            raise NotFound(_("No such finding."), field="finding")
        data = EvaluationFindingHandleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        finding = inspections.finding_handle(
            actor=request.user, finding=finding, **data.validated_data
        )
        return Response(EvaluationFindingHandledSerializer(finding).data)


FINDING_COUNTS = {
    "type": "object",
    "description": "unit name → finding kind → number of findings",
    "additionalProperties": {
        "type": "object",
        "additionalProperties": {"type": "integer"},
    },
}


class FindingCountsView(APIView):
    @extend_schema(
        operation_id="evaluation_finding_counts",
        parameters=[year_parameter("only visits in this year")],
        responses={200: FINDING_COUNTS, **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        year = query_year(request.query_params.get("year"))
        return Response(selectors.finding_counts(user=request.user, year=year))


class EvaluationMilestoneDoneInputSerializer(serializers.Serializer):
    done_on = serializers.DateField(required=False, help_text="today if left out")


class EvaluationMilestoneDoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    done_on = serializers.DateField()


class MilestoneDoneView(APIView):
    # JSON only: an unreadable form body would pass as "no date given" and mark it done today
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="evaluation_milestone_done",
        request=EvaluationMilestoneDoneInputSerializer,
        responses={200: EvaluationMilestoneDoneSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = EvaluationMilestoneDoneInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = (
            Milestone.objects.select_related("task")
            .filter(pk=pk, task__in=selectors.task_list(user=request.user))
            .first()
        )
        if milestone is None:
            raise NotFound(_("No such milestone."), field="milestone")
        tasks.milestone_done(
            actor=request.user,
            milestone=milestone,
            done_on=data.validated_data.get("done_on") or timezone.localdate(),
        )
        return Response(EvaluationMilestoneDoneSerializer(milestone).data)
