"""Onboarding and staff lifecycle endpoints: parse, call one service, serialize."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core import onboarding, selectors, services, staff_lifecycle
from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.schema import ErrorItemSerializer, error_responses
from xiaoneng.core.api.serializers import UserSerializer
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.excel import ImportReport
from xiaoneng.core.models import Organization, Rank, User
from xiaoneng.jobs.api import background_workbook_import
from xiaoneng.jobs.models import ImportKind
from xiaoneng.jobs.serializers import ImportAcceptedSerializer


class ImportErrorItemSerializer(ErrorItemSerializer):
    """One problem: for a row, the Excel row number and the template's column header; for the
    upload as a whole (no file, not a workbook, missing columns) only field and reason."""

    row = serializers.IntegerField(
        required=False, help_text="Row number in the workbook (the header is row 1)."
    )
    column = JsonStringField(
        required=False, help_text="The column header as printed in the template."
    )


class ImportErrorSerializer(serializers.Serializer):
    """400 of an import: every row's errors; nothing was applied."""

    errors: Any = ImportErrorItemSerializer(many=True)
    code = JsonStringField()


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return error_responses(401, *codes)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=False)


class ImportReportSerializer(serializers.Serializer):
    applied = serializers.BooleanField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


def import_response(report: ImportReport) -> Response:
    if report.ok:
        return Response(ImportReportSerializer(report.as_dict()).data)
    return Response(
        {
            "code": "invalid",
            "errors": [
                {"field": "file", "reason": e.reason, "row": e.row, "column": e.field}
                for e in report.errors
            ],
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


def import_upload(request: Request) -> tuple[bytes, bool]:
    serializer = ImportUploadSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data["file"].read(), serializer.validated_data["dry_run"]


_IMPORT_DOC = (
    "Whole file or nothing: every row's errors come back (row, column as in the template, "
    "reason) and nothing is applied if any row fails; `dry_run` only checks. Re-running a file "
    "updates, never duplicates. A workbook of IMPORT_BACKGROUND_LINES rows or more (or with "
    "`Prefer: respond-async` or `?background=1`) is imported in the background: 202 with the "
    "job's address in Location, whose GET shows the rows applied and, when done, the report "
    "(`errors` lists every row's errors). A dry run is always answered at once. "
    "See docs/onboarding.md."
)
_IMPORT_PARAMETERS = [
    OpenApiParameter(
        "background",
        OpenApiTypes.BOOL,
        description="Import in the background whatever the size (as `Prefer: respond-async`).",
    ),
    OpenApiParameter(
        "Prefer",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="`respond-async`: import in the background.",
    ),
]


def _import_responses() -> dict[int, Any]:
    return {
        200: ImportReportSerializer,
        202: OpenApiResponse(
            ImportAcceptedSerializer,
            description="A large workbook (or asked for): queued; GET the Location.",
        ),
        400: OpenApiResponse(ImportErrorSerializer, description="Every row's errors"),
        **_errors(403),
    }


def _queued(
    request: Request, *, kind: str, columns: list[onboarding.Column], data: bytes, dry_run: bool
) -> Response | None:
    """202 when the workbook goes to the background; None: import it now."""
    if dry_run:
        return None
    rows = onboarding.workbook_row_count(data=data, columns=columns)
    return background_workbook_import(request, kind=kind, data=data, rows=rows)


class OrganizationImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Import the organization tree from Excel",
        description=_IMPORT_DOC,
        request={"multipart/form-data": ImportUploadSerializer},
        parameters=_IMPORT_PARAMETERS,
        responses=_import_responses(),
    )
    def post(self, request: Request) -> Response:
        data, dry_run = import_upload(request)
        columns = onboarding.ORG_COLUMNS
        kind = ImportKind.ORGANIZATIONS
        if queued := _queued(request, kind=kind, columns=columns, data=data, dry_run=dry_run):
            return queued
        report = onboarding.organization_import(actor=request.user, data=data, apply=not dry_run)
        return import_response(report)


class StaffImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Import staff accounts from Excel",
        description=_IMPORT_DOC,
        request={"multipart/form-data": ImportUploadSerializer},
        parameters=_IMPORT_PARAMETERS,
        responses=_import_responses(),
    )
    def post(self, request: Request) -> Response:
        data, dry_run = import_upload(request)
        columns = onboarding.STAFF_COLUMNS
        kind = ImportKind.STAFF
        if queued := _queued(request, kind=kind, columns=columns, data=data, dry_run=dry_run):
            return queued
        report = onboarding.staff_import(actor=request.user, data=data, apply=not dry_run)
        return import_response(report)


