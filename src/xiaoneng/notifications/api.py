"""Notifications API under /api/v1/notifications/: the signed-in user's own messages and
opt-outs; the delivery log and the templates for the system administrator."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.api.pagination import StandardPagination
from xiaoneng.core.api.schema import PAGINATION_PARAMETERS, error_responses, paginated
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.notifications import selectors, services
from xiaoneng.notifications.kinds import Channel, MessageKind
from xiaoneng.notifications.models import DeliveryStatus
from xiaoneng.notifications.selectors import TemplateRow
from xiaoneng.notifications.serializers import (
    DeliverySerializer,
    MarkedSerializer,
    MarkReadSerializer,
    NotificationSerializer,
    PreferenceSerializer,
    TemplateSerializer,
)

TAG = ["notifications"]


def _page(request: Request, view: APIView, queryset: Any, serializer: Any) -> Response:
    paginator = StandardPagination()
    rows = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer(rows, many=True).data)


def _choice(request: Request, name: str, choices: list[str]) -> str:
    value = request.query_params.get(name, "")
    if value and value not in choices:
        raise InvalidInput(f"{name}: {', '.join(choices)}", field=name)
    return value


class NotificationListView(APIView):
    """The signed-in user's own in-site messages, newest first."""

    @extend_schema(
        operation_id="notifications_list",
        tags=TAG,
        parameters=[
            *PAGINATION_PARAMETERS,
            OpenApiParameter("unread", OpenApiTypes.BOOL, description="`1`: unread ones only."),
        ],
        responses={200: paginated(NotificationSerializer), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        messages = selectors.notification_list(user=request.user)
        if request.query_params.get("unread") in ("1", "true"):
            messages = messages.filter(read_at__isnull=True)
        return _page(request, self, messages, NotificationSerializer)


class MarkReadView(APIView):
    """Mark own messages read: those of `ids`, or all unread ones. Others' ids are ignored."""

    # JSON only: an unreadable form body would pass as "no ids" and mark every message read
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="notifications_mark_read",
        tags=TAG,
        request=MarkReadSerializer,
        responses={200: MarkedSerializer, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        data = MarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data.get("ids")
        marked = services.notifications_mark_read(actor=request.user, ids=ids)
        return Response({"marked": marked})


class MarkOneReadView(APIView):
    """Mark one own message read; another user's message is not found."""

    @extend_schema(
        operation_id="notification_mark_read",
        tags=TAG,
        request=None,
        responses={200: MarkedSerializer, **error_responses(401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        if not selectors.notification_list(user=request.user).filter(pk=pk).exists():
            raise NotFound("No such message.")
        return Response({"marked": services.notifications_mark_read(actor=request.user, ids=[pk])})


class PreferenceView(APIView):
    """The signed-in user's opt-outs of informational e-mail and SMS."""

    # JSON only: form data reads "0", "on" or a missing field as a boolean the schema does not say
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="notification_preferences_get",
        tags=TAG,
        responses={200: PreferenceSerializer, **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        preference = selectors.preference_of(user=request.user)
        return Response(PreferenceSerializer(preference).data)

    @extend_schema(
        operation_id="notification_preferences_update",
        tags=TAG,
        request=PreferenceSerializer,
        responses={200: PreferenceSerializer, **error_responses(400, 401, 403)},
    )
    def put(self, request: Request) -> Response:
        data = PreferenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        preference = services.preference_update(actor=request.user, **data.validated_data)
        return Response(PreferenceSerializer(preference).data)


class DeliveryListView(APIView):
    """Every message with its delivery status (system administrator), newest first."""

    @extend_schema(
        operation_id="notification_deliveries_list",
        tags=TAG,
        parameters=[
            *PAGINATION_PARAMETERS,
            OpenApiParameter("status", OpenApiTypes.STR, enum=DeliveryStatus.values),
            OpenApiParameter("channel", OpenApiTypes.STR, enum=Channel.values),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=MessageKind.values),
        ],
        responses={200: paginated(DeliverySerializer), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        log = selectors.message_log(
            user=request.user,
            status=_choice(request, "status", DeliveryStatus.values),
            channel=_choice(request, "channel", Channel.values),
            kind=_choice(request, "kind", MessageKind.values),
        )
        return _page(request, self, log, DeliverySerializer)


def _template_data(row: TemplateRow) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "channel": row.channel,
        "subject": row.subject,
        "body": row.body,
        "is_default": row.is_default,
        "is_statutory": row.is_statutory,
        "placeholders": list(row.placeholders),
    }


class TemplateListView(APIView):
    """Every kind × channel with the wording in force (system administrator)."""

    @extend_schema(
        operation_id="notification_templates_list",
        tags=TAG,
        responses={200: TemplateSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        return Response([_template_data(row) for row in selectors.template_list(user=request.user)])


class TemplateDetailView(APIView):
    """One template: read it, save new wording (placeholders checked), or go back to the
    default (DELETE)."""

    @extend_schema(
        operation_id="notification_template_get",
        tags=TAG,
        responses={200: TemplateSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, kind: str, channel: str) -> Response:
        row = selectors.template_get(user=request.user, kind=kind, channel=channel)
        return Response(_template_data(row))

    @extend_schema(
        operation_id="notification_template_save",
        tags=TAG,
        request=TemplateSerializer,
        responses={200: TemplateSerializer, **error_responses(400, 401, 403, 404)},
    )
    def put(self, request: Request, kind: str, channel: str) -> Response:
        selectors.template_get(user=request.user, kind=kind, channel=channel)  # 403 / 404 first
        data = TemplateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.template_save(
            actor=request.user,
            kind=kind,
            channel=channel,
            subject=data.validated_data.get("subject", ""),
            body=data.validated_data["body"],
        )
        row = selectors.template_get(user=request.user, kind=kind, channel=channel)
        return Response(_template_data(row))

    @extend_schema(
        operation_id="notification_template_reset",
        tags=TAG,
        request=None,
        responses={204: None, **error_responses(401, 403, 404)},
    )
    def delete(self, request: Request, kind: str, channel: str) -> Response:
        selectors.template_get(user=request.user, kind=kind, channel=channel)
        services.template_reset(actor=request.user, kind=kind, channel=channel)
        return Response(status=status.HTTP_204_NO_CONTENT)
