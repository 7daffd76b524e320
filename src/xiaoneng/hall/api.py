"""Hall API: halls, windows, slots, appointments and queue tickets (docs/hall.md).

Parse → one service or selector → serialize. Domain errors become {"errors": [...]} with
400/403/404/409 through the project exception handler.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.api.fields import MAX_ID, JsonStringField
from xiaoneng.core.api.onboarding import (
    ImportErrorSerializer,
    ImportReportSerializer,
    ImportUploadSerializer,
    import_response,
    import_upload,
)
from xiaoneng.core.api.schema import results_of
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.models import Applicant, User
from xiaoneng.hall import selectors, services
from xiaoneng.hall.models import Appointment, Hall, Ticket, Window
from xiaoneng.hall.services.imports import halls_import


class HallSerializer(serializers.ModelSerializer):
    organization_name = JsonStringField(source="organization.name")

    class Meta:
        model = Hall
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "organization",
            "organization_name",
            "address",
            "opens_at",
            "closes_at",
            "slot_minutes",
            "booking_days_ahead",
            "change_cutoff_hours",
            "is_active",
        ]
        read_only_fields = fields


class WindowSerializer(serializers.ModelSerializer):
    hall_code = JsonStringField(source="hall.code")
    window_label = JsonStringField(source="label")
    items: Any = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="implementation_code"
    )

    class Meta:
        model = Window
        fields = [
            "id",
            "hall",
            "hall_code",
            "number",
            "window_label",
            "name",
            "kind",
            "department",
            "items",
            "slot_capacity",
            "is_active",
        ]
        read_only_fields = fields


class SlotSerializer(serializers.Serializer):
    window_id = serializers.IntegerField()
    window_label = JsonStringField()
    hall_code = JsonStringField()
    starts_at = serializers.DateTimeField()
    capacity = serializers.IntegerField()
    booked = serializers.IntegerField()
    free = serializers.IntegerField()


class AppointmentSerializer(serializers.ModelSerializer):
    item_code = JsonStringField(source="item.implementation_code")
    item_name = JsonStringField(source="item.name")
    window_label = JsonStringField(source="window.label")
    hall_code = JsonStringField(source="window.hall.code")

    class Meta:
        model = Appointment
        fields = [
            "number",
            "status",
            "channel",
            "window",
            "window_label",
            "hall_code",
            "item_code",
            "item_name",
            "starts_at",
            "booked_at",
            "checked_in_at",
        ]
        read_only_fields = fields


class SlotStartField(serializers.DateTimeField):
    """A slot's start (ISO 8601, with offset or in Asia/Shanghai); years 2000–2100 only, so a
    far date is a 400 rather than an overflow."""

    def to_internal_value(self, value: Any) -> Any:
        parsed = super().to_internal_value(value)
        if not 2000 <= parsed.year <= 2100:
            raise serializers.ValidationError(_("Choose a slot between 2000 and 2100."))
        return parsed


class AppointmentCreateSerializer(serializers.Serializer):
    window = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    item = JsonStringField(help_text="Implementation code of the service item.")
    starts_at = SlotStartField()
    applicant = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="Staff booking by phone: the applicant's id.",
    )


class TicketSerializer(serializers.ModelSerializer):
    window_label = JsonStringField(source="window.label", allow_null=True, default=None)
    item_name = JsonStringField(source="item.name")
    case_number = JsonStringField(source="case.number", allow_null=True, default=None)
    wait_seconds = serializers.IntegerField(allow_null=True)
    service_seconds = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Ticket
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "issued_on",
            "window",
            "window_label",
            "item_name",
            "issued_at",
            "called_at",
            "started_at",
            "finished_at",
            "wait_seconds",
            "service_seconds",
            "case_number",
        ]
        read_only_fields = fields


class TicketIssueSerializer(serializers.Serializer):
    hall = JsonStringField(max_length=20, help_text="The hall's code.")
    item = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="A service item some open window handles."
    )


class CallNextSerializer(serializers.Serializer):
    window = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class AppointmentRescheduleSerializer(serializers.Serializer):
    starts_at = SlotStartField(help_text="Start of the new slot.")
    window = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="Another window of the hall for the item; default: the same window.",
    )


class AppointmentCheckInSerializer(serializers.Serializer):
    check_in_code = JsonStringField(
        max_length=6,
        required=False,
        allow_blank=True,
        help_text="The applicant's 6-digit check-in code; staff of the window need none.",
    )


class TicketTransferSerializer(serializers.Serializer):
    window = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The window of the same hall to send it to."
    )


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _int(value: Any, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("Enter a whole number."), field=field) from None


def _day(value: Any, field: str, default: date) -> date:
    if value in (None, ""):
        return default
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field=field) from None


class HallListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: results_of(HallSerializer)}, operation_id="hall_halls_list")
    def get(self, request: Request) -> Response:
        halls = selectors.hall_list(user=_user(request))
        return Response({"results": HallSerializer(halls, many=True).data})


class WindowListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("hall", str, description="Hall code.")],
        responses={200: results_of(WindowSerializer)},
        operation_id="hall_windows_list",
    )
    def get(self, request: Request) -> Response:
        hall = None
        if request.query_params.get("hall"):
            hall = selectors.hall_get(code=request.query_params["hall"], user=_user(request))
        windows = selectors.window_list(hall=hall, user=_user(request))
        return Response({"results": WindowSerializer(windows, many=True).data})


class SlotListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("item", str, required=True, description="Implementation code."),
            OpenApiParameter("from", date),
            OpenApiParameter("to", date),
            OpenApiParameter("window", int),
        ],
        responses={200: results_of(SlotSerializer)},
        operation_id="hall_slots_list",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        item = ServiceItem.objects.filter(implementation_code=params.get("item", "")).first()
        if item is None:
            raise NotFound(_("No service item has this implementation code."), field="item")
        today = timezone.localdate()
        first = _day(params.get("from"), "from", today)
        last = _day(params.get("to"), "to", first + timedelta(days=30))
        if last < first or (last - first).days > 90:
            raise InvalidInput(_("Search at most 90 days."), field="to")
        window = _int(params["window"], "window") if params.get("window") else None
        slots = selectors.slot_search(item_id=item.pk, first=first, last=last, window_id=window)
        return Response({"results": SlotSerializer(slots, many=True).data})


class AppointmentListView(APIView):
    @extend_schema(
        responses={200: results_of(AppointmentSerializer)}, operation_id="appointments_list"
    )
    def get(self, request: Request) -> Response:
        rows = selectors.appointment_list(user=_user(request))[:200]
        return Response({"results": AppointmentSerializer(rows, many=True).data})

    @extend_schema(
        request=AppointmentCreateSerializer,
        responses={201: AppointmentSerializer},
        operation_id="appointments_create",
    )
    def post(self, request: Request) -> Response:
        data = AppointmentCreateSerializer(data=request.data)
        if not data.is_valid():
            field, messages = next(iter(data.errors.items()))
            raise InvalidInput(messages[0], field=field)
        d = data.validated_data
        window = selectors.window_get(pk=d["window"], user=_user(request))
        item = ServiceItem.objects.filter(implementation_code=d["item"]).first()
        if item is None:
            raise InvalidInput(_("No service item has this implementation code."), field="item")
        applicant = None
        if d.get("applicant") is not None:
            applicant = Applicant.objects.filter(pk=d["applicant"]).first()
            if applicant is None:
                raise InvalidInput(_("No such applicant."), field="applicant")
        appointment = services.appointment_book(
            actor=_user(request),
            window=window,
            item=item,
            starts_at=d["starts_at"],
            applicant=applicant,
        )
        return Response(AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)


class AppointmentCancelView(APIView):
    @extend_schema(request=None, responses={200: AppointmentSerializer})
    def post(self, request: Request, number: str) -> Response:
        appointment = selectors.appointment_get(user=_user(request), number=number)
        appointment = services.appointment_cancel(actor=_user(request), appointment=appointment)
        return Response(AppointmentSerializer(appointment).data)


class AppointmentRescheduleView(APIView):
    @extend_schema(
        request=AppointmentRescheduleSerializer,
        responses={200: AppointmentSerializer},
        operation_id="appointments_reschedule",
    )
    def post(self, request: Request, number: str) -> Response:
        data = AppointmentRescheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = selectors.appointment_get(user=_user(request), number=number)
        window = None
        if data.validated_data.get("window") is not None:
            window = selectors.window_get(pk=data.validated_data["window"], user=_user(request))
        appointment = services.appointment_reschedule(
            actor=_user(request),
            appointment=appointment,
            starts_at=data.validated_data["starts_at"],
            window=window,
        )
        return Response(AppointmentSerializer(appointment).data)


class AppointmentCheckInView(APIView):
    @extend_schema(
        request=AppointmentCheckInSerializer,
        responses={201: TicketSerializer},
        operation_id="appointments_check_in",
        description="Arrival, from an hour before the slot until its end: the appointment's "
        "queue ticket (201). The applicant gives the check-in code; staff of the window do not.",
    )
    def post(self, request: Request, number: str) -> Response:
        data = AppointmentCheckInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = selectors.appointment_get(user=_user(request), number=number)
        ticket = services.appointment_check_in(
            appointment=appointment,
            actor=_user(request),
            check_in_code=data.validated_data.get("check_in_code", ""),
        )
        return Response(TicketSerializer(ticket).data, status=status.HTTP_201_CREATED)


class TicketListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("day", date)],
        responses={200: results_of(TicketSerializer)},
        operation_id="queue_tickets_list",
    )
    def get(self, request: Request) -> Response:
        day = _day(request.query_params.get("day"), "day", timezone.localdate())
        rows = selectors.ticket_list(user=_user(request), day=day)[:500]
        return Response({"results": TicketSerializer(rows, many=True).data})

    @extend_schema(
        request=TicketIssueSerializer,
        responses={201: TicketSerializer},
        operation_id="queue_tickets_issue",
        description="A walk-in ticket (取号), as the hall's kiosk gives it: for hall staff and "
        'kiosk integrations signed in as hall staff (docs/hall.md, "Kiosk").',
    )
    def post(self, request: Request) -> Response:
        data = TicketIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hall = selectors.hall_get(code=data.validated_data["hall"], user=_user(request))
        item = ServiceItem.objects.filter(pk=data.validated_data["item"]).first()
        if item is None:
            raise NotFound(_("No such service item."), field="item")
        ticket = services.ticket_issue(actor=_user(request), hall=hall, item=item)
        return Response(TicketSerializer(ticket).data, status=status.HTTP_201_CREATED)


class HallImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Import service halls and windows from Excel",
        description="The workbook of `xiaoneng import-halls --template` (sheets 大厅 and 窗口). "
        "Whole file or nothing: every row's errors come back (row, column as in the template, "
        "reason) and nothing is applied if any row fails; `dry_run` only checks. Re-running a "
        "file updates, never duplicates. Needs hall.manage over each hall's unit.",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            200: ImportReportSerializer,
            400: OpenApiResponse(ImportErrorSerializer, description="Every row's errors"),
        },
        operation_id="hall_halls_import",
    )
    def post(self, request: Request) -> Response:
        data, dry_run = import_upload(request)
        return import_response(halls_import(actor=_user(request), data=data, apply=not dry_run))


class TicketCallNextView(APIView):
    @extend_schema(
        request=CallNextSerializer,
        responses={200: TicketSerializer},
        operation_id="queue_tickets_call_next",
    )
    def post(self, request: Request) -> Response:
        data = CallNextSerializer(data=request.data)  # a body that is not an object is a 400
        data.is_valid(raise_exception=True)
        window = selectors.window_get(pk=data.validated_data["window"], user=_user(request))
        ticket = services.ticket_call_next(actor=_user(request), window=window)
        return Response(TicketSerializer(ticket).data)


class TicketActionView(APIView):
    """POST queue/tickets/<id>/start/, finish/ or skip/."""

    action: str = ""
    actions = {
        "start": services.ticket_start,
        "finish": services.ticket_finish,
        "skip": services.ticket_skip,
    }

    @extend_schema(request=None, responses={200: TicketSerializer})
    def post(self, request: Request, pk: int) -> Response:
        ticket = selectors.ticket_get(user=_user(request), pk=pk)
        ticket = self.actions[self.action](actor=_user(request), ticket=ticket)
        return Response(TicketSerializer(ticket).data)


class TicketTransferView(APIView):
    @extend_schema(
        request=TicketTransferSerializer,
        responses={200: TicketSerializer},
        operation_id="queue_tickets_transfer",
        description="Send the ticket to another window of the hall that handles its item; it "
        "waits there from its original time.",
    )
    def post(self, request: Request, pk: int) -> Response:
        data = TicketTransferSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = selectors.ticket_get(user=_user(request), pk=pk)
        window = selectors.window_get(pk=data.validated_data["window"], user=_user(request))
        ticket = services.ticket_transfer(actor=_user(request), ticket=ticket, window=window)
        return Response(TicketSerializer(ticket).data)
