"""API of efficiency monitors, their observations and media reports, mounted under
/api/v1/monitors/: thin views over the services and selectors (JSON bodies only)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.api.fields import JsonIdRelatedField, JsonStringField, JsonUrlField
from xiaoneng.core.errors import InvalidInput, NotFound, NotPermitted
from xiaoneng.core.identifiers import validate_resident_id
from xiaoneng.core.models import Applicant, ApplicantKind, Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises.models import MediaReport, Monitor, Observation
from xiaoneng.enterprises.monitors import selectors, services


class MonitorSerializer(serializers.ModelSerializer):
    name = JsonStringField(source="applicant.name", read_only=True)
    office_name = JsonStringField(source="office.name", read_only=True)
    is_serving = serializers.SerializerMethodField()

    class Meta:
        model = Monitor
        fields = [
            "id",
            "name",
            "affiliation",
            "office",
            "office_name",
            "appointed_on",
            "term_ends_on",
            "is_serving",
        ]

    def get_is_serving(self, obj: Monitor) -> bool:
        return obj.is_serving_on(timezone.localdate())


class MonitorAppointInput(serializers.Serializer):
    id_number = JsonStringField(max_length=18, help_text="The citizen's resident ID.")
    office = JsonIdRelatedField(queryset=Organization.objects.all())
    appointed_on = serializers.DateField()
    term_ends_on = serializers.DateField()
    affiliation = JsonStringField(max_length=100, required=False, allow_blank=True)


class ObservationSerializer(serializers.ModelSerializer):
    monitor_name = serializers.SerializerMethodField()
    unit_name = serializers.SerializerMethodField()

    class Meta:
        model = Observation
        fields = [
            "number",
            "source",
            "monitor",
            "monitor_name",
            "media_report",
            "title",
            "description",
            "submitted_on",
            "is_submitted_online",
            "status",
            "unit",
            "unit_name",
            "forwarded_on",
            "due_on",
            "reply",
            "replied_on",
            "closed_on",
            "decline_reason",
        ]

    def get_monitor_name(self, obj: Observation) -> str:
        return obj.monitor.applicant.name if obj.monitor else ""

    def get_unit_name(self, obj: Observation) -> str:
        return obj.unit.name if obj.unit else ""


class ObservationSubmitInput(serializers.Serializer):
    monitor = serializers.IntegerField(
        min_value=1, required=False, help_text="Omitted when the monitor submits their own."
    )
    title = JsonStringField(max_length=200)
    description = JsonStringField(max_length=4000)


class ObservationDeclineInput(serializers.Serializer):
    reason = JsonStringField(max_length=4000)


class ObservationForwardInput(serializers.Serializer):
    unit = JsonIdRelatedField(queryset=Organization.objects.all())


class ObservationReplyInput(serializers.Serializer):
    reply = JsonStringField(max_length=4000)


class MediaReportSerializer(serializers.ModelSerializer):
    observation = serializers.SerializerMethodField()

    class Meta:
        model = MediaReport
        fields = ["id", "office", "outlet", "published_on", "title", "link", "issue", "observation"]

    def get_observation(self, obj: MediaReport) -> str:
        """The number of the observation following it up, or ""."""
        observation = getattr(obj, "observation", None)
        return observation.number if observation else ""


class MediaReportInput(serializers.Serializer):
    office = JsonIdRelatedField(queryset=Organization.objects.all())
    outlet = JsonStringField(max_length=100)
    published_on = serializers.DateField()
    title = JsonStringField(max_length=200)
    link = JsonUrlField(max_length=500, required=False, allow_blank=True)
    issue = JsonStringField(max_length=4000)


class MonitorFiguresSerializer(serializers.Serializer):
    monitors_serving = serializers.IntegerField()
    observations = serializers.IntegerField()
    from_monitors = serializers.IntegerField()
    from_media = serializers.IntegerField()
    media_reports = serializers.IntegerField()
    forwarded = serializers.IntegerField()
    replied = serializers.IntegerField()
    replied_on_time = serializers.IntegerField()
    overdue_open = serializers.IntegerField()
    closed = serializers.IntegerField()


def _parse(serializer_class: type[serializers.Serializer], request: Request) -> dict:  # type: ignore[type-arg]
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _observation(request: Request, number: str) -> Observation:
    return selectors.observation_get_for_user(user=_user(request), number=number)


def _date(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field=name) from error


class MonitorListView(generics.ListAPIView):
    parser_classes = [JSONParser]
    serializer_class = MonitorSerializer

    def get_queryset(self) -> QuerySet[Monitor]:
        if getattr(self, "swagger_fake_view", False):
            return Monitor.objects.none()
        return selectors.monitor_list(user=_user(self.request))

    @extend_schema(request=MonitorAppointInput, responses={201: MonitorSerializer})
    def post(self, request: Request) -> Response:
        data = _parse(MonitorAppointInput, request)
        id_number = validate_resident_id(data.pop("id_number"), field="id_number")
        applicant = Applicant.objects.filter(
            kind=ApplicantKind.NATURAL_PERSON, id_number=id_number
        ).first()
        if applicant is None:
            raise InvalidInput(_("No citizen applicant with this ID number."), field="id_number")
        monitor = services.monitor_appoint(actor=_user(request), applicant=applicant, **data)
        return Response(MonitorSerializer(monitor).data, status=status.HTTP_201_CREATED)


class MonitorFiguresView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="First day (default 1 Jan)."),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (default today)."),
        ],
        responses={200: MonitorFiguresSerializer},
    )
    def get(self, request: Request) -> Response:
        if not user_has_perm(request.user, Perm.SUPERVISION_VIEW):
            raise NotPermitted(_("You may not see the figures of efficiency monitors."))
        today = timezone.localdate()
        start = _date(request, "start") or date(today.year, 1, 1)
        end = _date(request, "end") or today
        if end < start:
            raise InvalidInput(_("The end cannot be before the start."), field="end")
        figures = selectors.monitor_figures(user=_user(request), start=start, end=end, as_of=today)
        return Response(MonitorFiguresSerializer(figures).data)


class ObservationListView(generics.ListAPIView):
    parser_classes = [JSONParser]
    serializer_class = ObservationSerializer
    filterset_fields = ["status", "source"]

    def get_queryset(self) -> QuerySet[Observation]:
        if getattr(self, "swagger_fake_view", False):
            return Observation.objects.none()
        return selectors.observation_list(user=_user(self.request))

    @extend_schema(request=ObservationSubmitInput, responses={201: ObservationSerializer})
    def post(self, request: Request) -> Response:
        data = _parse(ObservationSubmitInput, request)
        user = _user(request)
        if "monitor" in data:
            monitor = selectors.monitor_list(user=user).filter(pk=data["monitor"]).first()
            if monitor is None:
                raise NotFound(_("No such efficiency monitor."))
        else:
            monitor = selectors.monitor_of_account(user=user)
            if monitor is None:
                raise NotPermitted(_("Only an efficiency monitor may submit observations."))
        observation = services.observation_submit(
            actor=user, monitor=monitor, title=data["title"], description=data["description"]
        )
        return Response(ObservationSerializer(observation).data, status=status.HTTP_201_CREATED)


class ObservationAcceptView(APIView):
    @extend_schema(request=None, responses={200: ObservationSerializer})
    def post(self, request: Request, number: str) -> Response:
        observation = services.observation_accept(
            actor=_user(request), observation=_observation(request, number)
        )
        return Response(ObservationSerializer(observation).data)


class ObservationDeclineView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=ObservationDeclineInput, responses={200: ObservationSerializer})
    def post(self, request: Request, number: str) -> Response:
        data = _parse(ObservationDeclineInput, request)
        observation = services.observation_decline(
            actor=_user(request), observation=_observation(request, number), reason=data["reason"]
        )
        return Response(ObservationSerializer(observation).data)


class ObservationForwardView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=ObservationForwardInput, responses={200: ObservationSerializer})
    def post(self, request: Request, number: str) -> Response:
        data = _parse(ObservationForwardInput, request)
        observation = services.observation_forward(
            actor=_user(request), observation=_observation(request, number), unit=data["unit"]
        )
        return Response(ObservationSerializer(observation).data)


class ObservationReplyView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=ObservationReplyInput, responses={200: ObservationSerializer})
    def post(self, request: Request, number: str) -> Response:
        data = _parse(ObservationReplyInput, request)
        observation = services.observation_reply(
            actor=_user(request), observation=_observation(request, number), reply=data["reply"]
        )
        return Response(ObservationSerializer(observation).data)


class ObservationCloseView(APIView):
    @extend_schema(request=None, responses={200: ObservationSerializer})
    def post(self, request: Request, number: str) -> Response:
        observation = services.observation_close(
            actor=_user(request), observation=_observation(request, number)
        )
        return Response(ObservationSerializer(observation).data)


class MediaReportListView(generics.ListAPIView):
    parser_classes = [JSONParser]
    serializer_class = MediaReportSerializer

    def get_queryset(self) -> QuerySet[MediaReport]:
        if getattr(self, "swagger_fake_view", False):
            return MediaReport.objects.none()
        return selectors.media_report_list(user=_user(self.request))

    @extend_schema(request=MediaReportInput, responses={201: MediaReportSerializer})
    def post(self, request: Request) -> Response:
        report = services.media_report_record(
            actor=_user(request), **_parse(MediaReportInput, request)
        )
        return Response(MediaReportSerializer(report).data, status=status.HTTP_201_CREATED)


class MediaReportFollowUpView(APIView):
    @extend_schema(request=None, responses={201: ObservationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        report = selectors.media_report_get_for_user(user=_user(request), pk=pk)
        observation = services.media_report_follow_up(actor=_user(request), report=report)
        return Response(ObservationSerializer(observation).data, status=status.HTTP_201_CREATED)
