"""Catalog API (/api/v1/catalog/...): parse the input, call one service or selector, serialize.

Reading active items is public (AllowAny); staff with the catalog permission also see their
scope's suspended and cancelled items and old versions. Writing needs `Perm.CATALOG_MANAGE`
within the implementing agency's scope (checked by the services). Domain errors become
{"errors": [{"field", "reason"}]} through the project exception handler.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.catalog import selectors, services
from xiaoneng.catalog.models import ServiceItem, ServiceItemVersion
from xiaoneng.catalog.rules import CONTENT_FIELDS, parse_bool
from xiaoneng.core import public_cache
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.api.fields import CodeChoiceField, JsonStringField
from xiaoneng.core.api.schema import ErrorItemSerializer
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.excel import xlsx_response
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm


class MaterialSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    name = JsonStringField()
    originals = serializers.IntegerField()
    copies = serializers.IntegerField()
    is_mandatory = serializers.BooleanField()
    note = JsonStringField()


class StepSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    name = JsonStringField()
    budget_days = serializers.IntegerField()
    description = JsonStringField()


class CoDepartmentSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization_id")
    organization_name = JsonStringField(source="organization.name")
    opinion_limit_days = serializers.IntegerField()


class VersionSerializer(serializers.ModelSerializer):
    compression_ratio = serializers.DecimalField(max_digits=5, decimal_places=3, allow_null=True)
    materials = MaterialSerializer(many=True)
    steps = StepSerializer(many=True)
    co_departments = CoDepartmentSerializer(many=True)

    class Meta:
        model = ServiceItemVersion
        fields = [
            "version",
            "name",
            "item_type",
            "level",
            "handling_type",
            "legal_limit_days",
            "legal_limit_note",
            "committed_limit_days",
            "committed_limit_note",
            "compression_ratio",
            "acceptance_conditions",
            "legal_basis",
            "is_joint",
            "forward_to_level",
            "has_fee",
            "fee_amount",
            "fee_basis",
            "special_procedures_allowed",
            "special_procedures_note",
            "is_appointment",
            "is_online",
            "enquiry_phone",
            "supervision_phone",
            "yellow_days",
            "yellow_ratio",
            "change_reason",
            "created_at",
            "materials",
            "steps",
            "co_departments",
        ]
        read_only_fields = fields


class ItemSummarySerializer(serializers.ModelSerializer):
    agency_name = JsonStringField(source="agency.name")
    version = serializers.IntegerField(source="current_version.version")
    item_type = JsonStringField(source="current_version.item_type")
    handling_type = JsonStringField(source="current_version.handling_type")
    legal_limit_days = serializers.IntegerField(source="current_version.legal_limit_days")
    committed_limit_days = serializers.IntegerField(source="current_version.committed_limit_days")
    compression_ratio = serializers.DecimalField(
        source="current_version.compression_ratio", max_digits=5, decimal_places=3, allow_null=True
    )
    is_joint = serializers.BooleanField(source="current_version.is_joint")
    is_online = serializers.BooleanField(source="current_version.is_online")
    has_fee = serializers.BooleanField(source="current_version.has_fee")

    class Meta:
        model = ServiceItem
        fields = [
            "id",
            "implementation_code",
            "basic_code",
            "name",
            "agency",
            "agency_name",
            "status",
            "status_reason",
            "version",
            "item_type",
            "handling_type",
            "legal_limit_days",
            "committed_limit_days",
            "compression_ratio",
            "is_joint",
            "is_online",
            "has_fee",
            "keywords",
        ]
        read_only_fields = fields


class ItemDetailSerializer(ItemSummarySerializer):
    current = VersionSerializer(source="current_version")

    class Meta(ItemSummarySerializer.Meta):
        fields = [*ItemSummarySerializer.Meta.fields, "status_changed_at", "current"]
        read_only_fields = fields


class ItemWriteSerializer(serializers.Serializer):
    """Documents the body; the services check every rule and name the wrong field."""

    agency = serializers.IntegerField(required=False)
    basic_code = JsonStringField(required=False)
    implementation_code = JsonStringField(required=False)
    name = JsonStringField(required=False)
    item_type = JsonStringField(required=False, help_text="GB/T 39046 A.1: 01..10, 20")
    level = serializers.IntegerField(required=False, help_text="GB/T 39046 A.2: 1..6")
    handling_type = CodeChoiceField(choices=["immediate", "promised"], required=False)
    legal_limit_days = serializers.IntegerField(required=False)
    committed_limit_days = serializers.IntegerField(required=False)
    materials = serializers.ListField(child=serializers.DictField(), required=False)
    steps = serializers.ListField(child=serializers.DictField(), required=False)
    co_departments = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text='[{"organization": <id>, "opinion_limit_days": 7}]',
    )
    change_reason = JsonStringField(required=False)


class ItemStatusReasonSerializer(serializers.Serializer):
    reason = JsonStringField()


class ItemVersionRefSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    change_reason = JsonStringField(allow_blank=True)


class ItemDetailWithVersionsSerializer(ItemDetailSerializer):
    """The item; staff who may see the catalog also get the list of its versions."""

    versions = ItemVersionRefSerializer(many=True, required=False)

    class Meta(ItemDetailSerializer.Meta):
        fields = [*ItemDetailSerializer.Meta.fields, "versions"]
        read_only_fields = ItemDetailSerializer.Meta.fields


class CompressionSerializer(serializers.Serializer):
    items = serializers.IntegerField()
    committed_days = serializers.IntegerField()
    legal_days = serializers.IntegerField()
    ratio = serializers.FloatField(allow_null=True, help_text="Σ committed ÷ Σ legal, 0..1.")
    cut = serializers.FloatField(allow_null=True, help_text="1 − ratio.")


class CatalogImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()


class CatalogImportErrorSerializer(ErrorItemSerializer):
    sheet = JsonStringField(allow_blank=True)
    row = serializers.IntegerField()
    column = JsonStringField()


class CatalogImportRefusalSerializer(serializers.Serializer):
    """The error shape, each error also naming its sheet, row and column."""

    errors: Any = CatalogImportErrorSerializer(many=True)
    code = JsonStringField()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _body(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise InvalidInput(_("Send a JSON object."), field="non_field_errors")
    return dict(request.data)


def _content(data: dict[str, Any]) -> dict[str, Any]:
    """Content fields of a body, with co-departments' organization ids turned into objects."""
    content = {k: v for k, v in data.items() if k in CONTENT_FIELDS}
    unknown = sorted(
        set(data)
        - CONTENT_FIELDS
        - {"agency", "basic_code", "implementation_code", "change_reason"}
    )
    if unknown:
        raise InvalidInput(_("Unknown field."), field=unknown[0])
    co = content.get("co_departments")
    if co is not None:
        if not isinstance(co, list):
            raise InvalidInput(_("Enter a list."), field="co_departments")
        resolved = []
        for index, entry in enumerate(co):
            if not isinstance(entry, dict):
                raise InvalidInput(
                    _("Each co-implementing department is an object."),
                    field=f"co_departments[{index}]",
                )
            org = _organization(entry.get("organization"), f"co_departments[{index}].organization")
            resolved.append({**entry, "organization": org})
        content["co_departments"] = resolved
    return content


