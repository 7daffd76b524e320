"""Residents' API (forum, memberships, deliberations, hearings) and the registers of the ten
rules' remaining areas: disclosures, ledgers, organisations, volunteers; corrections; violations
as supervision tasks; compliance figures. Thin views: parse, call one service, serialize."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.community import selectors
from xiaoneng.community.api import affairs_serializers as s
from xiaoneng.community.api.views import created, org, parse
from xiaoneng.community.models import (
    Deliberation,
    ForumTopic,
    Hearing,
    MembershipStatus,
)
from xiaoneng.community.services import compliance as compliance_services
from xiaoneng.community.services import registers as register_services
from xiaoneng.community.services import residents as resident_services
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.roles import Perm


def _is_staff(request: Request) -> bool:
    return user_has_perm(request.user, Perm.COMMUNITY_VIEW)


def _resident_communities(request: Request) -> QuerySet:
    return (
        selectors.memberships_of(account=request.user)
        .filter(status=MembershipStatus.VERIFIED)
        .values("community")
    )


class ForumView(generics.ListAPIView):
    """Forum topics: staff see their communities' topics (hidden ones too); a resident sees the
    visible topics of the communities they are a verified resident of. POST: a resident posts."""

    serializer_class = s.CommunityForumTopicSerializer
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return self.serializer_class.Meta.model.objects.none()
        if _is_staff(self.request):
            return selectors.register_list(user=self.request.user, model=ForumTopic)
        return ForumTopic.objects.filter(
            community__in=_resident_communities(self.request), is_hidden=False
        )

    @extend_schema(
        request=s.CommunityForumTopicInput, responses={201: s.CommunityForumTopicSerializer}
    )
    def post(self, request: Request) -> Response:
        data = parse(s.CommunityForumTopicInput, request)
        community = selectors.public_community_get(pk=data.pop("community"))
        topic = resident_services.forum_topic_post(actor=request.user, community=community, **data)
        return created(s.CommunityForumTopicSerializer, topic)


class TopicDeliberationView(APIView):
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    @extend_schema(
        request=s.CommunityTopicDeliberationInput,
        responses={201: s.CommunityDeliberationSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunityTopicDeliberationInput, request)
        topic = selectors.register_entry_get(user=request.user, model=ForumTopic, pk=pk)
        assert isinstance(topic, ForumTopic)
        return created(
            s.CommunityDeliberationSerializer,
            resident_services.forum_topic_to_deliberation(actor=request.user, topic=topic, **data),
        )


def _deliberation(request: Request, pk: int) -> Deliberation:
    if _is_staff(request):
        found = selectors.register_list(user=request.user, model=Deliberation).filter(pk=pk)
    else:
        found = Deliberation.objects.filter(pk=pk, community__in=_resident_communities(request))
    deliberation = found.first()
    if deliberation is None:
        raise NotFound(_("No such deliberation."))
    return deliberation


class DeliberationOutcomeView(APIView):
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    @extend_schema(
        request=s.CommunityOutcomeInput, responses={200: s.CommunityDeliberationSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunityOutcomeInput, request)
        deliberation = resident_services.deliberation_outcome_publish(
            actor=request.user, deliberation=_deliberation(request, pk), **data
        )
        return Response(s.CommunityDeliberationSerializer(deliberation).data)


class DeliberationSupportView(APIView):
    @extend_schema(request=None, responses={201: s.CommunityParticipationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        support = resident_services.deliberation_support(
            actor=request.user, deliberation=_deliberation(request, pk)
        )
        return created(s.CommunityParticipationSerializer, support)


class HearingRegistrationView(APIView):
    @extend_schema(request=None, responses={201: s.CommunityParticipationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        hearing = Hearing.objects.filter(
            pk=pk, community__in=_resident_communities(request)
        ).first()
        if hearing is None:
            raise NotFound(_("No such hearing."))
        return created(
            s.CommunityParticipationSerializer,
            resident_services.hearing_register(actor=request.user, hearing=hearing),
        )


class MembershipListView(generics.ListAPIView):
    """A resident's own applications; community staff: the applications to verify."""

    serializer_class = s.CommunityMembershipSerializer
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return self.serializer_class.Meta.model.objects.none()
        if _is_staff(self.request):
            return selectors.membership_list(user=self.request.user)
        return selectors.memberships_of(account=self.request.user)

    @extend_schema(
        request=s.CommunityMembershipInput, responses={201: s.CommunityMembershipSerializer}
    )
    def post(self, request: Request) -> Response:
        data = parse(s.CommunityMembershipInput, request)
        community = selectors.public_community_get(pk=data.pop("community"))
        return created(
            s.CommunityMembershipSerializer,
            resident_services.membership_apply(actor=request.user, community=community, **data),
        )


