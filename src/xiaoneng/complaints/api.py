"""API of the complaints context: parse → one service or selector → serialize.

Public endpoints (submit a complaint, track it, rate a case, ask a question, read published
answers and rating figures) need no account and are limited per address by the services.
Domain errors become {"errors": [{"field", "reason"}]} through the project exception handler.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.complaints import selectors, services
from xiaoneng.complaints import serializers as s
from xiaoneng.complaints.importing import complaints_import
from xiaoneng.complaints.selectors.stats import ComplaintFigures, complaint_figures
from xiaoneng.complaints.services.common import audit_identity_view
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.api.schema import report_or_error
from xiaoneng.core.db_router import reading_from_replica
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.middleware import client_ip
from xiaoneng.core.roles import Perm
from xiaoneng.jobs.api import background_import
from xiaoneng.jobs.models import ImportKind

PUBLIC_PARSERS = [JSONParser, MultiPartParser, FormParser]


def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ComplaintListView(generics.ListCreateAPIView):
    """GET: complaints in the caller's scope. POST: submit a complaint (public or staff)."""

    serializer_class = s.ComplaintListSerializer
    parser_classes = PUBLIC_PARSERS
    filterset_fields = ["status", "category", "channel", "unit"]

    def get_permissions(self):  # type: ignore[no-untyped-def]
        return [AllowAny()] if self.request.method == "POST" else super().get_permissions()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        # Only the listed columns and the unit's name: a row of the whole complaint and of two
        # organizations cost more to build than the page's JSON (issue 17, part 2).
        listed = [f for f in s.ComplaintListSerializer.Meta.fields if f != "unit_name"]
        return (
            selectors.complaint_list_for_user(user=self.request.user)
            .select_related(None)
            .select_related("unit")
            .only(*listed, "unit__name")
            .order_by("due_on")
        )

    @extend_schema(
        request=s.ComplaintSubmitSerializer, responses={201: s.PublicComplaintReceiptSerializer}
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.ComplaintSubmitSerializer, request.data)
        staff = user_has_perm(request.user, Perm.COMPLAINT_HANDLE)
        complaint = services.complaint_submit(
            actor=request.user if staff else None,
            source_ip=client_ip(request),
            account=request.user if request.user.is_authenticated and not staff else None,
            **data,
        )
        body = {
            **s.PublicComplaintSerializer(complaint).data,
            "tracking_code": complaint.plain_tracking_code,
        }  # type: ignore[attr-defined]
        return Response(body, status=status.HTTP_201_CREATED)


class ComplaintDetailView(APIView):
    @extend_schema(responses=s.ComplaintSerializer)
    def get(self, request: Request, number: str) -> Response:
        complaint = selectors.complaint_get_for_user(user=request.user, number=number)
        audit_identity_view(request.user, complaint)
        return Response(s.ComplaintSerializer(complaint, context={"user": request.user}).data)


ComplaintAction = tuple[type[serializers.Serializer], Callable[..., Any]]
COMPLAINT_ACTIONS: dict[str, ComplaintAction] = {
    "accept": (s.ComplaintAcceptSerializer, services.complaint_accept),
    "decline": (s.ComplaintDeclineSerializer, services.complaint_decline),
    "handle-directly": (s.ComplaintNoteSerializer, services.complaint_handle_directly),
    "transfer": (s.ComplaintTransferSerializer, services.complaint_transfer),
    "investigate": (s.ComplaintInvestigateSerializer, services.complaint_investigate),
    "conclude": (s.ComplaintConcludeSerializer, services.complaint_conclude),
    "outcomes": (s.OutcomeInputSerializer, services.complaint_add_outcome),
    "reply": (s.ComplaintReplySerializer, services.complaint_reply),
    "follow-up": (s.ComplaintFollowUpSerializer, services.complaint_follow_up),
    "close": (s.EmptyInputSerializer, services.complaint_close),
    "extend": (s.ComplaintExtendSerializer, services.complaint_extend),
}


class ComplaintActionView(APIView):
    """POST complaints/<number>/<action>/ — one lifecycle step (workflow.py)."""

    action_name = ""

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return COMPLAINT_ACTIONS[self.action_name][0]

    @extend_schema(responses=s.ComplaintSerializer)
    def post(self, request: Request, number: str) -> Response:
        serializer_class, service = COMPLAINT_ACTIONS[self.action_name]
        complaint = selectors.complaint_get_for_user(user=request.user, number=number)
        service(actor=request.user, complaint=complaint, **_valid(serializer_class, request.data))
        complaint.refresh_from_db()
        return Response(s.ComplaintSerializer(complaint, context={"user": request.user}).data)


