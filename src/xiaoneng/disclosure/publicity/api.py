"""Publicity API under /api/v1/publicity/: bulletins, media items, columns and the counts of a
period (parse → one selector or service → serialize). JSON bodies only; a bulletin's attachment
is uploaded on the workbench."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.access import organizations_visible
from xiaoneng.core.api.fields import MAX_ID, JsonBooleanField, JsonStringField
from xiaoneng.core.api.schema import READ_ERRORS, WRITE_ERRORS, error_responses
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.disclosure.models import Bulletin, Column, MediaItem, MediaTopic, OutletLevel
from xiaoneng.disclosure.publicity import selectors, services


class BulletinSerializer(serializers.ModelSerializer):
    number = JsonStringField(read_only=True, help_text="〔YYYY〕第N期; empty for a draft.")
    unit_name = JsonStringField(source="unit.name", read_only=True)
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = Bulletin
        fields = [
            "id",
            "number",
            "year",
            "serial",
            "unit",
            "unit_name",
            "title",
            "body",
            "status",
            "issued_on",
            "is_public",
            "has_attachment",
        ]

    def get_has_attachment(self, obj: Bulletin) -> bool:
        return bool(obj.attachment)


class BulletinDraftInput(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    title = JsonStringField(max_length=200)
    body = JsonStringField(max_length=20000)
    is_public = JsonBooleanField(default=True)


class BulletinIssueInput(serializers.Serializer):
    issued_on = serializers.DateField(required=False, help_text="Default today; not in the future.")


class ColumnSerializer(serializers.ModelSerializer):
    item_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Column
        fields = ["id", "name", "outlet", "description", "started_on", "is_active", "item_count"]


class ColumnOpenInput(serializers.Serializer):
    name = JsonStringField(max_length=100)
    outlet = JsonStringField(max_length=100)
    description = JsonStringField(max_length=500, required=False, allow_blank=True)
    started_on = serializers.DateField(required=False, allow_null=True)


class MediaItemSerializer(serializers.ModelSerializer):
    column_name = JsonStringField(source="column.name", read_only=True, allow_null=True)
    unit_name = JsonStringField(source="unit.name", read_only=True, allow_null=True)

    class Meta:
        model = MediaItem
        fields = [
            "id",
            "outlet",
            "outlet_level",
            "published_on",
            "title",
            "link",
            "topic",
            "column",
            "column_name",
            "unit",
            "unit_name",
        ]


class MediaItemInput(serializers.Serializer):
    outlet = JsonStringField(max_length=100)
    outlet_level = serializers.ChoiceField(choices=OutletLevel.choices)
    published_on = serializers.DateField()
    title = JsonStringField(max_length=200)
    topic = serializers.ChoiceField(choices=MediaTopic.choices)
    link = JsonStringField(max_length=500, required=False, allow_blank=True)
    column = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)


class CountRowSerializer(serializers.Serializer):
    key = JsonStringField()
    name = JsonStringField()
    count = serializers.IntegerField()


class MediaCountsSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    total = serializers.IntegerField(help_text="Articles published in the period.")
    bulletins = serializers.IntegerField(help_text="Bulletins issued in the period.")
    by_level = CountRowSerializer(many=True)
    by_outlet = CountRowSerializer(many=True)
    by_topic = CountRowSerializer(many=True)
    by_column = CountRowSerializer(many=True)
    by_month = CountRowSerializer(many=True)


def _parse(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _unit(request: Request, pk: int | None, field: str) -> Organization | None:
    """A unit the office may record for; those who may not record are refused first (403)."""
    if not selectors.may_record(_user(request)):
        raise NotPermitted(_("Only the efficiency office records publicity."))
    if pk is None:
        return None
    unit = organizations_visible(_user(request), Perm.DISCLOSURE_PUBLISH).filter(pk=pk).first()
    if unit is None:
        raise InvalidInput(_("No such unit."), field=field)
    return unit


def _day(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field=name) from error


PERIOD_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (default 1 January)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (default today)."),
]


def _period(request: Request) -> tuple[date, date]:
    today = timezone.localdate()
    start = _day(request, "from") or date(today.year, 1, 1)
    end = _day(request, "to") or today
    if end < start:
        raise InvalidInput(_("The period ends before it starts."), field="to")
    return start, end


class BulletinListView(generics.ListAPIView):
    """Work bulletins in the reader's scope, newest issue first; the office drafts one."""

    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says
    serializer_class = BulletinSerializer
    filterset_fields = ["status", "year"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return Bulletin.objects.none()
        return selectors.bulletin_list_for_user(user=_user(self.request))

    @extend_schema(
        operation_id="publicity_bulletins_draft",
        request=BulletinDraftInput,
        responses={201: BulletinSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request) -> Response:
        data = _parse(BulletinDraftInput, request)
        bulletin = services.bulletin_draft(
            actor=_user(request),
            unit=_unit(request, data["unit"], "unit"),  # type: ignore[arg-type]
            title=data["title"],
            body=data["body"],
            is_public=data["is_public"],
        )
        return Response(BulletinSerializer(bulletin).data, status=status.HTTP_201_CREATED)


class BulletinDetailView(APIView):
    @extend_schema(
        operation_id="publicity_bulletin_get",
        responses={200: BulletinSerializer, **error_responses(*READ_ERRORS, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        bulletin = selectors.bulletin_get_for_user(user=_user(request), pk=pk)
        return Response(BulletinSerializer(bulletin).data)


class BulletinIssueView(APIView):
    """Issue a draft under the next number of its unit's year (〔YYYY〕第N期)."""

    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="publicity_bulletin_issue",
        request=BulletinIssueInput,
        responses={200: BulletinSerializer, **error_responses(*WRITE_ERRORS, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = _parse(BulletinIssueInput, request)
        bulletin = selectors.bulletin_get_for_user(user=_user(request), pk=pk)
        bulletin = services.bulletin_issue(
            actor=_user(request), bulletin=bulletin, issued_on=data.get("issued_on")
        )
        return Response(BulletinSerializer(bulletin).data)


class MediaItemListView(generics.ListAPIView):
    """Articles the media published on the efficiency work, newest first; the office records one."""

    parser_classes = [JSONParser]
    serializer_class = MediaItemSerializer
    filterset_fields = ["outlet_level", "topic", "column"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return MediaItem.objects.none()
        return selectors.media_item_list_for_user(
            user=_user(self.request),
            start=_day(self.request, "from"),  # type: ignore[arg-type]
            end=_day(self.request, "to"),  # type: ignore[arg-type]
        )

    @extend_schema(parameters=PERIOD_PARAMETERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="publicity_media_items_record",
        request=MediaItemInput,
        responses={201: MediaItemSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request) -> Response:
        data = _parse(MediaItemInput, request)
        column = None
        if data.get("column") is not None:
            columns = selectors.column_list_for_user(user=_user(request))
            column = columns.filter(pk=data["column"]).first()
            if column is None:
                raise InvalidInput(_("No such column."), field="column")
        item = services.media_item_record(
            actor=_user(request),
            outlet=data["outlet"],
            outlet_level=data["outlet_level"],
            published_on=data["published_on"],
            title=data["title"],
            topic=data["topic"],
            link=data.get("link", ""),
            column=column,
            unit=_unit(request, data.get("unit"), "unit"),
        )
        return Response(MediaItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ColumnListView(generics.ListAPIView):
    """Columns (专栏) outlets run on the efficiency work, with their items' count."""

    parser_classes = [JSONParser]
    serializer_class = ColumnSerializer
    filterset_fields = ["is_active"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Column.objects.none()
        return selectors.column_list_for_user(user=_user(self.request))

    @extend_schema(
        operation_id="publicity_columns_open",
        request=ColumnOpenInput,
        responses={201: ColumnSerializer, **error_responses(*WRITE_ERRORS, 409)},
    )
    def post(self, request: Request) -> Response:
        data = _parse(ColumnOpenInput, request)
        column = services.column_open(
            actor=_user(request),
            name=data["name"],
            outlet=data["outlet"],
            description=data.get("description", ""),
            started_on=data.get("started_on"),
        )
        return Response(ColumnSerializer(column).data, status=status.HTTP_201_CREATED)


class MediaCountsView(APIView):
    """Articles of a period by outlet level, outlet, topic, column and month, and the bulletins
    issued (the figure the situation report and the cockpit show)."""

    @extend_schema(
        operation_id="publicity_counts",
        parameters=[
            *PERIOD_PARAMETERS,
            OpenApiParameter(
                "unit", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, description="Unit."
            ),
        ],
        responses={200: MediaCountsSerializer, **error_responses(*READ_ERRORS, 400)},
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        if not selectors.may_read(user):
            raise NotPermitted(_("You may not see the publicity records."))
        start, end = _period(request)
        unit = None
        raw = request.query_params.get("unit")
        if raw:
            if not raw.isdigit():
                raise InvalidInput(
                    _("The unit is an organization id (a whole number)."), field="unit"
                )
            unit = organizations_visible(user).filter(pk=int(raw)).first()
            if unit is None:
                raise InvalidInput(_("No such unit."), field="unit")
        counts = selectors.media_counts(start=start, end=end, unit=unit)
        return Response(MediaCountsSerializer(counts).data)
