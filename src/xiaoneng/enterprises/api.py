"""API of monitored enterprises, mounted under /api/v1/enterprises/: thin views over the
services and selectors."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.complaints.models import Satisfaction
from xiaoneng.core.access import organizations_visible, user_has_perm
from xiaoneng.core.api.fields import JsonBooleanField, JsonStringField
from xiaoneng.core.errors import InvalidInput, NotFound, NotPermitted
from xiaoneng.core.models import Applicant, Organization
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises import selectors, services
from xiaoneng.enterprises.models import Enterprise, Problem


class EnterpriseSerializer(serializers.ModelSerializer):
    name = JsonStringField(source="applicant.name", read_only=True)
    credit_code = JsonStringField(source="applicant.id_number", read_only=True)
    contact_unit_name = JsonStringField(source="contact_unit.name", read_only=True)
    contact_leader_name = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "credit_code",
            "contact_unit",
            "contact_unit_name",
            "contact_leader_name",
            "is_key",
            "designated_on",
        ]

    def get_contact_leader_name(self, obj: Enterprise) -> str:
        return obj.contact_leader.display_name if obj.contact_leader else ""


class EnterpriseDesignateInput(serializers.Serializer):
    credit_code = JsonStringField(max_length=18)
    contact_unit = serializers.IntegerField(min_value=1)
    is_key = JsonBooleanField(default=False)


class ProblemSerializer(serializers.ModelSerializer):
    enterprise_name = JsonStringField(source="enterprise.applicant.name", read_only=True)
    unit_name = JsonStringField(source="unit.name", read_only=True)

    class Meta:
        model = Problem
        fields = [
            "number",
            "enterprise",
            "enterprise_name",
            "title",
            "description",
            "unit",
            "unit_name",
            "status",
            "reported_on",
            "due_on",
            "reply",
            "replied_on",
            "satisfaction",
            "rated_on",
            "is_reported_online",
        ]


class ProblemReportInput(serializers.Serializer):
    enterprise = serializers.IntegerField(min_value=1)
    title = JsonStringField(max_length=200)
    description = JsonStringField(max_length=4000)
    unit = serializers.IntegerField(min_value=1)


class ProblemReplyInput(serializers.Serializer):
    reply = JsonStringField(max_length=4000)


class ProblemRateInput(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)


class EnterpriseFiguresSerializer(serializers.Serializer):
    problems = serializers.IntegerField()
    replied = serializers.IntegerField()
    replied_on_time = serializers.IntegerField()
    overdue_open = serializers.IntegerField()
    rated = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    satisfaction_rate = serializers.FloatField(allow_null=True)
    visits = serializers.IntegerField()
    symposia = serializers.IntegerField()


def _parse(serializer_class: type[serializers.Serializer], request: Request) -> dict:  # type: ignore[type-arg]
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _unit(request: Request, pk: int, field: str) -> Organization:
    unit = organizations_visible(request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if unit is None:
        raise InvalidInput(_("No such unit."), field=field)
    return unit


class EnterpriseListView(generics.ListAPIView):
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    serializer_class = EnterpriseSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.enterprise_list(user=self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=EnterpriseDesignateInput, responses={201: EnterpriseSerializer})
    def post(self, request: Request) -> Response:
        data = _parse(EnterpriseDesignateInput, request)
        applicant = Applicant.objects.filter(
            kind="legal", id_number=data["credit_code"].strip().upper()
        ).first()
        if applicant is None:
            raise InvalidInput(
                _("No enterprise applicant with this credit code."), field="credit_code"
            )
        enterprise = services.enterprise_designate(
            actor=request.user,  # type: ignore[arg-type]
            applicant=applicant,
            contact_unit=_unit(request, data["contact_unit"], "contact_unit"),
            is_key=data["is_key"],
        )
        return Response(EnterpriseSerializer(enterprise).data, status=status.HTTP_201_CREATED)


class ProblemListView(generics.ListAPIView):
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    serializer_class = ProblemSerializer
    filterset_fields = ["status"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return Problem.objects.none()
        return selectors.problem_list(user=self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=ProblemReportInput, responses={201: ProblemSerializer})
    def post(self, request: Request) -> Response:
        data = _parse(ProblemReportInput, request)
        enterprise = (
            selectors.enterprise_list(user=request.user)
            .filter(  # type: ignore[arg-type]
                pk=data["enterprise"]
            )
            .first()
        )
        if enterprise is None:
            raise NotFound(_("No such enterprise."))
        problem = services.problem_report(
            actor=request.user,  # type: ignore[arg-type]
            enterprise=enterprise,
            title=data["title"],
            description=data["description"],
            unit=_unit(request, data["unit"], "unit"),
        )
        return Response(ProblemSerializer(problem).data, status=status.HTTP_201_CREATED)


class ProblemReplyView(APIView):
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    @extend_schema(request=ProblemReplyInput, responses={200: ProblemSerializer})
    def post(self, request: Request, number: str) -> Response:
        data = _parse(ProblemReplyInput, request)
        problem = selectors.problem_get_for_user(user=request.user, number=number)  # type: ignore[arg-type]
        problem = services.problem_reply(actor=request.user, problem=problem, reply=data["reply"])  # type: ignore[arg-type]
        return Response(ProblemSerializer(problem).data)


class ProblemRateView(APIView):
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    @extend_schema(request=ProblemRateInput, responses={200: ProblemSerializer})
    def post(self, request: Request, number: str) -> Response:
        data = _parse(ProblemRateInput, request)
        problem = selectors.problem_get_for_user(user=request.user, number=number)  # type: ignore[arg-type]
        problem = services.problem_rate(
            actor=request.user,  # type: ignore[arg-type]
            problem=problem,
            satisfaction=data["satisfaction"],
        )
        return Response(ProblemSerializer(problem).data)


class EnterpriseFiguresView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="First day (default 1 Jan)."),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (default today)."),
        ],
        responses={200: EnterpriseFiguresSerializer},
    )
    def get(self, request: Request) -> Response:
        if not user_has_perm(request.user, Perm.SUPERVISION_VIEW):
            raise NotPermitted(_("You may not see the enterprise figures."))
        today = timezone.localdate()
        start = _date(request, "start") or date(today.year, 1, 1)
        end = _date(request, "end") or today
        figures = selectors.enterprise_figures(
            user=request.user,  # type: ignore[arg-type]
            start=start,
            end=end,
            as_of=today,
        )
        return Response(EnterpriseFiguresSerializer(figures).data)


def _date(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field=name) from error