def _organization(value: Any, field: str) -> Organization:
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise InvalidInput(_("Give the organization's id."), field=field)
    org = Organization.objects.filter(pk=int(value)).first()
    if org is None:
        raise InvalidInput(_("No organization has this id."), field=field)
    return org


SEARCH_MAX_LENGTH = 100


def _actor(request: Request) -> User:
    if not isinstance(request.user, User):
        raise NotPermitted(_("Sign in first."))
    return request.user


def _visible(request: Request):  # type: ignore[no-untyped-def]
    if user_has_perm(request.user, Perm.CATALOG_VIEW):
        return selectors.item_list_for_user(user=request.user)
    return selectors.item_list_public()


class ItemListView(generics.ListAPIView):
    """GET: search the catalog (public: active items). POST: create an item (staff)."""

    serializer_class = ItemSummarySerializer

    def get_permissions(self):  # type: ignore[no-untyped-def]
        if self.request.method == "GET":
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        agency = params.get("agency", "")
        online = params.get("is_online")
        return selectors.item_search(
            _visible(self.request),
            query=params.get("q", ""),
            agency=int(agency) if agency.isdigit() else None,
            status=params.get("status", ""),
            handling_type=params.get("handling_type", ""),
            item_type=params.get("item_type", ""),
            is_online=parse_bool(online) if online not in (None, "") else None,
        ).order_by("implementation_code")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "maxLength": SEARCH_MAX_LENGTH},
                description=(
                    "Up to five words, each matched in the name, a code, the agency's name or "
                    "the keywords; a word of Latin letters also matches the pinyin initials "
                    "of the name and keywords (yyzz → 营业执照)."
                ),
            ),
            OpenApiParameter("agency", int),
            OpenApiParameter("status", str),
            OpenApiParameter("handling_type", str),
            OpenApiParameter("item_type", str),
            OpenApiParameter("is_online", bool),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The public list is the same for everyone who may not see more (active items only):
        it comes from the cache while the catalog is unchanged (core/public_cache.py)."""
        if user_has_perm(request.user, Perm.CATALOG_VIEW):
            return super().list(request, *args, **kwargs)
        key = public_cache.request_key(request, "catalog-items", selectors.public_catalog_stamp())
        data = public_cache.cached(key, lambda: super(ItemListView, self).list(request).data)
        return Response(data)

    @extend_schema(request=ItemWriteSerializer, responses={201: ItemDetailSerializer})
    def post(self, request: Request) -> Response:
        data = _body(request)
        agency = _organization(data.get("agency"), "agency")
        for name in ("basic_code", "implementation_code"):
            if name not in data:
                raise InvalidInput(_("This field is required."), field=name)
        item = services.item_create(
            actor=_actor(request),
            agency=agency,
            basic_code=data["basic_code"],
            implementation_code=data["implementation_code"],
            change_reason=str(data.get("change_reason") or ""),
            **_content(data),
        )
        item = selectors.item_get(user=request.user, implementation_code=item.implementation_code)
        return Response(ItemDetailSerializer(item).data, status=status.HTTP_201_CREATED)


class ItemDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ItemDetailWithVersionsSerializer)
    def get(self, request: Request, code: str) -> Response:
        item = selectors.item_get(user=request.user, implementation_code=code)
        data = ItemDetailSerializer(item).data
        if user_has_perm(request.user, Perm.CATALOG_VIEW):
            data["versions"] = [
                {"version": v.version, "created_at": v.created_at, "change_reason": v.change_reason}
                for v in selectors.item_versions(item=item)
            ]
        return Response(data)


class VersionDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=VersionSerializer)
    def get(self, request: Request, code: str, version: int) -> Response:
        found = selectors.version_get(user=request.user, implementation_code=code, version=version)
        return Response(VersionSerializer(found).data)


class ItemReviseView(APIView):
    @extend_schema(request=ItemWriteSerializer, responses=ItemDetailSerializer)
    def post(self, request: Request, code: str) -> Response:
        item = selectors.item_get(user=request.user, implementation_code=code)
        data = _body(request)
        for fixed in ("agency", "basic_code", "implementation_code"):
            if fixed in data:
                raise InvalidInput(
                    _("Codes and agency of an item do not change; create a new item instead."),
                    field=fixed,
                )
        services.item_revise(
            actor=_actor(request),
            item=item,
            change_reason=str(data.get("change_reason") or ""),
            **_content(data),
        )
        item = selectors.item_get(user=request.user, implementation_code=code)
        return Response(ItemDetailSerializer(item).data)


class ItemStatusView(APIView):
    """POST .../suspend/, .../cancel/ or .../reactivate/ with {"reason": "..."}."""

    action: str = ""
    actions = {
        "suspend": services.item_suspend,
        "cancel": services.item_cancel,
        "reactivate": services.item_reactivate,
    }

    @extend_schema(request=ItemStatusReasonSerializer, responses=ItemDetailSerializer)
    def post(self, request: Request, code: str) -> Response:
        item = selectors.item_get(user=request.user, implementation_code=code)
        data = _body(request)
        reason = data.get("reason")
        if not isinstance(reason, str):
            raise InvalidInput(_("A reason is required."), field="reason")
        self.actions[self.action](actor=_actor(request), item=item, reason=reason)
        item = selectors.item_get(user=request.user, implementation_code=code)
        return Response(ItemDetailSerializer(item).data)


class CompressionView(APIView):
    """Overall compression: Σ committed ÷ Σ legal working days of the visible items."""

    permission_classes = [AllowAny]

    @extend_schema(responses=CompressionSerializer)
    def get(self, request: Request) -> Response:
        overall = selectors.compression_overall(_visible(request))
        return Response(
            {
                "items": overall.items,
                "committed_days": overall.committed_days,
                "legal_days": overall.legal_days,
                "ratio": overall.ratio,
                "cut": overall.cut,
            }
        )


class CatalogImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        responses={200: CatalogImportResultSerializer, 400: CatalogImportRefusalSerializer},
    )
    def post(self, request: Request) -> Response:
        if not user_has_perm(request.user, Perm.CATALOG_MANAGE):
            raise NotPermitted(_("You may not edit the service catalog."))
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput(_("Attach the Excel file."), field="file")
        report = services.catalog_import(actor=_actor(request), data=upload.read())
        if not report.ok:
            return Response(
                {
                    "code": "invalid",
                    "errors": [
                        {
                            "field": f"{getattr(e, 'sheet', '')}!{e.row}!{e.field}",
                            "reason": e.reason,
                            "sheet": getattr(e, "sheet", ""),
                            "row": e.row,
                            "column": e.field,
                        }
                        for e in report.errors
                    ],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"created": report.created, "updated": report.updated})


class CatalogExportView(APIView):
    @extend_schema(
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Excel file.")}
    )
    def get(self, request: Request) -> HttpResponse:
        if not user_has_perm(request.user, Perm.CATALOG_VIEW):
            raise NotPermitted(_("You may not export the service catalog."))
        items = selectors.item_list_for_user(user=request.user)
        audit(
            actor=_actor(request),
            action="catalog.export",
            object_type="catalog.serviceitem",
            detail={"items": items.count()},
        )
        return xlsx_response("catalog.xlsx", services.catalog_export_sheets(items))
