"""The unit type-ahead of the dashboards' filters: organizations in the user's scope by name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core import selectors
from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.schema import READ_ERRORS, error_responses
from xiaoneng.core.models import Organization


class OrganizationLookupQuerySerializer(serializers.Serializer):
    q = JsonStringField(
        label=_("Search"), required=False, allow_blank=True, max_length=100, default=""
    )
    perm = serializers.ChoiceField(
        label=_("Permission"), choices=list(selectors.LOOKUP_PERMS), required=False
    )


class OrganizationOptionSerializer(serializers.ModelSerializer):
    """One unit offered by the type-ahead: its id goes into the filter, the label is shown."""

    title = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = ["id", "name", "title"]

    def get_title(self, org: Organization) -> str:
        parent = org.parent.name if org.parent_id and org.parent else ""
        return f"{org.name}（{parent}）" if parent else org.name


class OrganizationLookupView(APIView):
    """GET /api/v1/organizations/lookup/?q=…&perm=…: at most 20 units of the user's scope."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Part of the unit's name or short name."),
            OpenApiParameter(
                "perm",
                str,
                enum=list(selectors.LOOKUP_PERMS),
                description="The permission whose scope the filter follows "
                "(default supervision.view).",
            ),
        ],
        responses={
            200: OrganizationOptionSerializer(many=True),
            **error_responses(400, *READ_ERRORS),
        },
    )
    def get(self, request: Request) -> Response:
        params = OrganizationLookupQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        rows = selectors.organization_lookup(
            user=request.user,  # type: ignore[arg-type]
            perm=params.validated_data.get("perm") or selectors.LOOKUP_PERMS[0],
            query=params.validated_data.get("q") or "",
        )
        return Response(OrganizationOptionSerializer(rows, many=True).data)
