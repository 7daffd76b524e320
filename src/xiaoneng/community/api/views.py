"""Task list, admission, burden reports, meetings, inspections and evaluations: thin views."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.community import selectors
from xiaoneng.community.api import serializers as s
from xiaoneng.community.models import TaskListVersion
from xiaoneng.community.services import inspections as inspection_services
from xiaoneng.community.services import meetings as meeting_services
from xiaoneng.community.services import tasks as task_services
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.models import Organization


def parse(serializer_class, request: Request) -> dict:  # type: ignore[no-untyped-def]
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def org(request: Request, pk: int, field: str) -> Organization:
    return selectors.organization_for(user=request.user, pk=pk, field=field)


def orgs(request: Request, pks: list[int], field: str) -> list[Organization]:
    return [org(request, pk, field) for pk in pks]


def created(serializer_class, obj) -> Response:  # type: ignore[no-untyped-def]
    return Response(serializer_class(obj).data, status=status.HTTP_201_CREATED)


def query_date(request: Request, name: str) -> date:
    raw = request.query_params.get(name)
    if not raw:
        return timezone.localdate()
    try:
        value = parse_date(raw)
    except ValueError:
        value = None
    if value is None:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field=name)
    return value


class TaskListView(generics.ListAPIView):
    serializer_class = s.CommunityTaskListVersionSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return TaskListVersion.objects.prefetch_related("tasks")

    @extend_schema(
        request=s.CommunityTaskListPublishInput, responses=s.CommunityTaskListVersionSerializer
    )
    def post(self, request: Request) -> Response:
        data = parse(s.CommunityTaskListPublishInput, request)
        version = task_services.task_list_publish(actor=request.user, **data)
        return created(s.CommunityTaskListVersionSerializer, version)


class CommunityTasksView(APIView):
    @extend_schema(responses=s.CommunityTaskOnDaySerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        community = selectors.community_get(user=request.user, pk=pk)
        tasks = selectors.community_task_list(community=community, on=query_date(request, "on"))
        return Response(s.CommunityTaskOnDaySerializer(tasks, many=True).data)


class AdmissionListView(generics.ListAPIView):
    serializer_class = s.CommunityAdmissionSerializer
    filterset_fields = ["status"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.admission_list(user=self.request.user)

    @extend_schema(request=s.CommunityAdmissionInput, responses=s.CommunityAdmissionSerializer)
    def post(self, request: Request) -> Response:
        data = parse(s.CommunityAdmissionInput, request)
        data["department"] = org(request, data["department"], "department")
        data["communities"] = orgs(request, data["communities"], "communities")
        return created(
            s.CommunityAdmissionSerializer,
            task_services.admission_submit(actor=request.user, **data),
        )


class AdmissionDecisionView(APIView):
    @extend_schema(request=s.CommunityDecisionInput, responses=s.CommunityAdmissionSerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunityDecisionInput, request)
        admission = selectors.admission_get(user=request.user, pk=pk)
        admission = task_services.admission_decide(
            actor=request.user, request=admission, approve=data["approve"], reason=data["reason"]
        )
        return Response(s.CommunityAdmissionSerializer(admission).data)


class BurdenReportListView(generics.ListAPIView):
    serializer_class = s.CommunityBurdenReportSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.burden_report_list(user=self.request.user)

    @extend_schema(
        request=s.CommunityBurdenReportInput, responses=s.CommunityBurdenReportSerializer
    )
    def post(self, request: Request) -> Response:
        data = parse(s.CommunityBurdenReportInput, request)
        data["community"] = org(request, data["community"], "community")
        data["department"] = org(request, data["department"], "department")
        return created(
            s.CommunityBurdenReportSerializer,
            task_services.burden_report(actor=request.user, **data),
        )


class MeetingListView(generics.ListAPIView):
    """POST over a quota answers 409 with code "quota_warning" and the reasons; send again
    with "confirm_over_quota": true to register anyway."""

    serializer_class = s.CommunityMeetingSerializer
    filterset_fields = ["status", "organizer_level", "is_over_quota"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.meeting_list(user=self.request.user)

    @extend_schema(request=s.CommunityMeetingInput, responses=s.CommunityMeetingSerializer)
    def post(self, request: Request) -> Response:
        data = parse(s.CommunityMeetingInput, request)
        data["organizer"] = org(request, data["organizer"], "organizer")
        data["communities"] = orgs(request, data["communities"], "communities")
        return created(
            s.CommunityMeetingSerializer,
            meeting_services.meeting_register(actor=request.user, **data),
        )


class MeetingApprovalView(APIView):
    @extend_schema(request=s.CommunityDecisionInput, responses=s.CommunityMeetingSerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunityDecisionInput, request)
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        meeting = meeting_services.meeting_approve(actor=request.user, meeting=meeting, **data)
        return Response(s.CommunityMeetingSerializer(meeting).data)


class MeetingHeldView(APIView):
    @extend_schema(request=None, responses=s.CommunityMeetingSerializer)
    def post(self, request: Request, pk: int) -> Response:
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        meeting = meeting_services.meeting_hold(actor=request.user, meeting=meeting)
        return Response(s.CommunityMeetingSerializer(meeting).data)


class MeetingCancelView(APIView):
    @extend_schema(request=None, responses=s.CommunityMeetingSerializer)
    def post(self, request: Request, pk: int) -> Response:
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        meeting = meeting_services.meeting_cancel(actor=request.user, meeting=meeting)
        return Response(s.CommunityMeetingSerializer(meeting).data)


class InspectionListView(generics.ListAPIView):
    serializer_class = s.CommunityInspectionSerializer
    filterset_fields = ["is_violation"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.inspection_list(user=self.request.user)

    @extend_schema(request=s.CommunityInspectionInput, responses=s.CommunityInspectionSerializer)
    def post(self, request: Request) -> Response:
        data = parse(s.CommunityInspectionInput, request)
        data["inspector"] = org(request, data["inspector"], "inspector")
        data["inspected"] = org(request, data["inspected"], "inspected")
        return created(
            s.CommunityInspectionSerializer,
            inspection_services.inspection_record(actor=request.user, **data),
        )


class EvaluationListView(generics.ListAPIView):
    serializer_class = s.CommunityEvaluationSerializer
    filterset_fields = ["year"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.evaluation_list(user=self.request.user)

    @extend_schema(request=s.CommunityEvaluationInput, responses=s.CommunityEvaluationSerializer)
    def post(self, request: Request) -> Response:
        data = parse(s.CommunityEvaluationInput, request)
        data["community"] = org(request, data["community"], "community")
        return created(
            s.CommunityEvaluationSerializer,
            inspection_services.evaluation_create(actor=request.user, **data),
        )


class EvaluationOpinionSurveyView(APIView):
    @extend_schema(
        request=s.CommunityOpinionSurveyInput,
        responses=s.CommunityEvaluationSerializer,
        description="Rule 6 with rule 8: the residents' opinion indicators are scored by a "
        "residents' appraisal survey (template community_appraisal) of this community and year; "
        "they follow its satisfaction index as answers come in.",
    )
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunityOpinionSurveyInput, request)
        evaluation = selectors.evaluation_get(user=request.user, pk=pk)
        appraisals = selectors.residents_appraisals(community=evaluation.community)
        survey = appraisals.filter(pk=data["survey"]).first()
        if survey is None:
            raise NotFound(
                _("No residents' appraisal of this community has this number."), field="survey"
            )
        evaluation = inspection_services.evaluation_opinion_survey_link(
            actor=request.user, evaluation=evaluation, survey=survey
        )
        return Response(s.CommunityEvaluationSerializer(evaluation).data)


class EvaluationScoresView(APIView):
    # JSON only: form data cannot carry the indicator → score object (it would arrive empty)
    parser_classes = [JSONParser]

    @extend_schema(request=s.CommunityScoresInput, responses=s.CommunityEvaluationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunityScoresInput, request)
        evaluation = selectors.evaluation_get(user=request.user, pk=pk)
        try:
            scores = {int(k): v for k, v in data["scores"].items()}
        except ValueError:
            raise InvalidInput(_("Unknown indicator."), field="scores") from None
        evaluation = inspection_services.evaluation_score(
            actor=request.user, evaluation=evaluation, scores=scores
        )
        return Response(s.CommunityEvaluationSerializer(evaluation).data)
