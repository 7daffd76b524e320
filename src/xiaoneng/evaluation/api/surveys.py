"""Surveys: list, create, issue, open/close, paper answers, index; answers by token."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.schema import error_responses
from xiaoneng.evaluation.api.common import (
    EvaluationCreatedSerializer,
    NumberField,
    NumberModelSerializer,
    OrganizationField,
)
from xiaoneng.evaluation.models import Dimension, Question, QuestionKind, RespondentKind, Survey
from xiaoneng.evaluation.selectors.surveys import (
    invitation_by_token,
    satisfaction_index,
    survey_get_for_user,
    survey_list,
)
from xiaoneng.evaluation.services import surveys as services
from xiaoneng.evaluation.services.surveys import TEMPLATES
from xiaoneng.evaluation.workflow import SurveyStatus


def _index_number(**kwargs: object) -> NumberField:
    return NumberField(max_digits=6, decimal_places=2, allow_null=True, **kwargs)


class EvaluationSurveySerializer(NumberModelSerializer):
    dimension_weights = serializers.DictField(
        child=NumberField(max_digits=6, decimal_places=2), help_text="dimension → weight"
    )

    class Meta:
        model = Survey
        fields = [
            "id",
            "title",
            "owner",
            "subject_unit",
            "period_start",
            "period_end",
            "status",
            "dimension_weights",
            "template",
        ]


class EvaluationSurveyInputSerializer(serializers.Serializer):
    title = JsonStringField(max_length=200)
    owner = OrganizationField()
    subject_unit = OrganizationField(required=False, allow_null=True)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    template = serializers.ChoiceField(
        choices=[(k, k) for k in TEMPLATES], required=False, allow_blank=True
    )
    dimension_weights = serializers.DictField(
        child=NumberField(max_digits=6, decimal_places=2, min_value=0),
        required=False,
        help_text="dimension (policy_stability, efficiency, …) → weight",
    )


class EvaluationSurveyQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    section = JsonStringField(source="section.title")
    text = JsonStringField()
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    dimension = serializers.ChoiceField(choices=[("", ""), *Dimension.choices])
    minimum = NumberField(max_digits=10, decimal_places=2)
    maximum = NumberField(max_digits=10, decimal_places=2)


class EvaluationSurveyIndexSerializer(serializers.Serializer):
    """Figures of the satisfaction index (0–100, percent); null where nothing was answered."""

    issued = serializers.IntegerField()
    returned = serializers.IntegerField()
    response_rate = _index_number(help_text="returned ÷ issued, in percent")
    by_dimension = serializers.DictField(child=_index_number(), help_text="dimension → index")
    overall = _index_number()


class EvaluationSurveyDetailSerializer(EvaluationSurveySerializer):
    questions = EvaluationSurveyQuestionSerializer(many=True)
    index = EvaluationSurveyIndexSerializer()

    class Meta(EvaluationSurveySerializer.Meta):
        fields = [*EvaluationSurveySerializer.Meta.fields, "questions", "index"]


class SurveyListView(APIView):
    @extend_schema(
        operation_id="evaluation_surveys_list",
        responses={200: EvaluationSurveySerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        return Response(EvaluationSurveySerializer(survey_list(user=request.user), many=True).data)

    @extend_schema(
        operation_id="evaluation_surveys_create",
        request=EvaluationSurveyInputSerializer,
        responses={201: EvaluationSurveySerializer, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        data = EvaluationSurveyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        survey = services.survey_create(actor=request.user, **data.validated_data)
        return Response(EvaluationSurveySerializer(survey).data, status=status.HTTP_201_CREATED)


class SurveyDetailView(APIView):
    @extend_schema(
        operation_id="evaluation_survey_retrieve",
        responses={200: EvaluationSurveyDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        survey = survey_get_for_user(user=request.user, pk=pk)
        return Response(
            {
                **EvaluationSurveySerializer(survey).data,
                "questions": EvaluationSurveyQuestionSerializer(
                    Question.objects.filter(section__survey=survey).select_related("section"),
                    many=True,
                ).data,
                "index": EvaluationSurveyIndexSerializer(satisfaction_index(survey=survey)).data,
            }
        )


class EvaluationSurveyStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SurveyStatus.choices)


class SurveyStatusView(APIView):
    @extend_schema(
        operation_id="evaluation_survey_status_set",
        request=EvaluationSurveyStatusInputSerializer,
        responses={200: EvaluationSurveySerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        survey = survey_get_for_user(user=request.user, pk=pk)
        data = EvaluationSurveyStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.survey_set_status(actor=request.user, survey=survey, **data.validated_data)
        return Response(EvaluationSurveySerializer(survey).data)


class EvaluationRespondentInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[RespondentKind.ENTERPRISE, RespondentKind.RESIDENT])
    name = JsonStringField(max_length=200)


class EvaluationSurveyIssueInputSerializer(serializers.Serializer):
    respondents = EvaluationRespondentInputSerializer(many=True, required=False)
    anonymous_links = serializers.IntegerField(min_value=0, max_value=5000, required=False)


class EvaluationSurveyCopySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    respondent = JsonStringField(source="respondent_name")
    token = JsonStringField(help_text="the secret of the copy's answer link")


class SurveyIssueView(APIView):
    @extend_schema(
        operation_id="evaluation_survey_issue",
        request=EvaluationSurveyIssueInputSerializer,
        responses={
            201: EvaluationSurveyCopySerializer(many=True),
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        survey = survey_get_for_user(user=request.user, pk=pk)
        data = EvaluationSurveyIssueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        copies = services.survey_issue(
            actor=request.user,
            survey=survey,
            respondents=[
                (p["kind"], p["name"]) for p in data.validated_data.get("respondents", [])
            ],
            anonymous_links=data.validated_data.get("anonymous_links", 0),
        )
        return Response(
            EvaluationSurveyCopySerializer(copies, many=True).data, status=status.HTTP_201_CREATED
        )


class EvaluationAnswersInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=JsonStringField(allow_blank=True),
        help_text="question id (12 or q12) → answer (1–5, or a number in the question's range)",
    )
    respondent_name = JsonStringField(max_length=200, required=False, allow_blank=True)


def _values(answers: dict) -> dict[int, object]:
    values = {}
    for key, value in answers.items():
        try:
            values[int(str(key).lstrip("q"))] = value
        except ValueError:
            continue
    return values


class SurveyPaperView(APIView):
    @extend_schema(
        operation_id="evaluation_survey_paper_create",
        request=EvaluationAnswersInputSerializer,
        responses={201: EvaluationCreatedSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        survey = survey_get_for_user(user=request.user, pk=pk)
        data = EvaluationAnswersInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        copy = services.survey_answer_paper(
            actor=request.user,
            survey=survey,
            values=_values(data.validated_data["answers"]),
            respondent_name=data.validated_data.get("respondent_name", ""),
        )
        return Response({"id": copy.pk}, status=status.HTTP_201_CREATED)


class EvaluationAnswerReceivedSerializer(serializers.Serializer):
    returned = serializers.BooleanField()


class SurveyAnswerByTokenView(APIView):
    """Public: answer one issued copy by its secret token (no account needed)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "anon_submit"

    @extend_schema(
        operation_id="evaluation_survey_answer_by_token",
        request=EvaluationAnswersInputSerializer,
        responses={
            201: EvaluationAnswerReceivedSerializer,
            **error_responses(400, 403, 404, 409, 429),
        },
    )
    def post(self, request: Request, token: str) -> Response:
        invitation = invitation_by_token(token=token)
        data = EvaluationAnswersInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.survey_answer(
            invitation=invitation, values=_values(data.validated_data["answers"])
        )
        return Response({"returned": True}, status=status.HTTP_201_CREATED)
