"""Indicator systems: list, create, read the tree, replace the tree, Excel import/export."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.schema import error_responses
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.excel import XLSX_MIME, xlsx_response
from xiaoneng.evaluation.api.common import (
    NumberField,
    NumberModelSerializer,
    OrganizationField,
    numbers,
)
from xiaoneng.evaluation.excel import tree_import, tree_sheet
from xiaoneng.evaluation.models import Indicator, IndicatorSystem, ScoringMethod, UnitKind
from xiaoneng.evaluation.scoring import NodeSpec
from xiaoneng.evaluation.selectors.rounds import system_get_for_user, system_list
from xiaoneng.evaluation.services.indicators import system_create, system_save_tree

GRADE_POINTS_HELP = "grade (A, B, …) → share of the weight, from 0 to 1"


class EvaluationIndicatorSerializer(NumberModelSerializer):
    parent_code = JsonStringField(
        source="parent.code", default=None, read_only=True, allow_null=True
    )
    grade_points = numbers(max_digits=5, help_text=GRADE_POINTS_HELP)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "parent_code",
            "name",
            "level",
            "weight",
            "method",
            "target",
            "cap_ratio",
            "per_event",
            "grade_points",
            "figure_code",
            "description",
        ]


class EvaluationSystemSerializer(NumberModelSerializer):
    class Meta:
        model = IndicatorSystem
        fields = ["id", "name", "year", "unit_kind", "version", "total_weight", "owner", "notes"]
        read_only_fields = ["version"]


class EvaluationSystemDetailSerializer(EvaluationSystemSerializer):
    indicators = EvaluationIndicatorSerializer(many=True, read_only=True)

    class Meta(EvaluationSystemSerializer.Meta):
        fields = [*EvaluationSystemSerializer.Meta.fields, "indicators"]


class EvaluationSystemInputSerializer(serializers.Serializer):
    name = JsonStringField(max_length=200)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    unit_kind = serializers.ChoiceField(choices=UnitKind.choices)
    owner = OrganizationField()
    total_weight = NumberField(max_digits=7, decimal_places=2, required=False)
    notes = JsonStringField(required=False, allow_blank=True)


class EvaluationIndicatorNodeInputSerializer(serializers.Serializer):
    code = JsonStringField(max_length=20, help_text="dotted outline number: 2, 2.3, 2.3.1")
    parent_code = JsonStringField(max_length=20, required=False, allow_null=True, allow_blank=True)
    name = JsonStringField(max_length=200)
    weight = NumberField(max_digits=7, decimal_places=2)
    method = serializers.ChoiceField(
        choices=ScoringMethod.choices, required=False, allow_blank=True
    )
    target = NumberField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    cap_ratio = NumberField(max_digits=6, decimal_places=3, required=False)
    per_event = NumberField(max_digits=7, decimal_places=2, required=False, allow_null=True)
    grade_points = numbers(max_digits=5, required=False, help_text=GRADE_POINTS_HELP)
    figure_code = JsonStringField(max_length=40, required=False, allow_blank=True)
    description = JsonStringField(required=False, allow_blank=True)


class EvaluationTreeSavedSerializer(serializers.Serializer):
    indicators = serializers.IntegerField(help_text="number of indicators saved")


class EvaluationUploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="an Excel workbook (.xlsx) in the export's layout")


class EvaluationImportedSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="number of indicators created")


class EvaluationImportErrorItemSerializer(serializers.Serializer):
    field = JsonStringField()
    row = serializers.IntegerField(
        required=False, allow_null=True, help_text="the Excel row, where known"
    )
    reason = JsonStringField()


class EvaluationImportErrorSerializer(serializers.Serializer):
    errors = EvaluationImportErrorItemSerializer(many=True)  # type: ignore[assignment]
    code = JsonStringField()


class SystemListView(APIView):
    @extend_schema(
        operation_id="evaluation_systems_list",
        responses={200: EvaluationSystemSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        return Response(EvaluationSystemSerializer(system_list(user=request.user), many=True).data)

    @extend_schema(
        operation_id="evaluation_systems_create",
        request=EvaluationSystemInputSerializer,
        responses={201: EvaluationSystemSerializer, **error_responses(400, 401, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        data = EvaluationSystemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        system = system_create(actor=request.user, **data.validated_data)
        return Response(EvaluationSystemSerializer(system).data, status=status.HTTP_201_CREATED)


class SystemDetailView(APIView):
    @extend_schema(
        operation_id="evaluation_system_retrieve",
        responses={200: EvaluationSystemDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        system = system_get_for_user(user=request.user, pk=pk)
        indicators = system.indicators.select_related("parent").order_by("order")
        return Response(
            {
                **EvaluationSystemSerializer(system).data,
                "indicators": EvaluationIndicatorSerializer(indicators, many=True).data,
            }
        )


class SystemTreeView(APIView):
    """PUT the whole tree (a list of nodes); all or nothing, every broken rule reported."""

    @extend_schema(
        operation_id="evaluation_system_tree_replace",
        request=EvaluationIndicatorNodeInputSerializer(many=True),
        responses={
            200: EvaluationTreeSavedSerializer,
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    def put(self, request: Request, pk: int) -> Response:
        system = system_get_for_user(user=request.user, pk=pk)
        data = EvaluationIndicatorNodeInputSerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        nodes = [
            NodeSpec(
                **{
                    **n,
                    "parent_code": n.get("parent_code") or None,
                    "grade_points": {k: str(v) for k, v in n.get("grade_points", {}).items()},
                }
            )
            for n in data.validated_data
        ]
        system_save_tree(actor=request.user, system=system, nodes=nodes)
        return Response({"indicators": len(nodes)})


class SystemExportView(APIView):
    @extend_schema(
        operation_id="evaluation_system_export",
        responses={
            (200, XLSX_MIME): OpenApiResponse(OpenApiTypes.BINARY, description="the workbook"),
            **error_responses(401, 403, 404),
        },
    )
    def get(self, request: Request, pk: int):  # type: ignore[no-untyped-def]
        system = system_get_for_user(user=request.user, pk=pk)
        audit(actor=request.user, action="evaluation.system.export", obj=system)
        return xlsx_response(
            f"indicators-{system.year}-{system.unit_kind}-v{system.version}.xlsx",
            [tree_sheet(system)],
        )


class SystemImportView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="evaluation_system_import",
        request={"multipart/form-data": EvaluationUploadInputSerializer},
        responses={
            200: EvaluationImportedSerializer,
            400: OpenApiResponse(
                EvaluationImportErrorSerializer,
                description="The workbook is refused; each error names its row where known.",
            ),
            **error_responses(401, 403, 404, 409, 413, 415),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        system = system_get_for_user(user=request.user, pk=pk)
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput(_("Choose an Excel file."), field="file")
        report = tree_import(actor=request.user, system=system, data=upload.read())
        if not report.ok:
            return Response(
                {
                    "errors": [
                        {"field": e.field, "row": e.row, "reason": e.reason} for e in report.errors
                    ],
                    "code": "invalid",
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"created": report.created})