def _person(request: Request, pk: int) -> User:
    person = selectors.staff_list(user=request.user).filter(pk=pk).first()
    if person is None:
        raise NotFound(_("No such staff member."))
    return person


class StaffUpdateSerializer(serializers.Serializer):
    real_name = JsonStringField(max_length=60, required=False)
    post = JsonStringField(max_length=100, required=False, allow_blank=True)
    rank = serializers.ChoiceField(choices=[("", "—"), *Rank.choices], required=False)
    phone = serializers.RegexField(r"^[0-9-]{7,20}$", required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


class StaffDetailView(APIView):
    @extend_schema(responses={200: UserSerializer, **_errors(404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(UserSerializer(_person(request, pk)).data)

    @extend_schema(
        summary="Edit a staff member's name, post, rank, phone or e-mail",
        request=StaffUpdateSerializer,
        responses={200: UserSerializer, **_errors(400, 403, 404, 409)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        serializer = StaffUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = staff_lifecycle.user_update(
            actor=request.user, user=_person(request, pk), **serializer.validated_data
        )
        return Response(UserSerializer(person).data)


class TransferSerializer(serializers.Serializer):
    to_unit: Any = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    to_post = JsonStringField(max_length=100, required=False, allow_blank=True)
    transferred_on = serializers.DateField(required=False)


class StaffTransferView(APIView):
    @extend_schema(
        summary="Transfer a staff member to another unit (kept; the post start date restarts)",
        request=TransferSerializer,
        responses={200: UserSerializer, **_errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        serializer = TransferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = _person(request, pk)
        staff_lifecycle.user_transfer(actor=request.user, user=person, **serializer.validated_data)
        return Response(UserSerializer(person).data)


class OffboardSerializer(serializers.Serializer):
    reason = JsonStringField(max_length=200, required=False, allow_blank=True)


class StaffOffboardView(APIView):
    @extend_schema(
        summary="Offboard a staff member: inactive, sessions and tokens revoked, history kept",
        request=OffboardSerializer,
        responses={200: UserSerializer, **_errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        serializer = OffboardSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = staff_lifecycle.user_offboard(
            actor=request.user,
            user=_account(request, pk),
            reason=serializer.validated_data.get("reason", ""),
        )
        return Response(UserSerializer(person).data)


def _account(request: Request, pk: int) -> User:
    """The staff account for the administrators' actions; scope is checked by the service."""
    person = User.objects.filter(pk=pk, kind="staff").select_related("organization").first()
    if person is None:
        raise NotFound(_("No such staff member."))
    return person


class PasswordResetSerializer(serializers.Serializer):
    one_time_password = JsonStringField()
    must_change_password = serializers.BooleanField()


class StaffPasswordResetView(APIView):
    @extend_schema(
        summary="Reset a password (security administrator): a one-time password, shown once",
        request=None,
        responses={200: PasswordResetSerializer, **_errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        password = staff_lifecycle.user_password_reset(
            actor=request.user, user=_account(request, pk)
        )
        return Response({"one_time_password": password, "must_change_password": True})


class PasswordChangeSerializer(serializers.Serializer):
    old_password = JsonStringField()
    new_password = JsonStringField()


class PasswordChangeResultSerializer(serializers.Serializer):
    detail = JsonStringField()


class MePasswordView(APIView):
    # Open to an account that must change its password: that is what this endpoint is for.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Change one's own password",
        request=PasswordChangeSerializer,
        responses={200: PasswordChangeResultSerializer, **_errors(400)},
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not isinstance(request.user, User):
            raise InvalidInput(_("Sign in first."), field="user")
        services.password_change(user=request.user, **serializer.validated_data)
        return Response({"detail": _("Password changed.")})