class ComplaintTrackView(APIView):
    """POST number + code → the public view of one's own complaint."""

    permission_classes = [AllowAny]
    parser_classes = PUBLIC_PARSERS

    @extend_schema(request=s.ComplaintTrackSerializer, responses=s.PublicComplaintSerializer)
    def post(self, request: Request) -> Response:
        data = _valid(s.ComplaintTrackSerializer, request.data)
        complaint = selectors.complaint_track(number=data["number"], code=data["code"])
        return Response(s.PublicComplaintSerializer(complaint).data)


def figures_as_dict(figures: ComplaintFigures) -> dict[str, Any]:
    return {
        "from": figures.date_from,
        "to": figures.date_to,
        "as_of": figures.as_of,
        "received": figures.received,
        "due": figures.due,
        "closed": figures.closed,
        "closure_rate": figures.closure_rate,
        "closed_on_time": figures.closed_on_time,
        "on_time_rate": figures.on_time_rate,
        "visitors": figures.visitors,
        "outcomes": figures.outcomes,
        "by_category": [
            {"category": c, "label": label, "count": n} for c, label, n in figures.by_category
        ],
        "by_unit": [{"unit": u, "name": name, "count": n} for u, name, n in figures.by_unit],
        "by_month": [{"month": m, "count": n} for m, n in figures.by_month],
        "signals": [
            {
                "kind": sig.kind,
                "key": sig.key,
                "label": sig.label,
                "count": sig.count,
                "baseline": sig.baseline,
            }
            for sig in figures.signals
        ],
    }


def parse_period(params: Any) -> tuple[date, date, date]:
    """from/to/as_of query parameters; defaults: as_of today, to = as_of, from = 1 January."""
    data = _valid(
        s.StatsQuerySerializer,
        {
            key: params.get(name)
            for key, name in (("date_from", "from"), ("date_to", "to"), ("as_of", "as_of"))
            if params.get(name)
        },
    )
    as_of = data.get("as_of") or timezone.localdate()
    date_to = data.get("date_to") or as_of
    date_from = data.get("date_from") or date_to.replace(month=1, day=1)
    if date_from > date_to:
        raise InvalidInput(_("“from” must not be after “to”."), field="from")
    return date_from, date_to, as_of


