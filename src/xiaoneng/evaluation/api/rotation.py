"""Staff rotation: due list, rotations, counts by rank, plans."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.evaluation.api.common import (
    OrganizationField,
    StaffField,
    organization,
    query_date,
    query_int,
)
from xiaoneng.evaluation.selectors.rotation import (
    plan_entry_get_for_user,
    plan_list,
    rotation_counts,
    rotation_due,
    rotation_list,
)
from xiaoneng.evaluation.services import rotation as services


class DueView(APIView):
    """GET ?on=YYYY-MM-DD&unit=<id>&rank=<rank>: who has held one post long enough to rotate."""

    def get(self, request: Request) -> Response:
        on = query_date(request.query_params.get("on"), "on", timezone.localdate())
        unit = organization(query_int(request.query_params.get("unit"), "unit"), "unit")
        rows = rotation_due(
            user=request.user, on=on, unit=unit, rank=request.query_params.get("rank", "")
        )
        return Response(
            [
                {
                    "person": r.holding.person_id,
                    "name": r.holding.person.display_name,
                    "unit": r.holding.unit.name,
                    "post": r.holding.post,
                    "rank": r.holding.rank,
                    "started_on": r.holding.started_on,
                    "due_since": r.due_since,
                    "years_in_post": r.years_in_post,
                }
                for r in rows
            ]
        )


class RotationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.display_name")
    from_unit = serializers.CharField(source="from_unit.name")
    from_post = serializers.CharField()
    to_unit = serializers.CharField(source="to_unit.name")
    to_post = serializers.CharField()
    rank = serializers.CharField()
    rotated_on = serializers.DateField()


class RotationListView(APIView):
    class Input(serializers.Serializer):
        person = StaffField()
        to_unit = OrganizationField()
        to_post = serializers.CharField(max_length=100)
        rotated_on = serializers.DateField()

    def get(self, request: Request) -> Response:
        year = query_int(request.query_params.get("year"), "year")
        return Response(
            RotationSerializer(rotation_list(user=request.user, year=year), many=True).data
        )

    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        rotation = services.rotation_execute(actor=request.user, **data.validated_data)
        return Response(RotationSerializer(rotation).data, status=status.HTTP_201_CREATED)


class CountsView(APIView):
    def get(self, request: Request) -> Response:
        year = query_int(request.query_params.get("year"), "year")
        return Response(rotation_counts(user=request.user, year=year))


class PlanEntryInput(serializers.Serializer):
    person = StaffField()
    to_unit = OrganizationField()
    to_post = serializers.CharField(max_length=100)
    planned_on = serializers.DateField()


class PlanListView(APIView):
    """GET the rotation plans in scope; POST a plan with its entries."""

    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        owner = OrganizationField()
        entries = PlanEntryInput(many=True)

    def get(self, request: Request) -> Response:
        plans = plan_list(user=request.user).prefetch_related("entries__rotation")
        return Response(
            [
                {
                    "id": p.pk,
                    "title": p.title,
                    "year": p.year,
                    "entries": [
                        {
                            "id": e.pk,
                            "person": e.person_id,
                            "to_unit": e.to_unit_id,
                            "to_post": e.to_post,
                            "planned_on": e.planned_on,
                            "rotated": hasattr(e, "rotation"),
                        }
                        for e in p.entries.all()
                    ],
                }
                for p in plans
            ]
        )

    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.rotation_plan_create(actor=request.user, **data.validated_data)
        return Response({"id": plan.pk}, status=status.HTTP_201_CREATED)


class PlanEntryExecuteView(APIView):
    """POST: carry out one planned rotation on its planned date (or `rotated_on`)."""

    class Input(serializers.Serializer):
        rotated_on = serializers.DateField(required=False)

    def post(self, request: Request, pk: int) -> Response:
        entry = plan_entry_get_for_user(user=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        rotation = services.rotation_execute(
            actor=request.user,
            person=entry.person,
            to_unit=entry.to_unit,
            to_post=entry.to_post,
            rotated_on=data.validated_data.get("rotated_on") or entry.planned_on,
            plan_entry=entry,
        )
        return Response(RotationSerializer(rotation).data, status=status.HTTP_201_CREATED)
