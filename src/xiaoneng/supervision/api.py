"""Supervision API under /api/v1/supervision/: parse → one selector or service → serialize."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.access import user_has_perm
from xiaoneng.core.db_router import reading_from_replica
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.supervision import selectors, services
from xiaoneng.supervision.lights import case_light_page, light_summary, opinions_with_light
from xiaoneng.supervision.models import Light
from xiaoneng.supervision.serializers import (
    AccountabilitySerializer,
    AdmonishSerializer,
    BreachSerializer,
    CaseLightSerializer,
    DeliverableSerializer,
    LightSummarySerializer,
    OpinionLightSerializer,
    ReviewSerializer,
    SubmitSerializer,
    WarningIssueSerializer,
    WarningSerializer,
)


def _require_view(user: User) -> None:
    if not user_has_perm(user, Perm.SUPERVISION_VIEW):
        raise NotPermitted(_("You may not view supervision data."))


AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today.")
ORGANIZATION = OpenApiParameter(
    "organization", OpenApiTypes.INT, description="Only this organization and its subtree."
)
LIGHT = OpenApiParameter(
    "light", OpenApiTypes.STR, enum=[light.value for light in Light], description="One light."
)


class CaseLightPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = CaseLightSerializer(many=True)


class SummaryView(APIView):
    """Counts of open cases by light as of `as_of` (default today), optionally one subtree."""

    @extend_schema(parameters=[AS_OF, ORGANIZATION], responses=LightSummarySerializer)
    @reading_from_replica()
    def get(self, request: Request) -> Response:
        _require_view(request.user)
        params = request.query_params
        summary = light_summary(
            user=request.user,
            as_of=selectors.parse_day(params.get("as_of"), field="as_of"),
            organization=selectors.organization_for(
                user=request.user, pk=params.get("organization")
            ),
        )
        data = {**summary.__dict__, "open": summary.open}
        return Response(LightSummarySerializer(data).data)


class CaseLightListView(APIView):
    """Open cases with their light as of `as_of`, most overdue first; `light` =
    green|yellow|red|legal_overdue; paginated like every list (`page`, `page_size` ≤ 500)."""

    @extend_schema(
        parameters=[
            LIGHT,
            AS_OF,
            ORGANIZATION,
            OpenApiParameter("page", OpenApiTypes.INT, description="From 1."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 500 (default 50)."),
        ],
        responses=CaseLightPageSerializer,
    )
    def get(self, request: Request) -> Response:
        _require_view(request.user)
        params = request.query_params
        page = selectors.parse_int(params.get("page"), field="page") or 1
        size = selectors.parse_int(params.get("page_size"), field="page_size") or 50
        if page < 1:
            raise InvalidInput(_("Pages start at 1."), field="page")
        if not 1 <= size <= 500:
            raise InvalidInput(_("Between 1 and 500 rows a page."), field="page_size")
        total, rows = case_light_page(
            user=request.user,
            light=selectors.parse_light(params.get("light")),
            as_of=selectors.parse_day(params.get("as_of"), field="as_of"),
            organization=selectors.organization_for(
                user=request.user, pk=params.get("organization")
            ),
            offset=(page - 1) * size,
            limit=size,
        )
        return Response(
            {
                "count": total,
                "page": page,
                "page_size": size,
                "results": CaseLightSerializer(rows, many=True).data,
            }
        )


class OpinionLightListView(generics.ListAPIView):
    """Open co-department opinions of joint cases with their own lights as of `as_of`."""

    serializer_class = OpinionLightSerializer
    filter_backends: list = []

    @extend_schema(parameters=[LIGHT, AS_OF, ORGANIZATION])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        _require_view(self.request.user)
        params = self.request.query_params
        light = selectors.parse_light(params.get("light"))
        if light == Light.LEGAL_OVERDUE:
            raise InvalidInput(_("Opinions have green, yellow and red lights only."), field="light")
        return opinions_with_light(
            user=self.request.user,
            light=light,
            as_of=selectors.parse_day(params.get("as_of"), field="as_of"),
            organization=selectors.organization_for(
                user=self.request.user, pk=params.get("organization")
            ),
        )


class BreachListView(generics.ListAPIView):
    serializer_class = BreachSerializer
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("rule", OpenApiTypes.STR, description="A breach rule code."),
            ORGANIZATION,
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        return selectors.breach_list(
            user=self.request.user,
            rule=params.get("rule") or None,
            organization=selectors.organization_for(
                user=self.request.user, pk=params.get("organization")
            ),
            start=selectors.parse_day(params.get("from"), field="from"),
            end=selectors.parse_day(params.get("to"), field="to"),
        )


class WarningListView(generics.ListAPIView):
    serializer_class = WarningSerializer
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT),
            ORGANIZATION,
            OpenApiParameter("person", OpenApiTypes.INT, description="Staff member id."),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        return selectors.warning_list(
            user=self.request.user,
            year=selectors.parse_int(params.get("year"), field="year"),
            organization=selectors.organization_for(
                user=self.request.user, pk=params.get("organization")
            ),
            person=selectors.parse_int(params.get("person"), field="person"),
        )

    @extend_schema(request=WarningIssueSerializer, responses={201: WarningSerializer})
    def post(self, request: Request) -> Response:
        serializer = WarningIssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = User.objects.filter(pk=data["person"], kind="staff").first()
        if person is None:
            raise InvalidInput(_("Choose an active staff member of a unit."), field="person")
        warning = services.warning_issue(
            actor=request.user,
            person=person,
            reason=data["reason"],
            source_kind=data["source_kind"],
            source_ref=data["source_ref"],
            issued_on=data.get("issued_on"),
        )
        return Response(WarningSerializer(warning).data, status=status.HTTP_201_CREATED)


class AccountabilityListView(generics.ListAPIView):
    serializer_class = AccountabilitySerializer
    filter_backends: list = []

    @extend_schema(parameters=[OpenApiParameter("year", OpenApiTypes.INT)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.accountability_list(
            user=self.request.user,
            year=selectors.parse_int(self.request.query_params.get("year"), field="year"),
        )


class AccountabilityDetailView(APIView):
    @extend_schema(responses=AccountabilitySerializer)
    def get(self, request: Request, pk: int) -> Response:
        found = selectors.accountability_get(user=request.user, pk=pk)
        return Response(AccountabilitySerializer(found).data)


class AccountabilitySubmitView(APIView):
    @extend_schema(request=SubmitSerializer, responses=DeliverableSerializer)
    def post(self, request: Request, pk: int) -> Response:
        found = selectors.accountability_get(user=request.user, pk=pk)
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        deliverable = services.accountability_submit(
            actor=request.user, accountability=found, **serializer.validated_data
        )
        return Response(DeliverableSerializer(deliverable).data)


class AccountabilityReviewView(APIView):
    @extend_schema(request=ReviewSerializer, responses=DeliverableSerializer)
    def post(self, request: Request, pk: int) -> Response:
        found = selectors.accountability_get(user=request.user, pk=pk)
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        deliverable = services.accountability_review(
            actor=request.user, accountability=found, **serializer.validated_data
        )
        return Response(DeliverableSerializer(deliverable).data)


class AccountabilityAdmonishView(APIView):
    @extend_schema(request=AdmonishSerializer, responses=AccountabilitySerializer)
    def post(self, request: Request, pk: int) -> Response:
        found = selectors.accountability_get(user=request.user, pk=pk)
        serializer = AdmonishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        updated = services.accountability_record_admonishment(
            actor=request.user,
            accountability=found,
            leader=data["leader"],
            admonished_on=data["admonished_on"],
            note=data.get("note", ""),
        )
        return Response(AccountabilitySerializer(updated).data)