class MembershipDecisionView(APIView):
    parser_classes = [JSONParser]  # JSON bodies only: typed as the schema says

    @extend_schema(
        request=s.CommunityMembershipDecisionInput, responses={200: s.CommunityMembershipSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunityMembershipDecisionInput, request)
        membership = resident_services.membership_decide(
            actor=request.user,
            membership=selectors.membership_get(user=request.user, pk=pk),
            **data,
        )
        return Response(s.CommunityMembershipSerializer(membership).data)


class RegisterListView(generics.ListAPIView):
    """GET the entries of one register in the user's scope; POST creates one for a community
    (validated like the workbench form; a demand without approval is flagged as a violation)."""

    register: ClassVar[str]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        spec = register_services.register_spec(self.register)
        return selectors.register_list(user=self.request.user, model=spec.model)

    def post(self, request: Request) -> Response:
        serializer_class = self.get_serializer_class()
        check = serializer_class(data=request.data)
        check.is_valid(raise_exception=True)
        data: dict[str, Any] = {
            key: request.data.get(key)
            for key in request.data
            if key != "community" and key in check.fields  # type: ignore[attr-defined]
        }
        community = org(request, request.data.get("community"), "community")
        entry = register_services.register_entry_create(
            actor=request.user,
            register=self.register,
            community=community,
            data=data,
            files=request.FILES,
        )
        return created(serializer_class, entry)


def _register_view(key: str, serializer: type, doc: str) -> type[RegisterListView]:
    view = type(
        f"{serializer.__name__.removesuffix('Serializer')}ListView",
        (RegisterListView,),
        {"register": key, "serializer_class": serializer, "__doc__": doc},
    )
    view.post = extend_schema(request=serializer, responses={201: serializer})(  # type: ignore[attr-defined]
        RegisterListView.post
    )
    return view


DisclosureListView = _register_view(
    "disclosures", s.CommunityDisclosureSerializer, "居务公开: the community's published affairs."
)
LedgerListView = _register_view(
    "ledgers",
    s.CommunityLedgerDemandSerializer,
    "Rule 4: ledgers and reports demanded of communities.",
)
OrganisationListView = _register_view(
    "organisations",
    s.CommunitySupervisedOrganisationSerializer,
    "Rule 1: organisations the committee supervises.",
)
VolunteerListView = _register_view(
    "volunteers", s.CommunityVolunteerSerializer, "Rule 9: volunteers and their service hours."
)


class CorrectionView(APIView):
    """Correct a register entry; the previous values are kept in its history."""

    @extend_schema(responses={200: s.CommunityCorrectionSerializer(many=True)})
    def get(self, request: Request, key: str, pk: int) -> Response:
        spec = register_services.register_spec(key)
        selectors.register_entry_get(user=request.user, model=spec.model, pk=pk)
        history = selectors.correction_history(register=spec.key, entry_id=pk)
        return Response(s.CommunityCorrectionSerializer(history, many=True).data)

    @extend_schema(
        request=s.CommunityCorrectionInput, responses={201: s.CommunityCorrectionSerializer}
    )
    def post(self, request: Request, key: str, pk: int) -> Response:
        data = parse(s.CommunityCorrectionInput, request)
        spec = register_services.register_spec(key)
        entry = selectors.register_entry_get(user=request.user, model=spec.model, pk=pk)
        register_services.register_entry_correct(
            actor=request.user,
            register=key,
            entry=entry,
            data=data["values"],
            reason=data["reason"],
        )
        return created(
            s.CommunityCorrectionSerializer,
            selectors.correction_history(register=spec.key, entry_id=pk).first(),
        )


class ViolationTaskView(APIView):
    @extend_schema(
        request=s.CommunitySupervisionTaskInput, responses={201: s.CommunityViolationTaskSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        data = parse(s.CommunitySupervisionTaskInput, request)
        violation = compliance_services.violation_to_supervision_task(
            actor=request.user,
            violation=selectors.violation_get(user=request.user, pk=pk),
            owner=org(request, data["owner"], "owner"),
            deadline=data["deadline"],
        )
        return created(s.CommunityViolationTaskSerializer, violation)


def _date(request: Request, name: str) -> Any:
    raw = request.query_params.get(name, "")
    try:
        value = parse_date(raw) if raw else None
    except ValueError:
        value = None
    if value is None:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field=name)
    return value


class ComplianceFiguresView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True),
            OpenApiParameter("unit", OpenApiTypes.INT, description="An organization's id."),
        ],
        responses={200: s.CommunityComplianceFiguresSerializer},
    )
    def get(self, request: Request) -> Response:
        start, end = _date(request, "start"), _date(request, "end")
        if end < start:
            raise InvalidInput(_("The period ends before it starts."), field="end")
        raw_unit = request.query_params.get("unit")
        if raw_unit is not None:
            unit = org(request, raw_unit, "unit")
            if not user_has_perm(request.user, Perm.COMMUNITY_VIEW):
                raise NotFound(_("No such organization."), field="unit")
        else:
            unit = None
        if not user_has_perm(request.user, Perm.COMMUNITY_VIEW):
            raise NotFound(_("No such figures."))
        figures = selectors.compliance_figures(user=request.user, start=start, end=end, unit=unit)
        return Response(s.CommunityComplianceFiguresSerializer(figures).data)
