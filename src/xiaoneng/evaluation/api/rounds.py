"""Evaluation rounds: create, act, assign, score, appeal, results."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.schema import error_responses
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.evaluation.api.common import (
    NumberField,
    NumberModelSerializer,
    OrganizationField,
    numbers,
)
from xiaoneng.evaluation.models import Appeal, EvaluationRound, Indicator, ScorerRole
from xiaoneng.evaluation.selectors.rounds import (
    results_visible,
    round_get_for_user,
    round_list,
    scores_visible,
    system_get_for_user,
)
from xiaoneng.evaluation.services import rounds as services
from xiaoneng.evaluation.workflow import AppealStatus


class EvaluationGradeThresholdSerializer(serializers.Serializer):
    grade = JsonStringField(max_length=16)
    min = NumberField(max_digits=6, decimal_places=2, help_text="lowest total of the grade")


class EvaluationRoundSerializer(NumberModelSerializer):
    units = serializers.SerializerMethodField()
    shares = serializers.SerializerMethodField()
    grade_thresholds = EvaluationGradeThresholdSerializer(many=True, read_only=True)

    class Meta:
        model = EvaluationRound
        fields = [
            "id",
            "name",
            "year",
            "system",
            "owner",
            "status",
            "score_deadline",
            "appeal_workdays",
            "appeal_deadline",
            "grade_thresholds",
            "published_at",
            "units",
            "shares",
        ]

    def get_units(self, obj: EvaluationRound) -> list[int]:
        return [u.organization_id for u in obj.units.all()]

    @extend_schema_field(numbers(max_digits=5, help_text="scorer role → share in percent"))
    def get_shares(self, obj: EvaluationRound) -> dict[str, object]:
        return {w.role: w.weight for w in obj.scorer_weights.all()}


class EvaluationRoundInputSerializer(serializers.Serializer):
    name = JsonStringField(max_length=200)
    system = serializers.IntegerField(help_text="indicator system id")
    units = serializers.ListField(child=OrganizationField(), allow_empty=False, min_length=1)
    score_deadline = serializers.DateField()
    shares = numbers(
        max_digits=5, help_text="scorer role (self_assessment, …) → share in percent; sum 100"
    )
    appeal_workdays = serializers.IntegerField(required=False, min_value=1, max_value=30)
    grade_thresholds = EvaluationGradeThresholdSerializer(many=True, required=False)


class RoundListView(APIView):
    @extend_schema(
        operation_id="evaluation_rounds_list",
        responses={200: EvaluationRoundSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        rounds = round_list(user=request.user).prefetch_related("units", "scorer_weights")
        return Response(EvaluationRoundSerializer(rounds, many=True).data)

    @extend_schema(
        operation_id="evaluation_rounds_create",
        request=EvaluationRoundInputSerializer,
        responses={201: EvaluationRoundSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = EvaluationRoundInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["system"] = system_get_for_user(user=request.user, pk=values["system"])
        if "grade_thresholds" in values:
            values["grade_thresholds"] = [
                {"grade": t["grade"], "min": str(t["min"])} for t in values["grade_thresholds"]
            ]
        evaluation_round = services.round_create(actor=request.user, **values)
        return Response(
            EvaluationRoundSerializer(evaluation_round).data, status=status.HTTP_201_CREATED
        )


class RoundDetailView(APIView):
    @extend_schema(
        operation_id="evaluation_round_retrieve",
        responses={200: EvaluationRoundSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(
            EvaluationRoundSerializer(round_get_for_user(user=request.user, pk=pk)).data
        )


ACTIONS: dict[str, Callable[..., object]] = {
    "open": services.round_open,
    "close": services.round_close_scoring,
    "reopen": services.round_reopen,
    "publish": services.round_publish,
}


class RoundActionView(APIView):
    @extend_schema(
        operation_id="evaluation_round_action",
        description="Move the round on: `open` scoring, `close` scoring (results and the appeal "
        "window), `reopen` scoring, `publish` the results.",
        parameters=[
            OpenApiParameter("action", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(ACTIONS))
        ],
        request=None,
        responses={200: EvaluationRoundSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int, action: str) -> Response:
        evaluation_round = round_get_for_user(user=request.user, pk=pk)
        if action not in ACTIONS:
            raise NotFound(_("Unknown action."), field="action")
        ACTIONS[action](actor=request.user, evaluation_round=evaluation_round)
        evaluation_round.refresh_from_db()
        return Response(EvaluationRoundSerializer(evaluation_round).data)


class EvaluationAssignmentInputSerializer(serializers.Serializer):
    indicator = JsonStringField(max_length=20, help_text="indicator code")
    department = OrganizationField()


class AssignmentView(APIView):
    @extend_schema(
        operation_id="evaluation_round_assignment_create",
        request=EvaluationAssignmentInputSerializer,
        responses={204: None, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        evaluation_round = round_get_for_user(user=request.user, pk=pk)
        data = EvaluationAssignmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        indicator = _indicator(evaluation_round, data.validated_data["indicator"])
        services.round_assign(
            actor=request.user,
            evaluation_round=evaluation_round,
            indicator=indicator,
            department=data.validated_data["department"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def _indicator(evaluation_round: EvaluationRound, code: str) -> Indicator:
    indicator = evaluation_round.system.indicators.filter(code=code).first()
    if indicator is None:
        raise InvalidInput(
            _("No indicator with code %(code)s.") % {"code": code}, field="indicator"
        )
    return indicator


class EvaluationScoreSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    indicator = JsonStringField(source="indicator.code")
    scorer_role = serializers.ChoiceField(choices=ScorerRole.choices)
    actual = NumberField(max_digits=14, decimal_places=4, allow_null=True)
    grade = JsonStringField()
    events = serializers.IntegerField(allow_null=True)
    points = NumberField(max_digits=8, decimal_places=2)
    evidence = JsonStringField()
    entered_by = JsonStringField(source="entered_by.display_name")
    updated_at = serializers.DateTimeField()


class EvaluationScoreInputSerializer(serializers.Serializer):
    unit = OrganizationField()
    indicator = JsonStringField(max_length=20, help_text="indicator code")
    scorer_role = serializers.ChoiceField(choices=ScorerRole.choices)
    actual = NumberField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    grade = JsonStringField(max_length=4, required=False, allow_blank=True)
    events = serializers.IntegerField(
        min_value=0, max_value=2_147_483_647, required=False, allow_null=True
    )
    evidence = JsonStringField(required=False, allow_blank=True)


class ScoreView(APIView):
    @extend_schema(
        operation_id="evaluation_round_scores_list",
        responses={
            200: EvaluationScoreSerializer(many=True),
            **error_responses(401, 403, 404),
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        evaluation_round = round_get_for_user(user=request.user, pk=pk)
        scores = scores_visible(user=request.user, evaluation_round=evaluation_round)
        return Response(EvaluationScoreSerializer(scores, many=True).data)

    @extend_schema(
        operation_id="evaluation_round_scores_create",
        request=EvaluationScoreInputSerializer,
        responses={201: EvaluationScoreSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        evaluation_round = round_get_for_user(user=request.user, pk=pk)
        data = EvaluationScoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["indicator"] = _indicator(evaluation_round, values["indicator"])
        score = services.score_enter(
            actor=request.user, evaluation_round=evaluation_round, **values
        )
        return Response(EvaluationScoreSerializer(score).data, status=status.HTTP_201_CREATED)


class EvaluationResultSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    unit_name = JsonStringField(source="unit.name")
    total = NumberField(max_digits=8, decimal_places=2)
    rank = serializers.IntegerField()
    grade = JsonStringField()
    is_complete = serializers.BooleanField()
    detail = numbers(help_text="indicator code → points")


class ResultView(APIView):
    @extend_schema(
        operation_id="evaluation_round_results_list",
        responses={
            200: EvaluationResultSerializer(many=True),
            **error_responses(401, 403, 404),
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        evaluation_round = round_get_for_user(user=request.user, pk=pk)
        results = results_visible(user=request.user, evaluation_round=evaluation_round)
        return Response(EvaluationResultSerializer(results, many=True).data)


class EvaluationAppealInputSerializer(serializers.Serializer):
    unit = OrganizationField()
    reason = JsonStringField()
    indicator = JsonStringField(
        max_length=20, required=False, allow_blank=True, help_text="indicator code"
    )


class EvaluationAppealDecisionInputSerializer(serializers.Serializer):
    is_upheld = serializers.BooleanField()
    response = JsonStringField()


class EvaluationAppealStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AppealStatus.choices)


class AppealView(APIView):
    @extend_schema(
        operation_id="evaluation_round_appeals_create",
        request=EvaluationAppealInputSerializer,
        responses={
            201: EvaluationAppealStatusSerializer,
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        evaluation_round = round_get_for_user(user=request.user, pk=pk)
        data = EvaluationAppealInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data.get("indicator")
        appeal = services.appeal_file(
            actor=request.user,
            evaluation_round=evaluation_round,
            unit=data.validated_data["unit"],
            reason=data.validated_data["reason"],
            indicator=_indicator(evaluation_round, code) if code else None,
        )
        return Response(
            EvaluationAppealStatusSerializer(appeal).data, status=status.HTTP_201_CREATED
        )


class AppealDecideView(APIView):
    @extend_schema(
        operation_id="evaluation_appeal_decide",
        request=EvaluationAppealDecisionInputSerializer,
        responses={
            200: EvaluationAppealStatusSerializer,
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        appeal = Appeal.objects.select_related("round").filter(pk=pk).first()
        if appeal is None or appeal.round not in round_list(user=request.user):
            raise NotFound(_("No such appeal."), field="appeal")
        data = EvaluationAppealDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.appeal_decide(actor=request.user, appeal=appeal, **data.validated_data)
        return Response(EvaluationAppealStatusSerializer(appeal).data)
