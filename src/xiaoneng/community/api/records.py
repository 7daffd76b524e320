"""Certificates and the seal register, signs, the work record book, registers, compliance."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from xiaoneng.community import exports, selectors
from xiaoneng.community.api import serializers as s
from xiaoneng.community.api.views import created, org, parse
from xiaoneng.community.dashboard import FIGURES, compliance_dashboard, dashboard_sheets
from xiaoneng.community.models import ForumReply, ForumTopic
from xiaoneng.community.services import certificates as certificate_services
from xiaoneng.community.services import compliance as compliance_services
from xiaoneng.community.services import records as record_services
from xiaoneng.community.services import registers as register_services
from xiaoneng.community.services import selfgov as selfgov_services
from xiaoneng.community.services import signs as sign_services
from xiaoneng.core.audit import audit
from xiaoneng.core.documents import DOCX_MIME
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.excel import xlsx_response


def year_param(request: Request) -> int:
    raw = request.query_params.get("year") or str(timezone.localdate().year)
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise InvalidInput(_("Enter a year."), field="year")
    return int(raw)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEAR = OpenApiParameter("year", OpenApiTypes.INT)
CERTIFICATE_FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Number, resident, type or purpose."),
    OpenApiParameter("outcome", OpenApiTypes.STR, enum=["issued", "refused"]),
    YEAR,
]
REGISTER_ROWS = {"type": "array", "items": {"type": "object", "additionalProperties": True}}


class CertificateListView(generics.ListAPIView):
    """The seal register: ?q= (number, resident, type, purpose), ?outcome=, ?year=."""

    serializer_class = s.CommunityCertificateSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        year = params.get("year")
        return selectors.certificate_list(
            user=self.request.user,
            query=params.get("q", "").strip(),
            outcome=params.get("outcome", ""),
            year=int(year) if (year or "").isdigit() else None,
        )

    @extend_schema(parameters=CERTIFICATE_FILTERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.CommunityCertificateInput, responses=s.CommunityCertificateSerializer)
    def post(self, request: Request) -> Response:
        data = parse(s.CommunityCertificateInput, request)
        data["community"] = org(request, data["community"], "community")
        return created(
            s.CommunityCertificateSerializer,
            certificate_services.certificate_request(actor=request.user, **data),
        )


class CertificateExportView(APIView):
    @extend_schema(
        parameters=CERTIFICATE_FILTERS,
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Excel file.")},
    )
    def get(self, request: Request) -> HttpResponse:
        params = request.query_params
        year = params.get("year")
        rows = selectors.certificate_list(
            user=request.user,
            query=params.get("q", "").strip(),
            outcome=params.get("outcome", ""),
            year=int(year) if (year or "").isdigit() else None,
        )
        audit(
            actor=request.user,
            action="community.certificate.export",
            object_type="community.certificaterequest",
            detail={"rows": rows.count()},
        )
        return xlsx_response(_("seal-register.xlsx"), [exports.seal_register_sheet(rows)])


class CertificateDocumentView(APIView):
    @extend_schema(
        responses={(200, DOCX_MIME): OpenApiResponse(OpenApiTypes.BINARY, description="Word file.")}
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        certificate = selectors.certificate_get(user=request.user, pk=pk)
        data = certificate_services.certificate_document(certificate=certificate)
        response = HttpResponse(data, content_type=DOCX_MIME)
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(certificate.number)}.docx"
        )
        return response


class CertificateCheckView(APIView):
    """Public: is there an issued certificate with this number and verification code?"""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter("number", OpenApiTypes.STR, description="Certificate number."),
            OpenApiParameter("code", OpenApiTypes.STR, description="Verification code."),
        ],
        responses=s.CommunityCertificateCheckSerializer,
    )
    def get(self, request: Request) -> Response:
        found = selectors.certificate_check(
            number=request.query_params.get("number", ""), code=request.query_params.get("code", "")
        )
        if found is None:
            return Response({"valid": False})
        return Response(
            {
                "valid": True,
                "number": found.number,
                "community": found.community.name,
                "requested_type": certificate_services.certificate_type_label(found.requested_type),
                "issued_on": found.requested_on,
            }
        )


class SignListView(generics.ListAPIView):
    serializer_class = s.CommunitySignSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["is_flagged", "place"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.sign_list(user=self.request.user)

    @extend_schema(request=s.CommunitySignInput, responses=s.CommunitySignSerializer)
    def post(self, request: Request) -> Response:
        data = parse(s.CommunitySignInput, request)
        data["community"] = org(request, data["community"], "community")
        return created(
            s.CommunitySignSerializer, sign_services.sign_record(actor=request.user, **data)
        )


class SignRemovalView(APIView):
    @extend_schema(request=None, responses=s.CommunitySignSerializer)
    def post(self, request: Request, pk: int) -> Response:
        sign = selectors.sign_get(user=request.user, pk=pk)
        return Response(
            s.CommunitySignSerializer(sign_services.sign_remove(actor=request.user, sign=sign)).data
        )


class RecordListView(generics.ListAPIView):
    """The work record book; ?year= gives that year's archive. Photos as multipart "photos"."""

    serializer_class = s.CommunityRecordEntrySerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        year = self.request.query_params.get("year", "")
        return selectors.record_list(
            user=self.request.user, year=int(year) if year.isdigit() else None
        )

    @extend_schema(parameters=[YEAR])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.CommunityRecordEntryInput, responses=s.CommunityRecordEntrySerializer)
    def post(self, request: Request) -> Response:
        data = parse(s.CommunityRecordEntryInput, request)
        data["community"] = org(request, data["community"], "community")
        photos = request.FILES.getlist("photos") if hasattr(request, "FILES") else []
        return created(
            s.CommunityRecordEntrySerializer,
            record_services.record_entry_create(actor=request.user, photos=photos, **data),
        )


