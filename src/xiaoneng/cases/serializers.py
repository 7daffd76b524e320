"""API input and output shapes for cases.  Input serializers only parse; services decide."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from xiaoneng.cases.models import Case, CaseEvent, Channel, SpecialProcedureKind
from xiaoneng.cases.selectors import Clock
from xiaoneng.core.api.fields import CodeChoiceField, JsonStringField
from xiaoneng.core.masking import mask_id_number, mask_name

# The fields of the two model serializers below declare the shape (the schema); the data is
# built by case_list_data and case_event_data, which give the same values without DRF building
# the fields from the model again for every serializer. tests/cases/test_serializers.py checks
# that the two agree. (Comments, not docstrings: a docstring would go into the schema.)


class CaseListSerializer(serializers.ModelSerializer):
    status_label = JsonStringField(source="get_status_display")
    agency_name = JsonStringField(source="agency.name")
    item_name = JsonStringField(source="item_version.name")

    class Meta:
        model = Case
        fields = [
            "number",
            "status",
            "status_label",
            "title",
            "item_name",
            "agency",
            "agency_name",
            "channel",
            "handling_type",
            "is_joint",
            "is_green_channel",
            "received_at",
            "accepted_on",
            "committed_due_on",
            "legal_due_on",
            "is_paused",
            "is_deadline_provisional",
            "decided_on",
            "delivered_on",
        ]

    def to_representation(self, instance: Case) -> dict[str, Any]:
        return case_list_data(instance)


class CaseEventSerializer(serializers.ModelSerializer):
    kind_label = JsonStringField(source="get_kind_display")

    class Meta:
        model = CaseEvent
        fields = [
            "sequence",
            "kind",
            "kind_label",
            "occurred_at",
            "actor_name",
            "reason",
            "payload",
            "is_imported",
        ]

    def to_representation(self, instance: CaseEvent) -> dict[str, Any]:
        return case_event_data(instance)


class CaseBreachSerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    kind = JsonStringField()
    breach = JsonStringField(allow_null=True)
    occurred_at = serializers.DateTimeField()


class DeadlinesSerializer(serializers.Serializer):
    """The shape of ``clock_data``."""

    committed_due_on = serializers.DateField(allow_null=True)
    legal_due_on = serializers.DateField(allow_null=True)
    delivery_due_on = serializers.DateField(allow_null=True)
    workdays_used = serializers.IntegerField(allow_null=True)
    committed_workdays_left = serializers.IntegerField(allow_null=True)
    legal_workdays_left = serializers.IntegerField(allow_null=True)
    paused_workdays = serializers.IntegerField()
    is_paused = serializers.BooleanField()
    is_provisional = serializers.BooleanField()
    supplement_notice_due_on = serializers.DateField(allow_null=True)
    breaches = CaseBreachSerializer(many=True)


class CaseApplicantSerializer(serializers.Serializer):
    kind = JsonStringField()
    name = JsonStringField(help_text="Masked.")
    id_number = JsonStringField(help_text="Masked (first 6 and last 4 characters).")


class CasePauseSerializer(serializers.Serializer):
    kind = JsonStringField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    reason = JsonStringField()
    expected_workdays = serializers.IntegerField()


class CaseOpinionSerializer(serializers.Serializer):
    department = JsonStringField()
    requested_on = serializers.DateField()
    due_on = serializers.DateField()
    given_on = serializers.DateField(allow_null=True)
    agrees = serializers.BooleanField(allow_null=True)
    opinion = JsonStringField(allow_blank=True)


class CaseDetailSerializer(CaseListSerializer):
    """The shape of ``case_detail_data`` (documentation of the API; the data is built there)."""

    item_code = JsonStringField()
    item_version = serializers.IntegerField()
    applicant = CaseApplicantSerializer()
    committed_limit_days = serializers.IntegerField()
    legal_limit_days = serializers.IntegerField()
    extension_days = serializers.IntegerField()
    is_deemed_accepted = serializers.BooleanField()
    assignee = JsonStringField(allow_null=True)
    first_responder = JsonStringField(allow_null=True)
    deadlines = DeadlinesSerializer()
    events = CaseEventSerializer(many=True)
    pauses = CasePauseSerializer(many=True)
    opinions = CaseOpinionSerializer(many=True)
    next_actions = serializers.ListField(child=JsonStringField())

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "item_code",
            "item_version",
            "applicant",
            "committed_limit_days",
            "legal_limit_days",
            "extension_days",
            "is_deemed_accepted",
            "assignee",
            "first_responder",
            "deadlines",
            "events",
            "pauses",
            "opinions",
            "next_actions",
        ]


class MeetingCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class ImportRejectedLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="Line number in the file, from 1.")
    case = JsonStringField(allow_blank=True, allow_null=True)
    field = JsonStringField(allow_blank=True)
    reason = JsonStringField()


class CaseImportReportSerializer(serializers.Serializer):
    applied_cases = serializers.IntegerField()
    applied_events = serializers.IntegerField()
    skipped_events = serializers.IntegerField()
    rejected = ImportRejectedLineSerializer(many=True)


_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


def _date(value: date | None) -> str | None:
    return None if value is None else _DATE.to_representation(value)


def _datetime(value: datetime | None) -> str | None:
    """As DRF's DateTimeField writes it: in the current time zone, ISO 8601."""
    return None if value is None else _DATETIME.to_representation(value)


