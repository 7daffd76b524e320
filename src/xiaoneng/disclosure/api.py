"""Disclosure API under /api/v1/disclosure/: public reads and 点题 without sign-in, the
efficiency office's publishing (parse → one selector or service → serialize)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.api.fields import MAX_ID, JsonStringField
from xiaoneng.core.api.schema import WRITE_ERRORS, error_responses
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.middleware import client_ip
from xiaoneng.core.models import Organization
from xiaoneng.disclosure import selectors, services
from xiaoneng.disclosure.models import Category, DisclosureItem, Topic
from xiaoneng.disclosure.visitors import visitor_of
from xiaoneng.disclosure.workflow import ItemStatus, TopicStatus


class GradesSerializer(serializers.Serializer):
    g1 = serializers.IntegerField(source="1", help_text="Very satisfied")
    g2 = serializers.IntegerField(source="2")
    g3 = serializers.IntegerField(source="3")
    g4 = serializers.IntegerField(source="4")
    g5 = serializers.IntegerField(source="5", help_text="Very dissatisfied")


class DimensionsSerializer(serializers.Serializer):
    overall = JsonStringField(allow_null=True)
    efficiency = JsonStringField(allow_null=True)
    guide_accuracy = JsonStringField(allow_null=True)
    convenience = JsonStringField(allow_null=True)
    usability = JsonStringField(allow_null=True)
    level = JsonStringField(allow_null=True)
    attitude = JsonStringField(allow_null=True)


class DepartmentFiguresSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    unit = JsonStringField()
    cases_closed = serializers.IntegerField()
    on_time_rate = JsonStringField(allow_null=True, help_text="Percent, one decimal.")
    ratings = serializers.IntegerField()
    grades = GradesSerializer()
    dimensions = DimensionsSerializer(help_text="Average grade, 1 best to 5 worst.")
    complaints_received = serializers.IntegerField()
    complaints_due = serializers.IntegerField()
    complaints_closed = serializers.IntegerField()
    closure_rate = JsonStringField(allow_null=True)


class SnapshotSerializer(serializers.Serializer):
    month = serializers.DateField()
    published_at = serializers.DateTimeField()
    figures = DepartmentFiguresSerializer(many=True)


class SnapshotListSerializer(serializers.Serializer):
    results = SnapshotSerializer(many=True)


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = JsonStringField()
    size = serializers.IntegerField()


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = JsonStringField()
    category = serializers.ChoiceField(choices=Category.choices)
    unit = JsonStringField(source="unit.name")
    published_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ItemStatus.choices)
    body = JsonStringField()
    attachments = AttachmentSerializer(many=True, source="attachments.all")


class ItemListSerializer(serializers.Serializer):
    results = ItemSerializer(many=True)


class TopicSerializer(serializers.Serializer):
    number = JsonStringField()
    title = JsonStringField()
    description = JsonStringField()
    unit = JsonStringField(source="unit.name", allow_null=True, default=None)
    status = serializers.ChoiceField(choices=TopicStatus.choices)
    support_count = serializers.IntegerField()
    task_number = JsonStringField(source="task.number", allow_null=True, default=None)
    decision_note = JsonStringField()
    outcome = JsonStringField()
    created_at = serializers.DateTimeField()


class TopicListSerializer(serializers.Serializer):
    results = TopicSerializer(many=True)


class TopicProposeSerializer(serializers.Serializer):
    title = JsonStringField(max_length=120)
    description = JsonStringField(max_length=2000)
    unit = serializers.IntegerField(required=False, allow_null=True)


class MonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="Any day of the month to publish.")


class DisclosureWithdrawSerializer(serializers.Serializer):
    reason = JsonStringField(max_length=200)


def _valid(serializer_class, data):  # type: ignore[no-untyped-def]
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class FiguresView(APIView):
    """The published monthly figures per department, newest first (no sign-in)."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="disclosure_figures_list",
        responses={200: SnapshotListSerializer},
    )
    def get(self, request: Request) -> Response:
        return Response(SnapshotListSerializer({"results": selectors.snapshot_list()[:60]}).data)


