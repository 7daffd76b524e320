"""API representations of supervision data (read) and the inputs of its actions (write)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.supervision.models import (
    Accountability,
    AccountabilityDeliverable,
    CaseWatch,
    DeliverableKind,
    EfficiencyWarning,
    OpinionWatch,
    RuleBreach,
    SourceKind,
)


class LightSummarySerializer(serializers.Serializer):
    as_of = serializers.DateField()
    open = serializers.IntegerField()
    green = serializers.IntegerField()
    yellow = serializers.IntegerField()
    red = serializers.IntegerField()
    legal_overdue = serializers.IntegerField()
    provisional = serializers.IntegerField()


class CaseLightSerializer(serializers.ModelSerializer):
    number = JsonStringField(source="case_number")
    agency = serializers.IntegerField(source="agency_id")
    item = JsonStringField(source="item_name")
    light = JsonStringField()
    is_legal_overdue = serializers.BooleanField()
    days_left = serializers.IntegerField()

    class Meta:
        model = CaseWatch
        fields = [
            "number",
            "agency",
            "item",
            "handling_type",
            "is_joint",
            "accepted_on",
            "committed_due_on",
            "legal_due_on",
            "is_deadline_provisional",
            "is_paused",
            "days_left",
            "light",
            "is_legal_overdue",
        ]


class OpinionLightSerializer(serializers.ModelSerializer):
    case_number = JsonStringField(source="watch.case_number")
    department_name = JsonStringField(source="department.name")
    light = JsonStringField()

    class Meta:
        model = OpinionWatch
        fields = ["case_number", "department", "department_name", "requested_on", "due_on", "light"]


class BreachSerializer(serializers.ModelSerializer):
    rule_label = JsonStringField(source="get_rule_display")
    unit_name = JsonStringField(source="unit.name")

    class Meta:
        model = RuleBreach
        fields = [
            "id",
            "case_number",
            "rule",
            "rule_label",
            "unit",
            "unit_name",
            "person",
            "person_name",
            "occurred_at",
            "detail",
            "is_imported",
            "detected_at",
        ]


class WarningSerializer(serializers.ModelSerializer):
    person_name = JsonStringField(source="person.display_name")
    unit_name = JsonStringField(source="unit.name")

    class Meta:
        model = EfficiencyWarning
        fields = [
            "id",
            "number",
            "person",
            "person_name",
            "unit",
            "unit_name",
            "reason",
            "source_kind",
            "source_ref",
            "issued_on",
            "year",
            "issued_by",
        ]


class WarningIssueSerializer(serializers.Serializer):
    person = serializers.IntegerField(label=_("person warned"))
    reason = JsonStringField(label=_("reason"), max_length=2000)
    source_kind = serializers.ChoiceField(label=_("basis"), choices=SourceKind.choices)
    source_ref = JsonStringField(label=_("basis reference"), max_length=100)
    issued_on = serializers.DateField(label=_("issued on"), required=False)


class DeliverableSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccountabilityDeliverable
        fields = ["kind", "status", "text", "submitted_at", "reviewed_at", "review_comment"]


class AccountabilitySerializer(serializers.ModelSerializer):
    unit_name = JsonStringField(source="unit.name")
    deliverables = DeliverableSerializer(many=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Accountability
        fields = [
            "id",
            "unit",
            "unit_name",
            "year",
            "status",
            "warnings",
            "admonished_leader",
            "admonished_on",
            "created_at",
            "closed_at",
            "deliverables",
        ]

    def get_warnings(self, obj: Accountability) -> int:
        return EfficiencyWarning.objects.filter(unit=obj.unit, year=obj.year).count()


class SubmitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(label=_("kind"), choices=DeliverableKind.choices)
    text = JsonStringField(label=_("text"), max_length=20000)


class ReviewSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(label=_("kind"), choices=DeliverableKind.choices)
    is_accepted = serializers.BooleanField(label=_("accepted"))
    comment = JsonStringField(
        label=_("review comment"), required=False, allow_blank=True, max_length=5000
    )


class AdmonishSerializer(serializers.Serializer):
    leader = JsonStringField(label=_("leader admonished"), max_length=100)
    admonished_on = serializers.DateField(label=_("admonished on"))
    note = JsonStringField(label=_("note"), required=False, allow_blank=True, max_length=5000)
