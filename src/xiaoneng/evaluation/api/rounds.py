"""Evaluation rounds: create, act, assign, score, appeal, results."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.evaluation.api.common import OrganizationField
from xiaoneng.evaluation.models import Appeal, EvaluationRound, ScorerRole
from xiaoneng.evaluation.selectors.rounds import (
    results_visible,
    round_get_for_user,
    round_list,
    scores_visible,
    system_get_for_user,
)
from xiaoneng.evaluation.services import rounds as services


class RoundSerializer(serializers.ModelSerializer):
    units = serializers.SerializerMethodField()
    shares = serializers.SerializerMethodField()

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

    def get_shares(self, obj: EvaluationRound) -> dict[str, str]:
        return {w.role: str(w.weight) for w in obj.scorer_weights.all()}


class ThresholdSerializer(serializers.Serializer):
    grade = serializers.CharField(max_length=16)
    min = serializers.DecimalField(max_digits=6, decimal_places=2)


class RoundWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    system = serializers.IntegerField()
    units = serializers.ListField(child=OrganizationField(), allow_empty=False)
    score_deadline = serializers.DateField()
    shares = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=2))
    appeal_workdays = serializers.IntegerField(required=False, min_value=1, max_value=30)
    grade_thresholds = ThresholdSerializer(many=True, required=False)


class RoundListView(APIView):
    def get(self, request: Request) -> Response:
        rounds = round_list(user=request.user).prefetch_related("units", "scorer_weights")
        return Response(RoundSerializer(rounds, many=True).data)

    def post(self, request: Request) -> Response:
        data = RoundWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["system"] = system_get_for_user(user=request.user, pk=values["system"])
        if "grade_thresholds" in values:
            values["grade_thresholds"] = [
                {"grade": t["grade"], "min": str(t["min"])} for t in values["grade_thresholds"]
            ]
        evaluation_round = services.round_create(actor=request.user, **values)
        return Response(RoundSerializer(evaluation_round).data, status=status.HTTP_201_CREATED)


class RoundDetailView(APIView):
    def get(self, request: Request, pk: int) -> Response:
        return Response(RoundSerializer(round_get_for_user(user=request.user, pk=pk)).data)


ACTIONS: dict[str, Callable[..., object]] = {
    "open": services.round_open,
    "close": services.round_close_scoring,
    "reopen": services.round_reopen,
    "publish": services.round_publish,
}


class RoundActionView(APIView):
    def post(self, request: Request, pk: int, action: str) -> Response:
        evaluation_round = round_get_for_user(user=request.user, pk=pk)
        if action not in ACTIONS:
            raise NotFound(_("Unknown action."), field="action")
        ACTIONS[action](actor=request.user, evaluation_round=evaluation_round)
        evaluation_round.refresh_from_db()
        return Response(RoundSerializer(evaluation_round).data)


class AssignmentView(APIView):
    class Input(serializers.Serializer):
        indicator = serializers.CharField(help_text="indicator code")
        department = OrganizationField()

    def post(self, request: Request, pk: int) -> Response:
        evaluation_round = round_get_for_user(user=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        indicator = _indicator(evaluation_round, data.validated_data["indicator"])
        services.round_assign(
            actor=request.user,
            evaluation_round=evaluation_round,
            indicator=indicator,
            department=data.validated_data["department"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def _indicator(evaluation_round: EvaluationRound, code: str):  # type: ignore[no-untyped-def]
    indicator = evaluation_round.system.indicators.filter(code=code).first()
    if indicator is None:
        raise InvalidInput(
            _("No indicator with code %(code)s.") % {"code": code}, field="indicator"
        )
    return indicator


class ScoreSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    indicator = serializers.CharField(source="indicator.code")
    scorer_role = serializers.CharField()
    actual = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    grade = serializers.CharField()
    events = serializers.IntegerField(allow_null=True)
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    evidence = serializers.CharField()
    entered_by = serializers.CharField(source="entered_by.display_name")
    updated_at = serializers.DateTimeField()


class ScoreInput(serializers.Serializer):
    unit = OrganizationField()
    indicator = serializers.CharField()
    scorer_role = serializers.ChoiceField(choices=ScorerRole.choices)
    actual = serializers.DecimalField(
        max_digits=14, decimal_places=4, required=False, allow_null=True
    )
    grade = serializers.CharField(max_length=4, required=False, allow_blank=True)
    events = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    evidence = serializers.CharField(required=False, allow_blank=True)


class ScoreView(APIView):
    def get(self, request: Request, pk: int) -> Response:
        evaluation_round = round_get_for_user(user=request.user, pk=pk)
        scores = scores_visible(user=request.user, evaluation_round=evaluation_round)
        return Response(ScoreSerializer(scores, many=True).data)

    def post(self, request: Request, pk: int) -> Response:
        evaluation_round = round_get_for_user(user=request.user, pk=pk)
        data = ScoreInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["indicator"] = _indicator(evaluation_round, values["indicator"])
        score = services.score_enter(
            actor=request.user, evaluation_round=evaluation_round, **values
        )
        return Response(ScoreSerializer(score).data, status=status.HTTP_201_CREATED)


class ResultView(APIView):
    def get(self, request: Request, pk: int) -> Response:
        evaluation_round = round_get_for_user(user=request.user, pk=pk)
        results = results_visible(user=request.user, evaluation_round=evaluation_round)
        return Response(
            [
                {
                    "unit": r.unit_id,
                    "unit_name": r.unit.name,
                    "total": str(r.total),
                    "rank": r.rank,
                    "grade": r.grade,
                    "is_complete": r.is_complete,
                    "detail": r.detail,
                }
                for r in results
            ]
        )


class AppealView(APIView):
    class Input(serializers.Serializer):
        unit = OrganizationField()
        reason = serializers.CharField()
        indicator = serializers.CharField(required=False, allow_blank=True)

    def post(self, request: Request, pk: int) -> Response:
        evaluation_round = round_get_for_user(user=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data.get("indicator")
        appeal = services.appeal_file(
            actor=request.user,
            evaluation_round=evaluation_round,
            unit=data.validated_data["unit"],
            reason=data.validated_data["reason"],
            indicator=_indicator(evaluation_round, code) if code else None,
        )
        return Response({"id": appeal.pk, "status": appeal.status}, status=status.HTTP_201_CREATED)


class AppealDecideView(APIView):
    class Input(serializers.Serializer):
        is_upheld = serializers.BooleanField()
        response = serializers.CharField()

    def post(self, request: Request, pk: int) -> Response:
        appeal = Appeal.objects.select_related("round").filter(pk=pk).first()
        if appeal is None or appeal.round not in round_list(user=request.user):
            raise NotFound(_("No such appeal."), field="appeal")
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.appeal_decide(actor=request.user, appeal=appeal, **data.validated_data)
        return Response({"id": appeal.pk, "status": appeal.status})
