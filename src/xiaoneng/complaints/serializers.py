"""API input and output shapes of the complaints context."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from xiaoneng.complaints.models import (
    Category,
    Channel,
    Complaint,
    Conclusion,
    Consultation,
    OutcomeKind,
    Rating,
    RatingChannel,
    Satisfaction,
)
from xiaoneng.complaints.selectors import complainant_for
from xiaoneng.core.models import Organization, User

ACTIVE_ORGS = Organization.objects.filter(is_active=True)


class ComplaintSubmitSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, default=Channel.WEB)
    category = serializers.ChoiceField(choices=Category.choices)
    unit = serializers.PrimaryKeyRelatedField(queryset=ACTIVE_ORGS)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000)
    is_anonymous = serializers.BooleanField(required=False, default=False)
    complainant_name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    complainant_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    person_name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    visitor_count = serializers.IntegerField(required=False, min_value=1, max_value=500)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class EventSerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    kind = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    actor_name = serializers.CharField()
    note = serializers.CharField()


class OutcomeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    person_name = serializers.CharField()
    note = serializers.CharField()
    decided_on = serializers.DateField()
    supervision_ref = serializers.CharField()


class ComplaintSerializer(serializers.ModelSerializer):
    """Staff view; the complainant is masked unless the viewer handles the complaint."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    transferred_to_name = serializers.CharField(
        source="transferred_to.name", read_only=True, default=""
    )
    complainant = serializers.SerializerMethodField()
    events = EventSerializer(many=True, read_only=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "number",
            "channel",
            "category",
            "status",
            "is_anonymous",
            "complainant",
            "visitor_count",
            "unit",
            "unit_name",
            "person_name",
            "title",
            "description",
            "received_at",
            "received_on",
            "limit_workdays",
            "extension_workdays",
            "extension_reason",
            "due_on",
            "is_deadline_provisional",
            "handling_mode",
            "transferred_to",
            "transferred_to_name",
            "unit_due_on",
            "declined_reason",
            "referred_to",
            "investigation",
            "conclusion",
            "conclusion_note",
            "reply",
            "replied_on",
            "satisfaction",
            "closed_on",
            "events",
            "outcomes",
        ]
        read_only_fields = fields

    def get_complainant(self, obj: Complaint) -> dict[str, Any]:
        shown = complainant_for(self.context.get("user"), obj)
        return {"name": shown.name, "phone": shown.phone, "is_masked": shown.is_masked}


class ComplaintListSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "number",
            "channel",
            "category",
            "status",
            "unit",
            "unit_name",
            "title",
            "received_on",
            "due_on",
            "closed_on",
        ]
        read_only_fields = fields


class PublicComplaintSerializer(serializers.ModelSerializer):
    """What the complainant sees with number + code: no staff names, no identity."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    timeline = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "number",
            "status",
            "category",
            "unit_name",
            "title",
            "received_on",
            "due_on",
            "declined_reason",
            "referred_to",
            "conclusion",
            "reply",
            "replied_on",
            "closed_on",
            "timeline",
        ]
        read_only_fields = fields

    def get_timeline(self, obj: Complaint) -> list[dict[str, Any]]:
        return [{"kind": e.kind, "occurred_at": e.occurred_at} for e in obj.events.all()]


class TrackSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=32)
    code = serializers.CharField(max_length=16)


class AcceptSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    referred_to = serializers.CharField(max_length=200)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TransferSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=ACTIVE_ORGS, required=False)
    unit_due_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class InvestigateSerializer(serializers.Serializer):
    record = serializers.CharField(max_length=10000)


class ConcludeSerializer(serializers.Serializer):
    conclusion = serializers.ChoiceField(choices=Conclusion.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OutcomeInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OutcomeKind.choices)
    person = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(kind="staff"), required=False, allow_null=True
    )
    person_name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReplySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class FollowUpSerializer(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExtendSerializer(serializers.Serializer):
    workdays = serializers.IntegerField()
    reason = serializers.CharField(max_length=500)


class StatsQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    as_of = serializers.DateField(required=False)


class RatingSubmitSerializer(serializers.Serializer):
    """The rated department is the case's implementing agency, so the request does not name it."""

    case_number = serializers.CharField(max_length=40)
    window = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    channel = serializers.ChoiceField(choices=RatingChannel.choices)
    overall = serializers.IntegerField(min_value=1, max_value=5)
    dimensions = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5), required=False, default=dict
    )
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    rater_name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    rater_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class RatingSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    follow_up_status = serializers.CharField(source="follow_up.status", read_only=True, default="")
    rectify_due_on = serializers.DateField(
        source="follow_up.rectify_due_on", read_only=True, default=None
    )

    class Meta:
        model = Rating
        fields = [
            "id",
            "case_number",
            "department",
            "department_name",
            "window",
            "channel",
            "overall",
            "efficiency",
            "guide_accuracy",
            "convenience",
            "usability",
            "level",
            "attitude",
            "comment",
            "rated_at",
            "is_excluded",
            "follow_up_status",
            "rectify_due_on",
        ]
        read_only_fields = fields


class CallBackSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)
    is_verified = serializers.BooleanField()
    verification_note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class RectificationSerializer(serializers.Serializer):
    due_on = serializers.DateField(required=False)


class ExplainSerializer(serializers.Serializer):
    explanation = serializers.CharField(max_length=2000)


class AppealSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class AppealDecisionSerializer(serializers.Serializer):
    is_upheld = serializers.BooleanField()
    note = serializers.CharField(max_length=2000)


class ConsultationAskSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=ACTIVE_ORGS)
    item_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    question = serializers.CharField(max_length=2000)
    asker_name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    asker_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    is_publication_consented = serializers.BooleanField(required=False, default=False)


class ConsultationAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=5000)
    publish = serializers.BooleanField(required=False, default=True)


class ConsultationPublishSerializer(serializers.Serializer):
    is_published = serializers.BooleanField()


class ConsultationSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "number",
            "department",
            "department_name",
            "item_name",
            "question",
            "status",
            "asked_at",
            "due_on",
            "answer",
            "answered_at",
            "is_publication_consented",
            "is_published",
        ]
        read_only_fields = fields


class PublishedConsultationSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = Consultation
        fields = ["number", "department_name", "item_name", "question", "answer", "answered_at"]
        read_only_fields = fields


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
