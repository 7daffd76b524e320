"""Indicator systems: list, create, read the tree, replace the tree, Excel import/export."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.excel import xlsx_response
from xiaoneng.evaluation.api.common import OrganizationField
from xiaoneng.evaluation.excel import tree_import, tree_sheet
from xiaoneng.evaluation.models import Indicator, IndicatorSystem, ScoringMethod, UnitKind
from xiaoneng.evaluation.scoring import NodeSpec
from xiaoneng.evaluation.selectors.rounds import system_get_for_user, system_list
from xiaoneng.evaluation.services.indicators import system_create, system_save_tree


class IndicatorSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)

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


class SystemSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorSystem
        fields = ["id", "name", "year", "unit_kind", "version", "total_weight", "owner", "notes"]
        read_only_fields = ["version"]


class SystemWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    unit_kind = serializers.ChoiceField(choices=UnitKind.choices)
    owner = OrganizationField()
    total_weight = serializers.DecimalField(max_digits=7, decimal_places=2, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class NodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    parent_code = serializers.CharField(
        max_length=20, required=False, allow_null=True, allow_blank=True
    )
    name = serializers.CharField(max_length=200)
    weight = serializers.DecimalField(max_digits=7, decimal_places=2)
    method = serializers.ChoiceField(
        choices=ScoringMethod.choices, required=False, allow_blank=True
    )
    target = serializers.DecimalField(
        max_digits=14, decimal_places=4, required=False, allow_null=True
    )
    cap_ratio = serializers.DecimalField(max_digits=6, decimal_places=3, required=False)
    per_event = serializers.DecimalField(
        max_digits=7, decimal_places=2, required=False, allow_null=True
    )
    grade_points = serializers.DictField(child=serializers.CharField(), required=False)
    figure_code = serializers.CharField(max_length=40, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)


class SystemListView(APIView):
    def get(self, request: Request) -> Response:
        return Response(SystemSerializer(system_list(user=request.user), many=True).data)

    def post(self, request: Request) -> Response:
        data = SystemWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        system = system_create(actor=request.user, **data.validated_data)
        return Response(SystemSerializer(system).data, status=status.HTTP_201_CREATED)


class SystemDetailView(APIView):
    def get(self, request: Request, pk: int) -> Response:
        system = system_get_for_user(user=request.user, pk=pk)
        indicators = system.indicators.select_related("parent").order_by("order")
        return Response(
            {
                **SystemSerializer(system).data,
                "indicators": IndicatorSerializer(indicators, many=True).data,
            }
        )


class SystemTreeView(APIView):
    """PUT the whole tree (a list of nodes); all or nothing, every broken rule reported."""

    def put(self, request: Request, pk: int) -> Response:
        system = system_get_for_user(user=request.user, pk=pk)
        data = NodeSerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        nodes = [
            NodeSpec(**{**n, "parent_code": n.get("parent_code") or None})
            for n in data.validated_data
        ]
        system_save_tree(actor=request.user, system=system, nodes=nodes)
        return Response({"indicators": len(nodes)})


class SystemExportView(APIView):
    def get(self, request: Request, pk: int):  # type: ignore[no-untyped-def]
        system = system_get_for_user(user=request.user, pk=pk)
        audit(actor=request.user, action="evaluation.system.export", obj=system)
        return xlsx_response(
            f"indicators-{system.year}-{system.unit_kind}-v{system.version}.xlsx",
            [tree_sheet(system)],
        )


class SystemImportView(APIView):
    parser_classes = [MultiPartParser]

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
                    ]
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"created": report.created})