class RecordExportView(APIView):
    @extend_schema(
        parameters=[YEAR],
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Excel file.")},
    )
    def get(self, request: Request) -> HttpResponse:
        year = year_param(request)
        rows = selectors.record_list(user=request.user, year=year)
        audit(
            actor=request.user,
            action="community.record.export",
            object_type="community.workrecordentry",
            detail={"year": year},
        )
        return xlsx_response(
            _("work-records-%(year)s.xlsx") % {"year": year}, [exports.record_sheet(rows, year)]
        )


class RegisterView(APIView):
    """Self-government and service registers: GET lists, POST {"community": id, ...fields}."""

    @extend_schema(responses={200: REGISTER_ROWS})
    def get(self, request: Request, key: str) -> Response:
        spec = register_services.register_spec(key)
        rows = selectors.register_list(user=request.user, model=spec.model)[:500]
        return Response([exports.register_row_dict(spec, row) for row in rows])

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, key: str) -> Response:
        spec = register_services.register_spec(key)
        data = dict(request.data.items()) if hasattr(request.data, "items") else {}
        community = org(request, data.pop("community", None), "community")
        entry = register_services.register_entry_create(
            actor=request.user, register=spec.key, community=community, data=data
        )
        return Response(exports.register_row_dict(spec, entry), status=201)


def _topic(request: Request, pk: int) -> ForumTopic:
    topic = selectors.register_list(user=request.user, model=ForumTopic).filter(pk=pk).first()
    if topic is None:
        raise NotFound(_("No such topic."))
    return topic


class ForumReplyView(APIView):
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    @extend_schema(
        request=s.CommunityForumReplyInput, responses={201: s.CommunityForumReplySerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunityForumReplyInput, request)
        reply = selfgov_services.forum_reply_add(
            actor=request.user, topic=_topic(request, pk), **data
        )
        return Response({"id": reply.pk, "body": reply.body}, status=201)


class ForumModerationView(APIView):
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    @extend_schema(
        request=s.CommunityModerationInput, responses=s.CommunityModerationResultSerializer
    )
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunityModerationInput, request)
        topic = _topic(request, pk)
        reply = None
        reply_id = data.pop("reply")
        if reply_id:
            reply = ForumReply.objects.filter(pk=reply_id, topic=topic).first()
            if reply is None:
                raise NotFound(_("No such reply."), field="reply")
        selfgov_services.forum_moderate(actor=request.user, topic=topic, reply=reply, **data)
        return Response({"id": topic.pk, "is_hidden": topic.is_hidden})


class ViolationListView(generics.ListAPIView):
    serializer_class = s.CommunityViolationSerializer
    filterset_fields = ["rule"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.violation_list(user=self.request.user)


class AccountabilityOpenView(APIView):
    @extend_schema(
        request=s.CommunityAccountabilityOpenInput,
        responses={201: s.CommunityAccountabilitySerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunityAccountabilityOpenInput, request)
        violation = selectors.violation_get(user=request.user, pk=pk)
        return created(
            s.CommunityAccountabilitySerializer,
            compliance_services.accountability_open(
                actor=request.user, violation=violation, **data
            ),
        )


class AccountabilityListView(generics.ListAPIView):
    serializer_class = s.CommunityAccountabilitySerializer
    filterset_fields = ["status"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.accountability_list(user=self.request.user)


class RectificationView(APIView):
    @extend_schema(
        request=s.CommunityRectificationInput, responses=s.CommunityAccountabilitySerializer
    )
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunityRectificationInput, request)
        record = selectors.accountability_get(user=request.user, pk=pk)
        record = compliance_services.accountability_report_rectification(
            actor=request.user, record=record, **data
        )
        return Response(s.CommunityAccountabilitySerializer(record).data)


class ClosureView(APIView):
    @extend_schema(request=s.CommunityClosureInput, responses=s.CommunityAccountabilitySerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunityClosureInput, request)
        record = selectors.accountability_get(user=request.user, pk=pk)
        record = compliance_services.accountability_close(actor=request.user, record=record, **data)
        return Response(s.CommunityAccountabilitySerializer(record).data)


class DashboardView(APIView):
    @extend_schema(parameters=[YEAR], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        board = compliance_dashboard(user=request.user, year=year_param(request))

        def rows(items):  # type: ignore[no-untyped-def]
            return [
                {
                    "id": r.organization.pk,
                    "name": r.organization.name,
                    **{name: r.get(name) for name in FIGURES},
                }
                for r in items
            ]

        return Response(
            {
                "year": board.year,
                "streets": rows(board.streets),
                "communities": rows(board.communities),
            }
        )


class DashboardExportView(APIView):
    @extend_schema(
        parameters=[YEAR],
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Excel file.")},
    )
    def get(self, request: Request) -> HttpResponse:
        board = compliance_dashboard(user=request.user, year=year_param(request))
        audit(
            actor=request.user,
            action="community.dashboard.export",
            object_type="community.violation",
            detail={"year": board.year},
        )
        return xlsx_response(
            _("community-compliance-%(year)s.xlsx") % {"year": board.year}, dashboard_sheets(board)
        )
