"""Case endpoints under /api/v1/cases/: parse → one service or selector → serialize.

Domain errors become {"errors": [{"field", "reason"}]} with 400/403/404/409 through the
project exception handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.cases import selectors, services
from xiaoneng.cases.importing import import_lines
from xiaoneng.cases.models import Case, ProcessStepRecord
from xiaoneng.cases.serializers import (
    ApproveSerializer,
    CaseDetailSerializer,
    CaseImportReportSerializer,
    CaseListSerializer,
    CaseSubmitSerializer,
    DeliverSerializer,
    DenySerializer,
    EmptySerializer,
    EndSpecialProcedureSerializer,
    ExtendSerializer,
    FinishStepSerializer,
    ForwardReplySerializer,
    ForwardSerializer,
    GiveOpinionSerializer,
    MeetingCreatedSerializer,
    MeetingInputSerializer,
    RefuseSerializer,
    RequestOpinionsSerializer,
    RequestSupplementSerializer,
    SpecialProcedureSerializer,
    StartReviewSerializer,
    SupplementSerializer,
    TerminateSerializer,
    WithdrawSerializer,
    case_detail_data,
)
from xiaoneng.cases.submission import resolve_item_version, resolve_or_register_applicant
from xiaoneng.core.api.schema import report_or_error, results_of
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import Organization, User
from xiaoneng.jobs.api import background_import
from xiaoneng.jobs.models import ImportKind
from xiaoneng.jobs.serializers import ImportAcceptedSerializer

TRUE = {"1", "true", "yes"}


def _flag(value: str | None) -> bool | None:
    if value in (None, ""):
        return None
    return value.lower() in TRUE


CASE_LIST_PARAMETERS = [
    OpenApiParameter("status", OpenApiTypes.STR, description="A case status code."),
    OpenApiParameter("agency", OpenApiTypes.INT, description="Handling agency (organization id)."),
    OpenApiParameter("item", OpenApiTypes.STR, description="Implementation code of the item."),
    OpenApiParameter("green", OpenApiTypes.BOOL, description="Green channel only (1) or not (0)."),
    OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Overdue only (1) or not (0)."),
    OpenApiParameter("q", OpenApiTypes.STR, description="Number, title or applicant contains."),
]


class CaseListView(generics.ListAPIView):
    """GET: cases in the user's scope (filters: status, agency, item, green, overdue, q).
    POST: register an application (window staff)."""

    serializer_class = CaseListSerializer
    filter_backends: list = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        p = self.request.query_params
        return selectors.case_list(
            user=self.request.user,
            status=p.get("status", ""),
            agency=p.get("agency"),
            item=p.get("item", ""),
            is_green_channel=_flag(p.get("green")),
            is_overdue=_flag(p.get("overdue")),
            query=p.get("q", ""),
        )

    @extend_schema(parameters=CASE_LIST_PARAMETERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=CaseSubmitSerializer, responses={201: CaseListSerializer})
    def post(self, request: Request) -> Response:
        s = CaseSubmitSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        version = resolve_item_version(code=d["item"], version=d.get("item_version"))
        applicant = resolve_or_register_applicant(
            actor=request.user,
            kind=d["applicant_kind"],
            name=d["applicant_name"],
            id_number=d["applicant_id_number"],
            phone=d.get("applicant_phone", ""),
        )
        case = services.case_submit(
            actor=request.user,
            item_version=version,
            applicant=applicant,
            channel=d["channel"],
            title=d.get("title", ""),
            is_green_channel=d["is_green_channel"],
        )
        return Response(CaseListSerializer(case).data, status=status.HTTP_201_CREATED)


class QueueView(APIView):
    """The user's queue: green channel first, then fewest working days left."""

    @extend_schema(responses=results_of(CaseListSerializer, name="CaseQueue"))
    def get(self, request: Request) -> Response:
        cases = selectors.review_queue(user=request.user)
        return Response({"results": CaseListSerializer(cases, many=True).data})


class CaseDetailView(APIView):
    """A case with its events, deadlines, pauses, opinions and next allowed actions."""

    @extend_schema(responses=CaseDetailSerializer)
    def get(self, request: Request, number: str) -> Response:
        case = selectors.case_history(selectors.case_get_for_user(user=request.user, number=number))
        clock = selectors.case_clock(case)
        return Response(case_detail_data(case, clock, selectors.next_actions(case, request.user)))


def _user(pk: int | None, field: str) -> User | None:
    if pk is None:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise InvalidInput(_("No such staff member."), field=field)
    return user


def _org(pk: int, field: str) -> Organization:
    org = Organization.objects.filter(pk=pk).first()
    if org is None:
        raise InvalidInput(_("No such organization."), field=field)
    return org


def _step(case: Case, order: int) -> ProcessStepRecord:
    record = ProcessStepRecord.objects.filter(
        case=case, step__order=order, finished_on__isnull=True
    ).first()
    if record is None:
        raise InvalidInput(_("No open process step with this order."), field="step")
    return record


Action = tuple[type[serializers.Serializer], Callable[[User, Case, dict[str, Any]], Case]]

