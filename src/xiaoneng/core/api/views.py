"""Organization and people endpoints: parse, call one service or selector, serialize."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core import selectors, services
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.api.serializers import (
    OrganizationSerializer,
    OrganizationWriteSerializer,
    UserSerializer,
    UserWriteSerializer,
)
from xiaoneng.core.audit import audit
from xiaoneng.core.roles import Perm


class OrganizationListView(generics.ListAPIView):
    serializer_class = OrganizationSerializer
    filterset_fields = ["kind", "level", "parent", "is_active"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.organization_list(user=self.request.user)

    @extend_schema(request=OrganizationWriteSerializer, responses=OrganizationSerializer)
    def post(self, request: Request) -> Response:
        serializer = OrganizationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        org = services.organization_create(actor=request.user, **serializer.validated_data)
        return Response(OrganizationSerializer(org).data, status=status.HTTP_201_CREATED)


class OrganizationDetailView(APIView):
    @extend_schema(responses=OrganizationSerializer)
    def get(self, request: Request, pk: int) -> Response:
        org = selectors.organization_get(user=request.user, pk=pk)
        return Response(OrganizationSerializer(org).data)


class StaffListView(generics.ListAPIView):
    serializer_class = UserSerializer
    filterset_fields = ["organization", "rank", "is_active"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.staff_list(user=self.request.user)

    def get_serializer_context(self):  # type: ignore[no-untyped-def]
        context = super().get_serializer_context()
        unmask = self.request.query_params.get("unmask") == "1"
        if unmask and not user_has_perm(self.request.user, Perm.PERSONAL_DATA_UNMASK):
            unmask = False
        if unmask:
            audit(
                actor=self.request.user,
                action="personal_data.unmask",
                object_type="core.user",
                detail={"list": "staff"},
            )
        context["unmask"] = unmask
        return context

    @extend_schema(request=UserWriteSerializer, responses=UserSerializer)
    def post(self, request: Request) -> Response:
        serializer = UserWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_create(actor=request.user, **serializer.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class MeView(APIView):
    @extend_schema(responses=UserSerializer)
    def get(self, request: Request) -> Response:
        return Response({**UserSerializer(request.user).data, "detail": _("Signed in.")})