class ComplaintStatsView(APIView):
    """GET complaints/stats/?from=&to=&as_of= — figures and trend signals (selectors/stats.py)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="Default: 1 January of `to`."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Default: `as_of`."),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today."),
        ],
        responses=s.ComplaintFiguresSerializer,
    )
    @reading_from_replica()
    def get(self, request: Request) -> Response:
        if not user_has_perm(request.user, Perm.COMPLAINT_VIEW):
            raise NotPermitted(_("You may not see complaint figures."))
        try:
            date_from, date_to, as_of = parse_period(request.query_params)
        except serializers.ValidationError as error:
            detail = error.detail if isinstance(error.detail, dict) else {}
            names = {"date_from": "from", "date_to": "to", "as_of": "as_of"}
            raise InvalidInput(
                _("Enter a date as YYYY-MM-DD."),
                errors=[(names.get(key, key), _("Enter a date as YYYY-MM-DD.")) for key in detail],
            ) from None
        figures = complaint_figures(
            queryset=selectors.complaint_list_for_user(user=request.user),
            date_from=date_from,
            date_to=date_to,
            as_of=as_of,
        )
        return Response(figures_as_dict(figures))


class ComplaintImportView(APIView):
    """POST a JSON Lines file; the report lists bad lines with line number, field and reason."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request=s.ComplaintImportSerializer,
        responses={
            200: s.ComplaintImportReportSerializer,
            400: OpenApiResponse(
                report_or_error(s.ComplaintImportReportSerializer, name="ComplaintImportRefusal"),
                description="Some lines refused: the report, or the error shape when the file "
                "itself is unusable.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        if not user_has_perm(request.user, Perm.COMPLAINT_HANDLE):
            raise NotPermitted(_("You may not import complaints."))
        upload = _valid(s.ComplaintImportSerializer, request.data)["file"]
        try:
            text = io.TextIOWrapper(upload.file, encoding="utf-8-sig")
            lines = text.read().splitlines()
        except UnicodeDecodeError:
            raise InvalidInput(_("The file must be UTF-8 text."), field="file") from None
        queued = background_import(request, kind=ImportKind.COMPLAINTS, lines=lines)
        if queued is not None:
            return queued
        report = complaints_import(actor=request.user, lines=lines)
        return Response(
            report.as_dict(),
            status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST,
        )


class RatingListView(generics.ListCreateAPIView):
    serializer_class = s.RatingSerializer
    parser_classes = PUBLIC_PARSERS
    filterset_fields = ["department", "overall", "channel"]

    def get_permissions(self):  # type: ignore[no-untyped-def]
        return [AllowAny()] if self.request.method == "POST" else super().get_permissions()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.rating_list_for_user(user=self.request.user)

    @extend_schema(request=s.RatingSubmitSerializer, responses={201: s.RatingReceiptSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.RatingSubmitSerializer, request.data)
        rating = services.rating_submit(source_ip=client_ip(request), **data)
        return Response(
            {
                "id": rating.pk,
                "case_number": rating.case_number,
                "overall": rating.overall,
                "is_bad": rating.is_bad,
            },
            status=status.HTTP_201_CREATED,
        )


class RatingFiguresView(APIView):
    """Public figures per department (or per window with ?by=window)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("by", OpenApiTypes.STR, enum=["window"], description="Per window.")
        ],
        responses=s.RatingFiguresSerializer(many=True),
    )
    @reading_from_replica()
    def get(self, request: Request) -> Response:
        rows = selectors.rating_public_figures(by_window=request.query_params.get("by") == "window")
        return Response(
            [
                {
                    "department": r.department,
                    "window": r.window,
                    "ratings": r.ratings,
                    "satisfaction_rate": r.satisfaction_rate,
                    "bad": r.bad,
                    "bad_rectified": r.bad_rectified,
                }
                for r in rows
            ]
        )


RATING_ACTIONS: dict[str, ComplaintAction] = {
    "call-back": (s.CallBackSerializer, services.rating_call_back),
    "order-rectification": (s.RectificationSerializer, services.rating_order_rectification),
    "rectify": (s.ComplaintNoteSerializer, services.rating_rectify),
    "explain": (s.ExplainSerializer, services.rating_explain),
    "appeal": (s.AppealSerializer, services.rating_appeal),
    "decide-appeal": (s.AppealDecisionSerializer, services.rating_decide_appeal),
}


class RatingActionView(APIView):
    action_name = ""

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return RATING_ACTIONS[self.action_name][0]

    @extend_schema(responses=s.RatingSerializer)
    def post(self, request: Request, pk: int) -> Response:
        serializer_class, service = RATING_ACTIONS[self.action_name]
        rating = selectors.rating_get_for_user(user=request.user, pk=pk)
        service(actor=request.user, rating=rating, **_valid(serializer_class, request.data))
        rating.refresh_from_db()
        return Response(s.RatingSerializer(rating).data)


class ConsultationListView(generics.ListCreateAPIView):
    serializer_class = s.ConsultationSerializer
    parser_classes = PUBLIC_PARSERS
    filterset_fields = ["status", "department"]

    def get_permissions(self):  # type: ignore[no-untyped-def]
        return [AllowAny()] if self.request.method == "POST" else super().get_permissions()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.consultation_list_for_user(user=self.request.user)

    @extend_schema(
        request=s.ConsultationAskSerializer, responses={201: s.ConsultationReceiptSerializer}
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.ConsultationAskSerializer, request.data)
        consultation = services.consultation_ask(source_ip=client_ip(request), **data)
        return Response(
            {"number": consultation.number, "due_on": consultation.due_on},
            status=status.HTTP_201_CREATED,
        )


class PublishedConsultationView(generics.ListAPIView):
    """Published question-and-answer pairs; ?q= searches, ?department= filters."""

    permission_classes = [AllowAny]
    serializer_class = s.PublishedConsultationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Words in question or answer."),
            OpenApiParameter("department", OpenApiTypes.INT, description="Organization id."),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        department = self.request.query_params.get("department") or ""
        if department and not department.isdigit():
            raise InvalidInput(_("Choose a valid department."), field="department")
        return selectors.consultation_published(
            query=self.request.query_params.get("q", "")[:100],
            department_id=int(department) if department else None,
        )


CONSULTATION_ACTIONS: dict[str, ComplaintAction] = {
    "answer": (s.ConsultationAnswerSerializer, services.consultation_answer),
    "publish": (s.ConsultationPublishSerializer, services.consultation_set_published),
}


class ConsultationActionView(APIView):
    action_name = ""

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return CONSULTATION_ACTIONS[self.action_name][0]

    @extend_schema(responses=s.ConsultationSerializer)
    def post(self, request: Request, number: str) -> Response:
        serializer_class, service = CONSULTATION_ACTIONS[self.action_name]
        consultation = selectors.consultation_get_for_user(user=request.user, number=number)
        consultation = service(
            actor=request.user, consultation=consultation, **_valid(serializer_class, request.data)
        )
        return Response(s.ConsultationSerializer(consultation).data)
