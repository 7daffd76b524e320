"""Surveys: list, create, issue, open/close, paper answers, index; answers by token."""

from __future__ import annotations

from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from xiaoneng.evaluation.api.common import OrganizationField
from xiaoneng.evaluation.models import Question, RespondentKind, Survey
from xiaoneng.evaluation.selectors.surveys import (
    invitation_by_token,
    satisfaction_index,
    survey_get_for_user,
    survey_list,
)
from xiaoneng.evaluation.services import surveys as services
from xiaoneng.evaluation.services.surveys import TEMPLATES
from xiaoneng.evaluation.workflow import SurveyStatus


class SurveySerializer(serializers.ModelSerializer):
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


class SurveyWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    owner = OrganizationField()
    subject_unit = OrganizationField(required=False, allow_null=True)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    template = serializers.ChoiceField(
        choices=[(k, k) for k in TEMPLATES], required=False, allow_blank=True
    )
    dimension_weights = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2), required=False
    )


def index_data(survey: Survey) -> dict:
    """Figures as strings (exact decimals), None where there are no answers yet."""
    index = satisfaction_index(survey=survey)

    def text(value):  # type: ignore[no-untyped-def]
        return None if value is None else str(value)

    return {
        "issued": index.issued,
        "returned": index.returned,
        "response_rate": text(index.response_rate),
        "by_dimension": {d: text(v) for d, v in index.by_dimension.items()},
        "overall": text(index.overall),
    }


class SurveyListView(APIView):
    def get(self, request: Request) -> Response:
        return Response(SurveySerializer(survey_list(user=request.user), many=True).data)

    def post(self, request: Request) -> Response:
        data = SurveyWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        survey = services.survey_create(actor=request.user, **data.validated_data)
        return Response(SurveySerializer(survey).data, status=status.HTTP_201_CREATED)


class SurveyDetailView(APIView):
    def get(self, request: Request, pk: int) -> Response:
        survey = survey_get_for_user(user=request.user, pk=pk)
        questions = [
            {
                "id": q.pk,
                "section": q.section.title,
                "text": q.text,
                "kind": q.kind,
                "dimension": q.dimension,
                "minimum": q.minimum,
                "maximum": q.maximum,
            }
            for q in _questions(survey)
        ]
        return Response(
            {**SurveySerializer(survey).data, "questions": questions, "index": index_data(survey)}
        )


def _questions(survey: Survey):  # type: ignore[no-untyped-def]
    return Question.objects.filter(section__survey=survey).select_related("section")


class SurveyStatusView(APIView):
    class Input(serializers.Serializer):
        status = serializers.ChoiceField(choices=SurveyStatus.choices)

    def post(self, request: Request, pk: int) -> Response:
        survey = survey_get_for_user(user=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.survey_set_status(actor=request.user, survey=survey, **data.validated_data)
        return Response(SurveySerializer(survey).data)


class SurveyIssueView(APIView):
    class Respondent(serializers.Serializer):
        kind = serializers.ChoiceField(choices=[RespondentKind.ENTERPRISE, RespondentKind.RESIDENT])
        name = serializers.CharField(max_length=200)

    class Input(serializers.Serializer):
        respondents = serializers.ListField(required=False)
        anonymous_links = serializers.IntegerField(min_value=0, max_value=5000, required=False)

    def post(self, request: Request, pk: int) -> Response:
        survey = survey_get_for_user(user=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        people = self.Respondent(data=data.validated_data.get("respondents", []), many=True)
        people.is_valid(raise_exception=True)
        copies = services.survey_issue(
            actor=request.user,
            survey=survey,
            respondents=[(p["kind"], p["name"]) for p in people.validated_data],
            anonymous_links=data.validated_data.get("anonymous_links", 0),
        )
        return Response(
            [{"id": c.pk, "respondent": c.respondent_name, "token": c.token} for c in copies],
            status=status.HTTP_201_CREATED,
        )


class AnswersInput(serializers.Serializer):
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True))
    respondent_name = serializers.CharField(required=False, allow_blank=True)


def _values(answers: dict) -> dict[int, object]:
    values = {}
    for key, value in answers.items():
        try:
            values[int(str(key).lstrip("q"))] = value
        except ValueError:
            continue
    return values


class SurveyPaperView(APIView):
    def post(self, request: Request, pk: int) -> Response:
        survey = survey_get_for_user(user=request.user, pk=pk)
        data = AnswersInput(data=request.data)
        data.is_valid(raise_exception=True)
        copy = services.survey_answer_paper(
            actor=request.user,
            survey=survey,
            values=_values(data.validated_data["answers"]),
            respondent_name=data.validated_data.get("respondent_name", ""),
        )
        return Response({"id": copy.pk}, status=status.HTTP_201_CREATED)


class SurveyAnswerByTokenView(APIView):
    """Public: answer one issued copy by its secret token (no account needed)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "anon_submit"

    def post(self, request: Request, token: str) -> Response:
        invitation = invitation_by_token(token=token)
        data = AnswersInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.survey_answer(
            invitation=invitation, values=_values(data.validated_data["answers"])
        )
        return Response({"returned": True}, status=status.HTTP_201_CREATED)
