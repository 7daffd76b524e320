"""Staff rotation: due list, rotations, counts by rank, plans."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.schema import error_responses
from xiaoneng.core.models import Rank
from xiaoneng.evaluation.api.common import (
    EvaluationCreatedSerializer,
    OrganizationField,
    StaffField,
    id_parameter,
    organization,
    query_choice,
    query_date,
    query_int,
    query_year,
    year_parameter,
)
from xiaoneng.evaluation.selectors.rotation import (
    plan_entry_get_for_user,
    plan_list,
    rotation_counts,
    rotation_due,
    rotation_list,
)
from xiaoneng.evaluation.services import rotation as services

YEAR_PARAMETER = year_parameter("only rotations carried out in this year")


class EvaluationRotationDueSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="holding.person_id")
    name = JsonStringField(source="holding.person.display_name")
    unit = JsonStringField(source="holding.unit.name")
    post = JsonStringField(source="holding.post")
    rank = serializers.ChoiceField(source="holding.rank", choices=[("", ""), *Rank.choices])
    started_on = serializers.DateField(source="holding.started_on")
    due_since = serializers.DateField()
    years_in_post = serializers.IntegerField()


class DueView(APIView):
    """Who has held one post long enough to rotate, longest-serving first."""

    @extend_schema(
        operation_id="evaluation_rotation_due_list",
        parameters=[
            OpenApiParameter("on", OpenApiTypes.DATE, description="the day asked about; today"),
            id_parameter("unit", "one unit and the units below"),
            OpenApiParameter("rank", OpenApiTypes.STR, enum=Rank.values, description="one rank"),
        ],
        responses={
            200: EvaluationRotationDueSerializer(many=True),
            **error_responses(400, 401, 403, 404),
        },
    )
    def get(self, request: Request) -> Response:
        on = query_date(request.query_params.get("on"), "on", timezone.localdate())
        unit = organization(query_int(request.query_params.get("unit"), "unit"), "unit")
        rank = query_choice(request.query_params.get("rank"), "rank", Rank.choices)
        rows = rotation_due(user=request.user, on=on, unit=unit, rank=rank)
        return Response(EvaluationRotationDueSerializer(rows, many=True).data)


class EvaluationRotationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    name = JsonStringField(source="person.display_name")
    from_unit = JsonStringField(source="from_unit.name")
    from_post = JsonStringField()
    to_unit = JsonStringField(source="to_unit.name")
    to_post = JsonStringField()
    rank = serializers.ChoiceField(choices=[("", ""), *Rank.choices])
    rotated_on = serializers.DateField()


class EvaluationRotationInputSerializer(serializers.Serializer):
    person = StaffField()
    to_unit = OrganizationField()
    to_post = JsonStringField(max_length=100)
    rotated_on = serializers.DateField()


class RotationListView(APIView):
    @extend_schema(
        operation_id="evaluation_rotations_list",
        parameters=[YEAR_PARAMETER],
        responses={
            200: EvaluationRotationSerializer(many=True),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request: Request) -> Response:
        year = query_year(request.query_params.get("year"))
        return Response(
            EvaluationRotationSerializer(
                rotation_list(user=request.user, year=year), many=True
            ).data
        )

    @extend_schema(
        operation_id="evaluation_rotations_create",
        request=EvaluationRotationInputSerializer,
        responses={201: EvaluationRotationSerializer, **error_responses(400, 401, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        data = EvaluationRotationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rotation = services.rotation_execute(actor=request.user, **data.validated_data)
        return Response(EvaluationRotationSerializer(rotation).data, status=status.HTTP_201_CREATED)


ROTATION_COUNTS = inline_serializer(
    "EvaluationRotationCounts",
    {
        **{rank: serializers.IntegerField(help_text=str(label)) for rank, label in Rank.choices},
        "total": serializers.IntegerField(help_text="rotations in all"),
        "units": serializers.IntegerField(help_text="units the rotated staff came from"),
    },
)


class CountsView(APIView):
    @extend_schema(
        operation_id="evaluation_rotation_counts",
        parameters=[YEAR_PARAMETER],
        responses={200: ROTATION_COUNTS, **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        year = query_year(request.query_params.get("year"))
        return Response(rotation_counts(user=request.user, year=year))


class EvaluationPlanEntryInputSerializer(serializers.Serializer):
    person = StaffField()
    to_unit = OrganizationField()
    to_post = JsonStringField(max_length=100)
    planned_on = serializers.DateField()


class EvaluationPlanInputSerializer(serializers.Serializer):
    title = JsonStringField(max_length=200)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    owner = OrganizationField()
    entries = EvaluationPlanEntryInputSerializer(many=True)


class EvaluationPlanEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    to_unit = serializers.IntegerField(source="to_unit_id")
    to_post = JsonStringField()
    planned_on = serializers.DateField()
    rotated = serializers.SerializerMethodField()

    def get_rotated(self, entry: object) -> bool:
        return hasattr(entry, "rotation")


class EvaluationPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = JsonStringField()
    year = serializers.IntegerField()
    entries = EvaluationPlanEntrySerializer(many=True)


class PlanListView(APIView):
    """GET the rotation plans in scope; POST a plan with its entries."""

    @extend_schema(
        operation_id="evaluation_rotation_plans_list",
        responses={200: EvaluationPlanSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        plans = plan_list(user=request.user).prefetch_related("entries__rotation")
        return Response(EvaluationPlanSerializer(plans, many=True).data)

    @extend_schema(
        operation_id="evaluation_rotation_plans_create",
        request=EvaluationPlanInputSerializer,
        responses={201: EvaluationCreatedSerializer, **error_responses(400, 401, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        data = EvaluationPlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.rotation_plan_create(actor=request.user, **data.validated_data)
        return Response({"id": plan.pk}, status=status.HTTP_201_CREATED)


class EvaluationPlanEntryExecuteInputSerializer(serializers.Serializer):
    rotated_on = serializers.DateField(required=False, help_text="the planned date if left out")


class PlanEntryExecuteView(APIView):
    """POST: carry out one planned rotation on its planned date (or `rotated_on`)."""

    @extend_schema(
        operation_id="evaluation_rotation_plan_entry_execute",
        request=EvaluationPlanEntryExecuteInputSerializer,
        responses={
            201: EvaluationRotationSerializer,
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        entry = plan_entry_get_for_user(user=request.user, pk=pk)
        data = EvaluationPlanEntryExecuteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rotation = services.rotation_execute(
            actor=request.user,
            person=entry.person,
            to_unit=entry.to_unit,
            to_post=entry.to_post,
            rotated_on=data.validated_data.get("rotated_on") or entry.planned_on,
            plan_entry=entry,
        )
        return Response(EvaluationRotationSerializer(rotation).data, status=status.HTTP_201_CREATED)
