"""Democratic appraisal (民主评议政风行风): /api/v1/evaluation/appraisals/."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.schema import error_responses
from xiaoneng.core.errors import InvalidInput
from xiaoneng.evaluation.api.common import (
    NumberField,
    OrganizationField,
    query_year,
    year_parameter,
)
from xiaoneng.evaluation.api.surveys import EvaluationSurveyCopySerializer, _values
from xiaoneng.evaluation.models import AppraisalGroup, EvaluationRound, Indicator
from xiaoneng.evaluation.selectors.appraisals import (
    appraisal_get_for_user,
    appraisal_list,
    appraisal_results,
)
from xiaoneng.evaluation.selectors.rounds import round_get_for_user
from xiaoneng.evaluation.services import appraisals as services

TAG = ["evaluation"]


def _index(**kwargs: object) -> NumberField:
    return NumberField(max_digits=6, decimal_places=2, allow_null=True, **kwargs)


class AppraisalSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = JsonStringField()
    year = serializers.IntegerField()
    owner = serializers.IntegerField(source="owner_id")
    weights = serializers.DictField(
        child=NumberField(max_digits=6, decimal_places=2), help_text="group → percent (sum 100)"
    )
    round = serializers.IntegerField(source="round_id", allow_null=True)
    indicator = JsonStringField(
        source="indicator.code", allow_null=True, default=None, help_text="the leaf it scores"
    )


class AppraisalUnitResultSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = JsonStringField(source="unit.name")
    survey = serializers.IntegerField(source="survey_id")
    issued = serializers.IntegerField()
    returned = serializers.IntegerField()
    by_group = serializers.DictField(child=_index(), help_text="group → index 0–100")
    returned_by_group = serializers.DictField(child=serializers.IntegerField())
    result = _index(help_text="weighted result 0–100; null before any group answered")


class AppraisalDetailSerializer(AppraisalSerializer):
    results = AppraisalUnitResultSerializer(many=True)


class AppraisalInputSerializer(serializers.Serializer):
    title = JsonStringField(max_length=200)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    owner = OrganizationField(help_text="the organizing government or office")
    units = serializers.ListField(child=OrganizationField(), min_length=1, max_length=500)
    weights = serializers.DictField(
        child=NumberField(max_digits=6, decimal_places=2, min_value=0),
        help_text="public, enterprise, deputy, monitor → percent; they sum to 100",
    )


class AppraisalIssueInputSerializer(serializers.Serializer):
    unit = OrganizationField()
    group = serializers.ChoiceField(choices=AppraisalGroup.choices)
    copies = serializers.IntegerField(min_value=1, max_value=5000)


class AppraisalPaperInputSerializer(serializers.Serializer):
    unit = OrganizationField()
    group = serializers.ChoiceField(choices=AppraisalGroup.choices)
    answers = serializers.DictField(
        child=JsonStringField(allow_blank=True),
        help_text="question id (12 or q12) → answer 1–5",
    )


class AppraisalLinkInputSerializer(serializers.Serializer):
    round = serializers.IntegerField(min_value=1)
    indicator = JsonStringField(max_length=20, help_text="leaf code, e.g. 2.3")


class AppraisalCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()


def _detail(appraisal: object) -> dict:
    return {
        **AppraisalSerializer(appraisal).data,
        "results": AppraisalUnitResultSerializer(
            appraisal_results(appraisal=appraisal),
            many=True,  # type: ignore[arg-type]
        ).data,
    }


class AppraisalListView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="evaluation_appraisals_list",
        tags=TAG,
        parameters=[year_parameter("Only this year's appraisals.")],
        responses={200: AppraisalSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        rows = appraisal_list(user=request.user, year=query_year(request.query_params.get("year")))
        return Response(AppraisalSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="evaluation_appraisals_create",
        tags=TAG,
        request=AppraisalInputSerializer,
        responses={201: AppraisalDetailSerializer, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        data = AppraisalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appraisal = services.appraisal_create(actor=request.user, **data.validated_data)
        return Response(_detail(appraisal), status=status.HTTP_201_CREATED)


class AppraisalDetailView(APIView):
    @extend_schema(
        operation_id="evaluation_appraisal_retrieve",
        tags=TAG,
        responses={200: AppraisalDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(appraisal_get_for_user(user=request.user, pk=pk)))


class AppraisalIssueView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="evaluation_appraisal_issue",
        tags=TAG,
        request=AppraisalIssueInputSerializer,
        responses={
            201: EvaluationSurveyCopySerializer(many=True),
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        appraisal = appraisal_get_for_user(user=request.user, pk=pk)
        data = AppraisalIssueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        copies = services.appraisal_issue(
            actor=request.user, appraisal=appraisal, **data.validated_data
        )
        return Response(
            EvaluationSurveyCopySerializer(copies, many=True).data, status=status.HTTP_201_CREATED
        )


class AppraisalPaperView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="evaluation_appraisal_paper_create",
        tags=TAG,
        request=AppraisalPaperInputSerializer,
        responses={201: AppraisalCreatedSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        appraisal = appraisal_get_for_user(user=request.user, pk=pk)
        data = AppraisalPaperInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        copy = services.appraisal_answer_paper(
            actor=request.user,
            appraisal=appraisal,
            unit=data.validated_data["unit"],
            group=data.validated_data["group"],
            values=_values(data.validated_data["answers"]),
        )
        return Response({"id": copy.pk}, status=status.HTTP_201_CREATED)


class AppraisalLinkView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="evaluation_appraisal_link",
        tags=TAG,
        description="Score a leaf of a round with the appraisal; the leaf follows it live.",
        request=AppraisalLinkInputSerializer,
        responses={200: AppraisalDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        appraisal = appraisal_get_for_user(user=request.user, pk=pk)
        data = AppraisalLinkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evaluation_round: EvaluationRound = round_get_for_user(
            user=request.user, pk=data.validated_data["round"]
        )
        indicator = Indicator.objects.filter(
            system=evaluation_round.system, code=data.validated_data["indicator"]
        ).first()
        if indicator is None:
            raise InvalidInput(_("No such indicator in the round's system."), field="indicator")
        services.appraisal_link(
            actor=request.user,
            appraisal=appraisal,
            evaluation_round=evaluation_round,
            indicator=indicator,
        )
        return Response(_detail(appraisal))
