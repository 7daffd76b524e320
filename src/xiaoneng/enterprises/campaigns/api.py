"""API of special campaigns, mounted under /api/v1/campaigns/: thin views over the services and
selectors. Writes take JSON bodies only, so a number or a choice is typed as the schema says."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.api.fields import JsonIdRelatedField, JsonStringField
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises.campaigns import selectors, services
from xiaoneng.enterprises.models import (
    Campaign,
    CampaignEnterprise,
    CampaignKind,
    CampaignMeeting,
    CampaignTeam,
    Finding,
    FindingKind,
    MeetingKind,
)
from xiaoneng.evaluation.models import Survey


def _amount(**kwargs: object) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, **kwargs)  # type: ignore[arg-type]


class CampaignSerializer(serializers.ModelSerializer):
    lead_unit_name = JsonStringField(source="lead_unit.name", read_only=True)
    survey_title = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "kind",
            "lead_unit",
            "lead_unit_name",
            "started_on",
            "ends_on",
            "description",
            "survey",
            "survey_title",
        ]

    def get_survey_title(self, obj: Campaign) -> str:
        return obj.survey.title if obj.survey else ""


class CampaignInput(serializers.Serializer):
    title = JsonStringField(max_length=200)
    kind = serializers.ChoiceField(choices=CampaignKind.choices)
    lead_unit = JsonIdRelatedField(queryset=Organization.objects.all())
    started_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    description = JsonStringField(max_length=4000, required=False, allow_blank=True)
    survey = JsonIdRelatedField(queryset=Survey.objects.all(), required=False, allow_null=True)


class CampaignSurveyInput(serializers.Serializer):
    survey = JsonIdRelatedField(queryset=Survey.objects.all(), allow_null=True)


class CampaignTeamSerializer(serializers.ModelSerializer):
    leading_unit_name = JsonStringField(source="leading_unit.name", read_only=True)

    class Meta:
        model = CampaignTeam
        fields = ["id", "name", "leading_unit", "leading_unit_name", "members"]


class CampaignTeamInput(serializers.Serializer):
    name = JsonStringField(max_length=100)
    leading_unit = JsonIdRelatedField(queryset=Organization.objects.all())
    members = JsonStringField(max_length=2000, help_text="One name per line.")


class CampaignEnterpriseSerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignEnterprise
        fields = ["id", "name", "credit_code", "investigated_on", "team"]


class CampaignEnterpriseInput(serializers.Serializer):
    name = JsonStringField(max_length=200)
    credit_code = JsonStringField(max_length=18, required=False, allow_blank=True)
    investigated_on = serializers.DateField()
    team = JsonIdRelatedField(queryset=CampaignTeam.objects.all(), required=False, allow_null=True)


class CampaignMeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignMeeting
        fields = ["id", "kind", "held_on", "topic", "participants", "team"]


class CampaignMeetingInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    held_on = serializers.DateField()
    topic = JsonStringField(max_length=200)
    participants = serializers.IntegerField(min_value=0, max_value=100000, default=0)
    team = JsonIdRelatedField(queryset=CampaignTeam.objects.all(), required=False, allow_null=True)


class FindingSerializer(serializers.ModelSerializer):
    campaign_title = JsonStringField(source="campaign.title", read_only=True)
    unit_name = JsonStringField(source="unit.name", read_only=True)
    enterprise_name = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "number",
            "campaign",
            "campaign_title",
            "enterprise",
            "enterprise_name",
            "kind",
            "description",
            "unit",
            "unit_name",
            "amount_charged",
            "found_on",
            "due_on",
            "status",
            "rectification",
            "amount_refunded",
            "rectified_on",
        ]

    def get_enterprise_name(self, obj: Finding) -> str:
        return obj.enterprise.name if obj.enterprise else ""


class FindingInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FindingKind.choices)
    description = JsonStringField(max_length=4000)
    unit = JsonIdRelatedField(queryset=Organization.objects.all())
    found_on = serializers.DateField(required=False)
    amount_charged = _amount(default=0)
    enterprise = JsonIdRelatedField(
        queryset=CampaignEnterprise.objects.all(), required=False, allow_null=True
    )


class FindingRectifyInput(serializers.Serializer):
    rectification = JsonStringField(max_length=4000)
    amount_refunded = _amount(default=0)


class CampaignFiguresSerializer(serializers.Serializer):
    teams = serializers.IntegerField()
    enterprises_investigated = serializers.IntegerField()
    questionnaires_issued = serializers.IntegerField()
    questionnaires_returned = serializers.IntegerField()
    symposia = serializers.IntegerField(help_text="Symposia and special clean-up meetings.")
    findings = serializers.IntegerField()
    unreasonable_charges = serializers.IntegerField()
    amount_charged = serializers.DecimalField(max_digits=16, decimal_places=2)
    amount_refunded = serializers.DecimalField(max_digits=16, decimal_places=2)
    rectified = serializers.IntegerField()
    rectified_on_time = serializers.IntegerField()
    overdue_open = serializers.IntegerField()


def _parse(serializer_class: type[serializers.Serializer], request: Request) -> dict:  # type: ignore[type-arg]
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _campaign(request: Request, pk: int) -> Campaign:
    return selectors.campaign_get_for_user(user=_user(request), pk=pk)


def _date(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field=name) from error


class CampaignListView(generics.ListAPIView):
    parser_classes = [JSONParser]
    serializer_class = CampaignSerializer

    def get_queryset(self) -> QuerySet[Campaign]:
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return Campaign.objects.none()
        return selectors.campaign_list(user=_user(self.request))

    @extend_schema(request=CampaignInput, responses={201: CampaignSerializer})
    def post(self, request: Request) -> Response:
        campaign = services.campaign_create(actor=_user(request), **_parse(CampaignInput, request))
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)


class CampaignDetailView(APIView):
    @extend_schema(responses={200: CampaignSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return Response(CampaignSerializer(_campaign(request, pk)).data)


class CampaignSurveyView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=CampaignSurveyInput, responses={200: CampaignSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = _parse(CampaignSurveyInput, request)
        campaign = services.campaign_link_survey(
            actor=_user(request), campaign=_campaign(request, pk), survey=data["survey"]
        )
        return Response(CampaignSerializer(campaign).data)


class _CampaignRowsView(generics.ListAPIView):
    """A campaign's rows (teams, enterprises, meetings): list, and add one with POST."""

    parser_classes = [JSONParser]
    related_name = ""

    def get_queryset(self) -> QuerySet:  # type: ignore[type-arg]
        if getattr(self, "swagger_fake_view", False):
            return self.serializer_class.Meta.model.objects.none()  # type: ignore[union-attr]
        campaign = _campaign(self.request, self.kwargs["pk"])
        return getattr(campaign, self.related_name).all()