def case_list_data(case: Case) -> dict[str, Any]:
    """What ``CaseListSerializer`` declares, value for value (reads the agency and the item
    version: select them with the case)."""
    return {
        "number": str(case.number),
        "status": str(case.status),
        "status_label": str(case.get_status_display()),
        "title": str(case.title),
        "item_name": str(case.item_version.name),
        "agency": case.agency_id,
        "agency_name": str(case.agency.name),
        "channel": str(case.channel),
        "handling_type": str(case.handling_type),
        "is_joint": bool(case.is_joint),
        "is_green_channel": bool(case.is_green_channel),
        "received_at": _datetime(case.received_at),
        "accepted_on": _date(case.accepted_on),
        "committed_due_on": _date(case.committed_due_on),
        "legal_due_on": _date(case.legal_due_on),
        "is_paused": bool(case.is_paused),
        "is_deadline_provisional": bool(case.is_deadline_provisional),
        "decided_on": _date(case.decided_on),
        "delivered_on": _date(case.delivered_on),
    }


def case_event_data(event: CaseEvent) -> dict[str, Any]:
    """What ``CaseEventSerializer`` declares, value for value."""
    return {
        "sequence": int(event.sequence),
        "kind": str(event.kind),
        "kind_label": str(event.get_kind_display()),
        "occurred_at": _datetime(event.occurred_at),
        "actor_name": str(event.actor_name),
        "reason": str(event.reason),
        "payload": event.payload,
        "is_imported": bool(event.is_imported),
    }


def clock_data(clock: Clock) -> dict[str, Any]:
    return {
        "committed_due_on": clock.committed_due_on,
        "legal_due_on": clock.legal_due_on,
        "delivery_due_on": clock.delivery_due_on,
        "workdays_used": clock.workdays_used,
        "committed_workdays_left": clock.committed_workdays_left,
        "legal_workdays_left": clock.legal_workdays_left,
        "paused_workdays": clock.paused_workdays,
        "is_paused": clock.is_paused,
        "is_provisional": clock.is_provisional,
        "supplement_notice_due_on": clock.notice_due_on,
        "breaches": clock.breaches,
    }


def case_detail_data(case: Case, clock: Clock, actions: list[str]) -> dict[str, Any]:
    """What ``CaseDetailSerializer`` declares.  Reads the case's events, pauses and opinions
    through its related managers: ``selectors.case_history`` reads each of them once."""
    data = case_list_data(case)
    data.update(
        {
            "item_code": case.item_version.item.implementation_code,
            "item_version": case.item_version.version,
            "applicant": {
                "kind": case.applicant.kind,
                "name": mask_name(case.applicant.name),
                "id_number": mask_id_number(case.applicant.id_number),
            },
            "committed_limit_days": case.committed_limit_days,
            "legal_limit_days": case.legal_limit_days,
            "extension_days": case.extension_days,
            "is_deemed_accepted": case.is_deemed_accepted,
            "assignee": case.assignee.display_name if case.assignee else None,
            "first_responder": case.first_responder.display_name if case.first_responder else None,
            "deadlines": clock_data(clock),
            "events": [case_event_data(e) for e in case.events.all()],
            "pauses": [
                {
                    "kind": p.kind,
                    "started_on": p.started_on,
                    "ended_on": p.ended_on,
                    "reason": p.reason,
                    "expected_workdays": p.expected_workdays,
                }
                for p in case.pauses.all()
            ],
            "opinions": [
                {
                    "department": o.department.name,
                    "requested_on": o.requested_on,
                    "due_on": o.due_on,
                    "given_on": o.given_on,
                    "agrees": o.agrees,
                    "opinion": o.opinion,
                }
                for o in case.opinions.all()
            ],
            "next_actions": actions,
        }
    )
    return data