ACTIONS: dict[str, Action] = {
    "accept": (EmptySerializer, lambda u, c, d: services.case_accept(actor=u, case=c)),
    "refuse": (RefuseSerializer, lambda u, c, d: services.case_refuse(actor=u, case=c, **d)),
    "request-supplement": (
        RequestSupplementSerializer,
        lambda u, c, d: services.case_request_supplement(actor=u, case=c, **d),
    ),
    "supplement": (
        SupplementSerializer,
        lambda u, c, d: services.case_supplement(actor=u, case=c, **d),
    ),
    "start-review": (
        StartReviewSerializer,
        lambda u, c, d: services.case_start_review(
            actor=u, case=c, assignee=_user(d.get("assignee"), "assignee")
        ),
    ),
    "finish-step": (
        FinishStepSerializer,
        lambda u, c, d: services.case_finish_step(actor=u, case=c, step_record=_step(c, d["step"])),
    ),
    "start-special-procedure": (
        SpecialProcedureSerializer,
        lambda u, c, d: services.case_start_special_procedure(actor=u, case=c, **d),
    ),
    "end-special-procedure": (
        EndSpecialProcedureSerializer,
        lambda u, c, d: services.case_end_special_procedure(actor=u, case=c, **d),
    ),
    "extend": (
        ExtendSerializer,
        lambda u, c, d: services.case_extend(
            actor=u, case=c, reason=d["reason"], approver=_user(d.get("approver"), "approver")
        ),
    ),
    "request-opinions": (
        RequestOpinionsSerializer,
        lambda u, c, d: services.case_request_opinions(
            actor=u, case=c, departments=[_org(pk, "departments") for pk in d["departments"]]
        ),
    ),
    "give-opinion": (
        GiveOpinionSerializer,
        lambda u, c, d: services.case_give_opinion(
            actor=u,
            case=c,
            department=_org(d["department"], "department"),
            opinion=d["opinion"],
            agrees=d["agrees"],
        ),
    ),
    "forward": (ForwardSerializer, lambda u, c, d: services.case_forward(actor=u, case=c, **d)),
    "forward-reply": (
        ForwardReplySerializer,
        lambda u, c, d: services.case_forward_reply(actor=u, case=c, **d),
    ),
    "approve": (ApproveSerializer, lambda u, c, d: services.case_approve(actor=u, case=c, **d)),
    "deny": (DenySerializer, lambda u, c, d: services.case_deny(actor=u, case=c, **d)),
    "deliver": (DeliverSerializer, lambda u, c, d: services.case_deliver(actor=u, case=c, **d)),
    "close": (EmptySerializer, lambda u, c, d: services.case_close(actor=u, case=c)),
    "withdraw": (WithdrawSerializer, lambda u, c, d: services.case_withdraw(actor=u, case=c, **d)),
    "terminate": (
        TerminateSerializer,
        lambda u, c, d: services.case_terminate(actor=u, case=c, **d),
    ),
}


class CaseActionView(APIView):
    """POST /cases/<number>/<action>: one transition; 409 with the reason when out of order."""

    action_name = ""

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return ACTIONS[self.action_name][0]

    @extend_schema(responses=CaseDetailSerializer)
    def post(self, request: Request, number: str) -> Response:
        serializer_class, run = ACTIONS[self.action_name]
        case = selectors.case_get_for_user(user=request.user, number=number)
        s = serializer_class(data=request.data)
        s.is_valid(raise_exception=True)
        case = selectors.case_history(run(request.user, case, dict(s.validated_data)))
        clock = selectors.case_clock(case)
        return Response(case_detail_data(case, clock, selectors.next_actions(case, request.user)))


class MeetingView(APIView):
    """POST: record a joint review meeting (coordinators)."""

    @extend_schema(request=MeetingInputSerializer, responses={201: MeetingCreatedSerializer})
    def post(self, request: Request) -> Response:
        s = MeetingInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        cases = list(Case.objects.filter(number__in=d["cases"]))
        if len(cases) != len(set(d["cases"])):
            raise InvalidInput(_("A listed case does not exist."), field="cases")
        meeting = services.meeting_record(
            actor=request.user,
            organizer=_org(d["organizer"], "organizer"),
            held_on=d["held_on"],
            departments=[_org(pk, "departments") for pk in d["departments"]],
            cases=cases,
            problems=d["problems"],
            solutions=d["solutions"],
            problems_solved=d["problems_solved"],
        )
        return Response({"id": meeting.pk}, status=status.HTTP_201_CREATED)


class RawParser(BaseParser):
    """The body as bytes (JSON Lines is not one JSON document)."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):  # type: ignore[no-untyped-def]
        return stream.read() if stream is not None else b""


class ImportView(APIView):
    """POST JSON Lines (body, or a multipart "file"): the historical import.  All cases that
    replay cleanly are applied, each case whole or not at all; every rejected line is
    reported with its number and reason (docs/cases.md)."""

    parser_classes = [MultiPartParser, RawParser]

    @extend_schema(
        request={
            "application/x-ndjson": OpenApiTypes.STR,
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            },
        },
        responses={
            200: CaseImportReportSerializer,
            202: OpenApiResponse(
                ImportAcceptedSerializer,
                description="A large file (or Prefer: respond-async): queued; GET the Location.",
            ),
            207: OpenApiResponse(
                CaseImportReportSerializer, description="Some cases applied, some lines rejected."
            ),
            400: OpenApiResponse(
                report_or_error(CaseImportReportSerializer, name="CaseImportRefusal"),
                description="Nothing applied: the report with the rejected lines, or the error "
                "shape when no file was sent.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file") if hasattr(request, "FILES") else None
        raw = upload.read() if upload is not None else request.data
        if not isinstance(raw, bytes | str):
            raise InvalidInput(_("Send JSON Lines in the body or as a file."), field="file")
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        lines = text.splitlines()
        if (queued := background_import(request, kind=ImportKind.CASES, lines=lines)) is not None:
            return queued
        report = import_lines(lines, actor=request.user)
        code: int = status.HTTP_200_OK if not report.rejected else status.HTTP_400_BAD_REQUEST
        if report.applied_cases and report.rejected:
            code = status.HTTP_207_MULTI_STATUS
        return Response(report.as_dict(), status=code)
