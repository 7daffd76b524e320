"""API of key projects, mounted under /api/v1/projects/."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.cases.selectors import case_get_for_user
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.access import organizations_visible
from xiaoneng.core.api.fields import JsonBooleanField, JsonStringField
from xiaoneng.core.errors import InvalidInput
from xiaoneng.projects import selectors, services
from xiaoneng.projects.models import Prerequisite, Project


class PrerequisiteSerializer(serializers.ModelSerializer):
    item_name = JsonStringField(source="item.name", read_only=True)
    required_item_name = JsonStringField(source="required_item.name", read_only=True)

    class Meta:
        model = Prerequisite
        fields = ["item", "item_name", "required_item", "required_item_name"]


class ProjectSerializer(serializers.ModelSerializer):
    lead_unit_name = JsonStringField(source="lead_unit.name", read_only=True)
    case_numbers: serializers.SlugRelatedField = serializers.SlugRelatedField(
        source="cases", many=True, read_only=True, slug_field="number"
    )
    prerequisites = PrerequisiteSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "number",
            "name",
            "lead_unit",
            "lead_unit_name",
            "is_fast_track",
            "case_numbers",
            "prerequisites",
        ]


class ProjectRegisterInput(serializers.Serializer):
    name = JsonStringField(max_length=200)
    lead_unit = serializers.IntegerField(min_value=1)
    is_fast_track = JsonBooleanField(default=False)


class ProjectCaseInput(serializers.Serializer):
    case_number = JsonStringField(max_length=40)


class ProjectPrerequisiteInput(serializers.Serializer):
    item = JsonStringField(max_length=64, help_text="Implementation code of the item.")
    required_item = JsonStringField(
        max_length=64, help_text="Implementation code of the prerequisite item."
    )


def _parse(serializer_class: type[serializers.Serializer], request: Request) -> dict:  # type: ignore[type-arg]
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _item(code: str, field: str) -> ServiceItem:
    item = ServiceItem.objects.filter(implementation_code=code).first()
    if item is None:
        raise InvalidInput(_("No such service item."), field=field)
    return item


class ProjectListView(generics.ListAPIView):
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    serializer_class = ProjectSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.project_list(user=self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=ProjectRegisterInput, responses={201: ProjectSerializer})
    def post(self, request: Request) -> Response:
        data = _parse(ProjectRegisterInput, request)
        unit = organizations_visible(request.user).filter(pk=data["lead_unit"]).first()  # type: ignore[arg-type]
        if unit is None:
            raise InvalidInput(_("No such unit."), field="lead_unit")
        project = services.project_register(
            actor=request.user,  # type: ignore[arg-type]
            name=data["name"],
            lead_unit=unit,
            is_fast_track=data["is_fast_track"],
        )
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class ProjectCaseView(APIView):
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    @extend_schema(request=ProjectCaseInput, responses={200: ProjectSerializer})
    def post(self, request: Request, number: str) -> Response:
        data = _parse(ProjectCaseInput, request)
        project = selectors.project_get_for_user(user=request.user, number=number)  # type: ignore[arg-type]
        case = case_get_for_user(user=request.user, number=data["case_number"])  # type: ignore[arg-type]
        project = services.project_case_link(actor=request.user, project=project, case=case)  # type: ignore[arg-type]
        return Response(ProjectSerializer(project).data)


class ProjectPrerequisiteView(APIView):
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    @extend_schema(request=ProjectPrerequisiteInput, responses={200: ProjectSerializer})
    def post(self, request: Request, number: str) -> Response:
        data = _parse(ProjectPrerequisiteInput, request)
        project = selectors.project_get_for_user(user=request.user, number=number)  # type: ignore[arg-type]
        services.project_prerequisite_add(
            actor=request.user,  # type: ignore[arg-type]
            project=project,
            item=_item(data["item"], "item"),
            required_item=_item(data["required_item"], "required_item"),
        )
        project = selectors.project_get_for_user(user=request.user, number=number)  # type: ignore[arg-type]
        return Response(ProjectSerializer(project).data)