class CaseSubmitSerializer(serializers.Serializer):
    item = JsonStringField(help_text=_("Implementation code of the service item."))
    item_version = serializers.IntegerField(required=False, min_value=1)
    channel = CodeChoiceField(choices=Channel.choices)
    applicant_kind = CodeChoiceField(choices=[("natural", "natural"), ("legal", "legal")])
    applicant_name = JsonStringField(max_length=200)
    applicant_id_number = JsonStringField(max_length=30)
    applicant_phone = JsonStringField(max_length=20, required=False, allow_blank=True)
    title = JsonStringField(max_length=300, required=False, allow_blank=True)
    is_green_channel = serializers.BooleanField(required=False, default=False)


class EmptySerializer(serializers.Serializer):
    pass


class WithdrawSerializer(serializers.Serializer):
    reason = JsonStringField(required=False, allow_blank=True, default="")


class RefuseSerializer(serializers.Serializer):
    reason = JsonStringField(allow_blank=True)
    legal_basis = JsonStringField(allow_blank=True)


class RequestSupplementSerializer(serializers.Serializer):
    materials = serializers.ListField(child=JsonStringField(allow_blank=True), allow_empty=True)
    reason = JsonStringField(required=False, allow_blank=True, default="")


class SupplementSerializer(serializers.Serializer):
    note = JsonStringField(required=False, allow_blank=True, default="")
    materials = serializers.ListField(child=JsonStringField(), required=False, default=list)


class StartReviewSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(required=False, allow_null=True)


class FinishStepSerializer(serializers.Serializer):
    step = serializers.IntegerField(help_text=_("Order of the process step."))


class SpecialProcedureSerializer(serializers.Serializer):
    kind = CodeChoiceField(choices=SpecialProcedureKind.choices)
    reason = JsonStringField(allow_blank=True)
    expected_workdays = serializers.IntegerField()


class EndSpecialProcedureSerializer(serializers.Serializer):
    result = JsonStringField(required=False, allow_blank=True, default="")


class ExtendSerializer(serializers.Serializer):
    reason = JsonStringField(allow_blank=True)
    approver = serializers.IntegerField(required=False, allow_null=True)


class RequestOpinionsSerializer(serializers.Serializer):
    departments = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )


class GiveOpinionSerializer(serializers.Serializer):
    department = serializers.IntegerField()
    opinion = JsonStringField(allow_blank=True)
    agrees = serializers.BooleanField()


class ForwardSerializer(serializers.Serializer):
    to = JsonStringField(allow_blank=True)
    reason = JsonStringField(required=False, allow_blank=True, default="")


class ForwardReplySerializer(serializers.Serializer):
    reply = JsonStringField(allow_blank=True)


class ApproveSerializer(serializers.Serializer):
    reason = JsonStringField(required=False, allow_blank=True, default="")
    legal_basis = JsonStringField(required=False, allow_blank=True, default="")
    fee_charged = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, default=Decimal(0)
    )
    went_ahead_reason = JsonStringField(required=False, allow_blank=True, default="")


class DenySerializer(serializers.Serializer):
    reason = JsonStringField(allow_blank=True)
    legal_basis = JsonStringField(allow_blank=True)
    remedies = JsonStringField(allow_blank=True)
    went_ahead_reason = JsonStringField(required=False, allow_blank=True, default="")


class DeliverSerializer(serializers.Serializer):
    method = JsonStringField(required=False, allow_blank=True, default="")


class TerminateSerializer(serializers.Serializer):
    reason = JsonStringField(allow_blank=True)


class MeetingInputSerializer(serializers.Serializer):
    organizer = serializers.IntegerField()
    held_on = serializers.DateField()
    departments = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    cases = serializers.ListField(child=JsonStringField(), required=False, default=list)
    problems = JsonStringField(allow_blank=True)
    solutions = JsonStringField(required=False, allow_blank=True, default="")
    problems_solved = serializers.IntegerField(required=False, default=0)
