"""Units' efficiency rules filed (八项制度备案) and yearly self-inspection (自查自纠).

Paths: /api/v1/rule-filings/ and /api/v1/self-inspections/ (docs/evaluation.md).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.api.fields import JsonBooleanField, JsonStringField
from xiaoneng.core.api.pagination import StandardPagination
from xiaoneng.core.api.schema import PAGINATION_PARAMETERS, error_responses, paginated
from xiaoneng.evaluation.api.common import (
    OrganizationField,
    id_parameter,
    organization,
    query_choice,
    query_int,
    query_year,
    year_parameter,
)
from xiaoneng.evaluation.models import (
    EfficiencyRule,
    RuleFiling,
    SelfInspection,
    SelfInspectionProblem,
)
from xiaoneng.evaluation.selectors import filings as selectors
from xiaoneng.evaluation.services import filings as services
from xiaoneng.evaluation.workflow import FilingStatus

TAG_FILINGS = ["rule-filings"]
TAG_INSPECTIONS = ["self-inspections"]


def _page(request: Request, view: APIView, queryset: Any, serializer: Any) -> Response:
    paginator = StandardPagination()
    rows = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer(rows, many=True).data)


class RuleFilingSerializer(serializers.ModelSerializer):
    unit_name = JsonStringField(source="unit.name")
    rule_label = JsonStringField(source="get_rule_display")
    status_label = JsonStringField(source="get_status_display")
    has_attachment = serializers.SerializerMethodField()
    filed_by = JsonStringField(source="filed_by.get_username")
    reviewed_by = JsonStringField(source="reviewed_by.get_username", allow_null=True, default=None)

    class Meta:
        model = RuleFiling
        fields = [
            "id",
            "unit",
            "unit_name",
            "rule",
            "rule_label",
            "version",
            "text",
            "has_attachment",
            "attachment_name",
            "filed_on",
            "filed_by",
            "status",
            "status_label",
            "reviewed_by",
            "reviewed_at",
            "review_reason",
        ]

    def get_has_attachment(self, filing: RuleFiling) -> bool:
        return bool(filing.attachment)


class RuleFilingDetailSerializer(RuleFilingSerializer):
    history = RuleFilingSerializer(many=True, help_text="every version of the rule, newest first")

    class Meta(RuleFilingSerializer.Meta):
        fields = [*RuleFilingSerializer.Meta.fields, "history"]


class RuleFilingInputSerializer(serializers.Serializer):
    unit = OrganizationField(help_text="the unit filing (the user's own)")
    rule = serializers.ChoiceField(choices=EfficiencyRule.choices)
    text = JsonStringField(required=False, allow_blank=True, max_length=20000)
    attachment = serializers.FileField(required=False, help_text="multipart only")
    filed_on = serializers.DateField(required=False)


class FilingReviewInputSerializer(serializers.Serializer):
    is_accepted = JsonBooleanField()
    reason = JsonStringField(
        required=False, allow_blank=True, max_length=4000, help_text="required when returned"
    )


FILTERS = [
    id_parameter("unit", "Only this unit's filings."),
    OpenApiParameter("rule", str, enum=EfficiencyRule.values, description="Only this rule."),
    OpenApiParameter("status", str, enum=FilingStatus.values, description="Only this status."),
]


class RuleFilingListView(APIView):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="rule_filings_list",
        tags=TAG_FILINGS,
        parameters=[*PAGINATION_PARAMETERS, *FILTERS],
        responses={200: paginated(RuleFilingSerializer), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        queryset = selectors.rule_filing_list(
            user=request.user,
            unit=organization(query_int(params.get("unit"), "unit"), "unit"),
            rule=query_choice(params.get("rule"), "rule", EfficiencyRule.choices),
            status=query_choice(params.get("status"), "status", FilingStatus.choices),
        )
        return _page(request, self, queryset, RuleFilingSerializer)

    @extend_schema(
        operation_id="rule_filings_create",
        tags=TAG_FILINGS,
        request={
            "application/json": RuleFilingInputSerializer,
            "multipart/form-data": RuleFilingInputSerializer,
        },
        responses={201: RuleFilingSerializer, **error_responses(400, 401, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        data = RuleFilingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        filing = services.rule_filing_file(actor=request.user, **data.validated_data)
        return Response(RuleFilingSerializer(filing).data, status=status.HTTP_201_CREATED)


class RuleFilingDetailView(APIView):
    @extend_schema(
        operation_id="rule_filing_retrieve",
        tags=TAG_FILINGS,
        responses={200: RuleFilingDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        filing = selectors.rule_filing_get_for_user(user=request.user, pk=pk)
        return Response(
            {
                **RuleFilingSerializer(filing).data,
                "history": RuleFilingSerializer(
                    selectors.rule_filing_history(filing=filing).select_related(
                        "unit", "filed_by", "reviewed_by"
                    ),
                    many=True,
                ).data,
            }
        )


class RuleFilingReviewView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="rule_filing_review",
        tags=TAG_FILINGS,
        request=FilingReviewInputSerializer,
        responses={200: RuleFilingSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        filing = selectors.rule_filing_get_for_user(user=request.user, pk=pk)
        data = FilingReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reviewed = services.rule_filing_review(
            actor=request.user, filing=filing, **data.validated_data
        )
        return Response(RuleFilingSerializer(reviewed).data)


class RuleFilingUnitRulesSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = JsonStringField(source="unit.name")
    accepted = serializers.ListField(child=serializers.ChoiceField(EfficiencyRule.choices))
    pending = serializers.ListField(child=serializers.ChoiceField(EfficiencyRule.choices))
    missing = serializers.ListField(child=serializers.ChoiceField(EfficiencyRule.choices))


class RuleFilingMissingView(APIView):
    @extend_schema(
        operation_id="rule_filings_missing",
        tags=TAG_FILINGS,
        description="Units flagged: at least one of the eight rules has no accepted filing.",
        responses={200: RuleFilingUnitRulesSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.units_missing_rules(user=request.user)
        return Response(RuleFilingUnitRulesSerializer(rows, many=True).data)


class SelfInspectionProblemSerializer(serializers.ModelSerializer):
    status_label = JsonStringField(source="get_status_display")

    class Meta:
        model = SelfInspectionProblem
        fields = [
            "id",
            "description",
            "measure",
            "found_on",
            "deadline_workdays",
            "due_on",
            "status",
            "status_label",
            "done_on",
            "result",
        ]


class SelfInspectionSerializer(serializers.ModelSerializer):
    unit_name = JsonStringField(source="unit.name")
    status_label = JsonStringField(source="get_status_display")

    class Meta:
        model = SelfInspection
        fields = [
            "id",
            "unit",
            "unit_name",
            "year",
            "summary",
            "status",
            "status_label",
            "submitted_on",
            "reviewed_at",
            "review_reason",
        ]


class SelfInspectionDetailSerializer(SelfInspectionSerializer):
    problems = SelfInspectionProblemSerializer(many=True)

    class Meta(SelfInspectionSerializer.Meta):
        fields = [*SelfInspectionSerializer.Meta.fields, "problems"]


class SelfInspectionInputSerializer(serializers.Serializer):
    unit = OrganizationField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    summary = JsonStringField(max_length=20000)


class SelfInspectionProblemInputSerializer(serializers.Serializer):
    description = JsonStringField(max_length=4000)
    measure = JsonStringField(max_length=4000)
    found_on = serializers.DateField()
    deadline_workdays = serializers.IntegerField(min_value=1, max_value=250)


class SelfInspectionProblemDoneInputSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    result = JsonStringField(max_length=4000)


class SelfInspectionListView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="self_inspections_list",
        tags=TAG_INSPECTIONS,
        parameters=[
            *PAGINATION_PARAMETERS,
            year_parameter("Only this year's reports."),
            id_parameter("unit", "Only this unit's reports."),
        ],
        responses={
            200: paginated(SelfInspectionSerializer),
            **error_responses(400, 401, 403, 404),
        },
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        queryset = selectors.self_inspection_list(
            user=request.user,
            year=query_year(params.get("year")),
            unit=organization(query_int(params.get("unit"), "unit"), "unit"),
        )
        return _page(request, self, queryset, SelfInspectionSerializer)

    @extend_schema(
        operation_id="self_inspections_create",
        tags=TAG_INSPECTIONS,
        request=SelfInspectionInputSerializer,
        responses={201: SelfInspectionSerializer, **error_responses(400, 401, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        data = SelfInspectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.self_inspection_create(actor=request.user, **data.validated_data)
        return Response(SelfInspectionSerializer(report).data, status=status.HTTP_201_CREATED)


class SelfInspectionDetailView(APIView):
    @extend_schema(
        operation_id="self_inspection_retrieve",
        tags=TAG_INSPECTIONS,
        responses={200: SelfInspectionDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        report = selectors.self_inspection_get_for_user(user=request.user, pk=pk)
        return Response(SelfInspectionDetailSerializer(report).data)


class SelfInspectionProblemView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="self_inspection_problem_create",
        tags=TAG_INSPECTIONS,
        request=SelfInspectionProblemInputSerializer,
        responses={
            201: SelfInspectionProblemSerializer,
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        report = selectors.self_inspection_get_for_user(user=request.user, pk=pk)
        data = SelfInspectionProblemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        problem = services.self_inspection_problem_add(
            actor=request.user, report=report, **data.validated_data
        )
        return Response(
            SelfInspectionProblemSerializer(problem).data, status=status.HTTP_201_CREATED
        )


class SelfInspectionProblemDoneView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="self_inspection_problem_done",
        tags=TAG_INSPECTIONS,
        request=SelfInspectionProblemDoneInputSerializer,
        responses={
            200: SelfInspectionProblemSerializer,
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        problem = selectors.problem_get_for_user(user=request.user, pk=pk)
        data = SelfInspectionProblemDoneInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = services.self_inspection_problem_done(
            actor=request.user, problem=problem, **data.validated_data
        )
        return Response(SelfInspectionProblemSerializer(done).data)


class SelfInspectionSubmitView(APIView):
    @extend_schema(
        operation_id="self_inspection_submit",
        tags=TAG_INSPECTIONS,
        request=None,
        responses={200: SelfInspectionSerializer, **error_responses(401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = selectors.self_inspection_get_for_user(user=request.user, pk=pk)
        submitted = services.self_inspection_submit(actor=request.user, report=report)
        return Response(SelfInspectionSerializer(submitted).data)


class SelfInspectionReviewView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="self_inspection_review",
        tags=TAG_INSPECTIONS,
        request=FilingReviewInputSerializer,
        responses={200: SelfInspectionSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = selectors.self_inspection_get_for_user(user=request.user, pk=pk)
        data = FilingReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reviewed = services.self_inspection_review(
            actor=request.user, report=report, **data.validated_data
        )
        return Response(SelfInspectionSerializer(reviewed).data)
