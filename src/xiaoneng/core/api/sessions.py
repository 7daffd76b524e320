"""Signed-in sessions on the API: one's own (list, end one, end the others) and the security
administrator's "sign this staff member out everywhere" (core/sessions.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core import sessions
from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.api.schema import error_responses, results_of
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import User, UserKind
from xiaoneng.core.selectors import sessions_of


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Names the session in `DELETE me/sessions/{id}/`.")
    device = JsonStringField(
        help_text='Browser and system read from the user agent ("Chrome · Windows"), or "".'
    )
    user_agent = JsonStringField()
    ip = JsonStringField(help_text="The address it signed in from.")
    signed_in_at = serializers.DateTimeField()
    last_activity_at = serializers.DateTimeField(
        allow_null=True, help_text="The last request of the session, if it made one."
    )
    is_current = serializers.BooleanField(help_text="The session making this request.")


class SessionsEndedSerializer(serializers.Serializer):
    ended = serializers.IntegerField(help_text="How many sessions were ended.")


class StaffSessionsEndSerializer(serializers.Serializer):
    reason = JsonStringField(
        max_length=sessions.REASON_MAX_LENGTH, help_text="Why; kept in the audit trail."
    )


def _holder(request: Request) -> User:
    assert isinstance(request.user, User)  # the default permission requires a signed-in user
    return request.user


def _staff_member(pk: int) -> User:
    """The account the security administrator acts on; the service checks the scope."""
    person = User.objects.filter(pk=pk, kind=UserKind.STAFF).select_related("organization").first()
    if person is None:
        raise NotFound(_("No such staff member."))
    return person


def _current_key(request: Request) -> str | None:
    """The session of the request, when it authenticated by session (not by token)."""
    return request.session.session_key if request.auth is None else None


class MySessionsView(APIView):
    @extend_schema(
        summary="My signed-in sessions (device, address, sign-in, last activity)",
        responses={200: results_of(SessionSerializer)},
    )
    def get(self, request: Request) -> Response:
        rows = sessions_of(user=_holder(request), current_session_key=_current_key(request))
        return Response({"results": SessionSerializer(rows, many=True).data})


class MySessionView(APIView):
    @extend_schema(
        summary="End one of my sessions (its next request is signed out)",
        request=None,
        responses={200: SessionsEndedSerializer, **error_responses(401, 403, 404)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        return Response({"ended": sessions.session_end(actor=_holder(request), session_id=pk)})


class MyOtherSessionsEndView(APIView):
    @extend_schema(
        summary="End all my sessions but this one (all of them when called with a token)",
        request=None,
        responses={200: SessionsEndedSerializer, **error_responses(401, 403)},
    )
    def post(self, request: Request) -> Response:
        ended = sessions.sessions_end_others(
            actor=_holder(request), current_session_key=_current_key(request)
        )
        return Response({"ended": ended})


class StaffSessionsEndView(APIView):
    @extend_schema(
        summary="End every session of a staff member (security administrator; reason audited)",
        request=StaffSessionsEndSerializer,
        responses={200: SessionsEndedSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        serializer = StaffSessionsEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ended = sessions.staff_sessions_end(
            actor=_holder(request),
            user=_staff_member(pk),
            reason=serializer.validated_data["reason"],
        )
        return Response({"ended": ended})