class FiguresPublishView(APIView):
    """The efficiency office publishes (or re-publishes) a month's figures."""

    @extend_schema(
        operation_id="disclosure_figures_publish",
        request=MonthSerializer,
        responses={200: SnapshotSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request) -> Response:
        data = _valid(MonthSerializer, request.data)
        snapshot = services.snapshot_publish(actor=request.user, month=data["month"])  # type: ignore[arg-type]
        return Response(SnapshotSerializer(snapshot).data)


class ItemListView(APIView):
    """The disclosure catalogue: published items, newest first (no sign-in)."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="disclosure_items_list",
        parameters=[
            OpenApiParameter("category", OpenApiTypes.STR, enum=Category.values),
            OpenApiParameter("q", OpenApiTypes.STR, description="Words in title or text."),
        ],
        responses={200: ItemListSerializer, **error_responses(400)},
    )
    def get(self, request: Request) -> Response:
        category = request.query_params.get("category", "")
        if category and category not in Category.values:
            raise InvalidInput(_("Unknown category."), field="category")
        items = selectors.item_list_public(
            category=category, query=request.query_params.get("q", "")[:100]
        )
        return Response(ItemListSerializer({"results": items[:200]}).data)


class ItemWithdrawView(APIView):
    @extend_schema(
        operation_id="disclosure_item_withdraw",
        request=DisclosureWithdrawSerializer,
        responses={200: ItemSerializer, **error_responses(*WRITE_ERRORS, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = _valid(DisclosureWithdrawSerializer, request.data)
        item = get_object_or_404(DisclosureItem, pk=pk)
        item = services.item_withdraw(actor=request.user, item=item, reason=data["reason"])  # type: ignore[arg-type]
        return Response(ItemSerializer(item).data)


class TopicListView(APIView):
    """Topics the public proposed (点题), most supported first; anyone may propose one."""

    permission_classes = [AllowAny]

    @extend_schema(operation_id="disclosure_topics_list", responses={200: TopicListSerializer})
    def get(self, request: Request) -> Response:
        return Response(TopicListSerializer({"results": selectors.topic_list_public()[:200]}).data)

    @extend_schema(
        operation_id="disclosure_topics_propose",
        request=TopicProposeSerializer,
        responses={201: TopicSerializer, **error_responses(400)},
    )
    def post(self, request: Request) -> Response:
        data = _valid(TopicProposeSerializer, request.data)
        unit = None
        if data.get("unit"):
            unit = Organization.objects.filter(pk=data["unit"], is_active=True).first()
            if unit is None:
                raise InvalidInput(_("No such unit."), field="unit")
        topic = services.topic_propose(
            title=data["title"],
            description=data["description"],
            unit=unit,
            proposer=visitor_of(request._request),
            ip=client_ip(request._request),
        )
        return Response(TopicSerializer(topic).data, status=status.HTTP_201_CREATED)


class TopicSupportView(APIView):
    """Support a topic; once per person (session or account)."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="disclosure_topic_support",
        request=None,
        responses={200: TopicSerializer, **error_responses(404, 409)},
    )
    def post(self, request: Request, number: str) -> Response:
        topic = selectors.topic_get(number=number)
        topic = services.topic_support(topic=topic, supporter=visitor_of(request._request))
        return Response(TopicSerializer(topic).data)


class TopicPickSerializer(serializers.Serializer):
    lead_unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    deadline = serializers.DateField()


class TopicNoteSerializer(serializers.Serializer):
    text = JsonStringField(max_length=2000)


def _topic(number: str) -> Topic:
    return get_object_or_404(Topic, number=number)


class TopicPickView(APIView):
    """The efficiency office picks a topic: it becomes a supervision task of the office."""

    @extend_schema(
        operation_id="disclosure_topic_pick",
        request=TopicPickSerializer,
        responses={200: TopicSerializer, **error_responses(*WRITE_ERRORS, 404, 409)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(TopicPickSerializer, request.data)
        lead_unit = Organization.objects.filter(pk=data["lead_unit"], is_active=True).first()
        if lead_unit is None:
            raise InvalidInput(_("No such unit."), field="lead_unit")
        topic = services.topic_pick(
            actor=request.user,  # type: ignore[arg-type]
            topic=_topic(number),
            owner=request.user.organization,  # type: ignore[union-attr]
            lead_unit=lead_unit,
            deadline=data["deadline"],
        )
        return Response(TopicSerializer(topic).data)


class TopicDeclineView(APIView):
    """The efficiency office declines a topic, telling the public why."""

    @extend_schema(
        operation_id="disclosure_topic_decline",
        request=TopicNoteSerializer,
        responses={200: TopicSerializer, **error_responses(*WRITE_ERRORS, 404, 409)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(TopicNoteSerializer, request.data)
        topic = services.topic_decline(actor=request.user, topic=_topic(number), note=data["text"])  # type: ignore[arg-type]
        return Response(TopicSerializer(topic).data)


class TopicOutcomeView(APIView):
    """The efficiency office publishes the outcome of a picked topic."""

    @extend_schema(
        operation_id="disclosure_topic_outcome",
        request=TopicNoteSerializer,
        responses={200: TopicSerializer, **error_responses(*WRITE_ERRORS, 404, 409)},
    )
    def post(self, request: Request, number: str) -> Response:
        data = _valid(TopicNoteSerializer, request.data)
        topic = services.topic_outcome_publish(
            actor=request.user,  # type: ignore[arg-type]
            topic=_topic(number),
            outcome=data["text"],
        )
        return Response(TopicSerializer(topic).data)