class CampaignTeamListView(_CampaignRowsView):
    serializer_class = CampaignTeamSerializer
    related_name = "teams"

    @extend_schema(request=CampaignTeamInput, responses={201: CampaignTeamSerializer})
    def post(self, request: Request, pk: int) -> Response:
        team = services.campaign_team_add(
            actor=_user(request),
            campaign=_campaign(request, pk),
            **_parse(CampaignTeamInput, request),
        )
        return Response(CampaignTeamSerializer(team).data, status=status.HTTP_201_CREATED)


class CampaignEnterpriseListView(_CampaignRowsView):
    serializer_class = CampaignEnterpriseSerializer
    related_name = "enterprises_investigated"

    @extend_schema(request=CampaignEnterpriseInput, responses={201: CampaignEnterpriseSerializer})
    def post(self, request: Request, pk: int) -> Response:
        enterprise = services.campaign_enterprise_add(
            actor=_user(request),
            campaign=_campaign(request, pk),
            **_parse(CampaignEnterpriseInput, request),
        )
        return Response(
            CampaignEnterpriseSerializer(enterprise).data, status=status.HTTP_201_CREATED
        )


class CampaignMeetingListView(_CampaignRowsView):
    serializer_class = CampaignMeetingSerializer
    related_name = "meetings"

    @extend_schema(request=CampaignMeetingInput, responses={201: CampaignMeetingSerializer})
    def post(self, request: Request, pk: int) -> Response:
        meeting = services.campaign_meeting_record(
            actor=_user(request),
            campaign=_campaign(request, pk),
            **_parse(CampaignMeetingInput, request),
        )
        return Response(CampaignMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(operation_id="campaign_findings_list"))
class CampaignFindingListView(_CampaignRowsView):
    serializer_class = FindingSerializer
    related_name = "findings"

    @extend_schema(request=FindingInput, responses={201: FindingSerializer})
    def post(self, request: Request, pk: int) -> Response:
        finding = services.finding_record(
            actor=_user(request), campaign=_campaign(request, pk), **_parse(FindingInput, request)
        )
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class FindingListView(generics.ListAPIView):
    """Every finding the user may see: the campaigns' for the office, a unit's own for it."""

    serializer_class = FindingSerializer
    filterset_fields = ["status"]

    def get_queryset(self) -> QuerySet[Finding]:
        if getattr(self, "swagger_fake_view", False):
            return Finding.objects.none()
        return selectors.finding_list(user=_user(self.request))


class FindingRectifyView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=FindingRectifyInput, responses={200: FindingSerializer})
    def post(self, request: Request, number: str) -> Response:
        data = _parse(FindingRectifyInput, request)
        finding = selectors.finding_get_for_user(user=_user(request), number=number)
        finding = services.finding_rectify(actor=_user(request), finding=finding, **data)
        return Response(FindingSerializer(finding).data)


class CampaignFiguresView(APIView):
    @extend_schema(operation_id="campaign_figures", responses={200: CampaignFiguresSerializer})
    def get(self, request: Request, pk: int) -> Response:
        campaign = _campaign(request, pk)
        figures = selectors.campaign_figures(
            campaigns=Campaign.objects.filter(pk=campaign.pk), as_of=timezone.localdate()
        )
        return Response(CampaignFiguresSerializer(figures).data)


class CampaignTotalsView(APIView):
    @extend_schema(
        operation_id="campaigns_figures_total",
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="First day (default 1 Jan)."),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (default today)."),
        ],
        responses={200: CampaignFiguresSerializer},
    )
    def get(self, request: Request) -> Response:
        if not user_has_perm(request.user, Perm.SUPERVISION_VIEW):
            raise NotPermitted(_("You may not see the campaign figures."))
        today = timezone.localdate()
        start = _date(request, "start") or date(today.year, 1, 1)
        end = _date(request, "end") or today
        if end < start:
            raise InvalidInput(_("The end cannot be before the start."), field="end")
        figures = selectors.campaign_figures(
            campaigns=selectors.campaign_list(user=_user(request)),
            start=start,
            end=end,
            as_of=today,
        )
        return Response(CampaignFiguresSerializer(figures).data)
