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
from xiaoneng.core.api.fields import CodeChoiceField, JsonStringField
from xiaoneng.core.models import Organization, User

ACTIVE_ORGS = Organization.objects.filter(is_active=True)


class ComplaintSubmitSerializer(serializers.Serializer):
    channel = CodeChoiceField(choices=Channel.choices, required=False, default=Channel.WEB)
    category = CodeChoiceField(choices=Category.choices)
    unit = serializers.PrimaryKeyRelatedField(queryset=ACTIVE_ORGS)
    title = JsonStringField(max_length=200)
    description = JsonStringField(max_length=5000)
    is_anonymous = serializers.BooleanField(required=False, default=False)
    complainant_name = JsonStringField(max_length=60, required=False, allow_blank=True)
    complainant_phone = JsonStringField(max_length=20, required=False, allow_blank=True)
    person_name = JsonStringField(max_length=60, required=False, allow_blank=True)
    visitor_count = serializers.IntegerField(required=False, min_value=1, max_value=500)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ComplaintEventSerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    kind = JsonStringField()
    occurred_at = serializers.DateTimeField()
    actor_name = JsonStringField()
    note = JsonStringField()


class OutcomeSerializer(serializers.Serializer):
    kind = JsonStringField()
    kind_label = JsonStringField(source="get_kind_display")
    person_name = JsonStringField()
    note = JsonStringField()
    decided_on = serializers.DateField()
    supervision_ref = JsonStringField()


class ComplaintSerializer(serializers.ModelSerializer):
    """Staff view; the complainant is masked unless the viewer handles the complaint."""

    unit_name = JsonStringField(source="unit.name", read_only=True)
    transferred_to_name = JsonStringField(source="transferred_to.name", read_only=True, default="")
    complainant = serializers.SerializerMethodField()
    events = ComplaintEventSerializer(many=True, read_only=True)
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
    unit_name = JsonStringField(source="unit.name", read_only=True)

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

    unit_name = JsonStringField(source="unit.name", read_only=True)
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


class ComplaintTrackSerializer(serializers.Serializer):
    number = JsonStringField(max_length=32)
    code = JsonStringField(max_length=16)


class ComplaintAcceptSerializer(serializers.Serializer):
    category = CodeChoiceField(choices=Category.choices, required=False)
    note = JsonStringField(required=False, allow_blank=True, default="")


class ComplaintDeclineSerializer(serializers.Serializer):
    reason = JsonStringField(max_length=500)
    referred_to = JsonStringField(max_length=200)


class ComplaintNoteSerializer(serializers.Serializer):
    note = JsonStringField(required=False, allow_blank=True, default="")


class ComplaintTransferSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=ACTIVE_ORGS, required=False)
    unit_due_on = serializers.DateField(required=False)
    note = JsonStringField(required=False, allow_blank=True, default="")


class ComplaintInvestigateSerializer(serializers.Serializer):
    record = JsonStringField(max_length=10000)


class ComplaintConcludeSerializer(serializers.Serializer):
    conclusion = CodeChoiceField(choices=Conclusion.choices)
    note = JsonStringField(required=False, allow_blank=True, default="")


class OutcomeInputSerializer(serializers.Serializer):
    kind = CodeChoiceField(choices=OutcomeKind.choices)
    person = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(kind="staff"), required=False, allow_null=True
    )
    person_name = JsonStringField(max_length=60, required=False, allow_blank=True, default="")
    note = JsonStringField(max_length=500, required=False, allow_blank=True, default="")


class ComplaintReplySerializer(serializers.Serializer):
    text = JsonStringField(max_length=5000)


class ComplaintFollowUpSerializer(serializers.Serializer):
    satisfaction = CodeChoiceField(choices=Satisfaction.choices)
    note = JsonStringField(required=False, allow_blank=True, default="")


class ComplaintExtendSerializer(serializers.Serializer):
    workdays = serializers.IntegerField()
    reason = JsonStringField(max_length=500)


class StatsQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    as_of = serializers.DateField(required=False)


class RatingSubmitSerializer(serializers.Serializer):
    """The rated department is the case's implementing agency, so the request does not name it."""

    case_number = JsonStringField(max_length=40)
    window = JsonStringField(max_length=60, required=False, allow_blank=True, default="")
    channel = CodeChoiceField(choices=RatingChannel.choices)
    overall = serializers.IntegerField(min_value=1, max_value=5)
    dimensions = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5), required=False, default=dict
    )
    comment = JsonStringField(max_length=2000, required=False, allow_blank=True, default="")
    rater_name = JsonStringField(max_length=60, required=False, allow_blank=True, default="")
    rater_phone = JsonStringField(max_length=20, required=False, allow_blank=True, default="")


class RatingSerializer(serializers.ModelSerializer):
    department_name = JsonStringField(source="department.name", read_only=True)
    follow_up_status = JsonStringField(
        source="follow_up.status", read_only=True, allow_null=True, default=None
    )
    rectify_due_on = serializers.DateField(
        source="follow_up.rectify_due_on", read_only=True, allow_null=True, default=None
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
    note = JsonStringField(max_length=2000)
    is_verified = serializers.BooleanField()
    verification_note = JsonStringField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class RectificationSerializer(serializers.Serializer):
    due_on = serializers.DateField(required=False)


class ExplainSerializer(serializers.Serializer):
    explanation = JsonStringField(max_length=2000)


class AppealSerializer(serializers.Serializer):
    reason = JsonStringField(max_length=2000)


class AppealDecisionSerializer(serializers.Serializer):
    is_upheld = serializers.BooleanField()
    note = JsonStringField(max_length=2000)


class ConsultationAskSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=ACTIVE_ORGS)
    item_name = JsonStringField(max_length=200, required=False, allow_blank=True, default="")
    question = JsonStringField(max_length=2000)
    asker_name = JsonStringField(max_length=60, required=False, allow_blank=True, default="")
    asker_phone = JsonStringField(max_length=20, required=False, allow_blank=True, default="")
    is_publication_consented = serializers.BooleanField(required=False, default=False)


class ConsultationAnswerSerializer(serializers.Serializer):
    answer = JsonStringField(max_length=5000)
    publish = serializers.BooleanField(required=False, default=True)


class ConsultationPublishSerializer(serializers.Serializer):
    is_published = serializers.BooleanField()


class ConsultationSerializer(serializers.ModelSerializer):
    department_name = JsonStringField(source="department.name", read_only=True)

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
    department_name = JsonStringField(source="department.name", read_only=True)

    class Meta:
        model = Consultation
        fields = ["number", "department_name", "item_name", "question", "answer", "answered_at"]
        read_only_fields = fields


class ComplaintImportSerializer(serializers.Serializer):
    file = serializers.FileField()


# ---- output shapes of answers built by hand in api.py ---------------------------------------
class PublicComplaintReceiptSerializer(PublicComplaintSerializer):
    tracking_code = JsonStringField(
        help_text="Shown once: with the number it lets the complainant follow the complaint."
    )

    class Meta(PublicComplaintSerializer.Meta):
        fields = [*PublicComplaintSerializer.Meta.fields, "tracking_code"]


class CategoryCountSerializer(serializers.Serializer):
    category = JsonStringField()
    label: Any = JsonStringField()
    count = serializers.IntegerField()


class UnitCountSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    name = JsonStringField()
    count = serializers.IntegerField()


class MonthCountSerializer(serializers.Serializer):
    month = JsonStringField()
    count = serializers.IntegerField()


class TrendSignalSerializer(serializers.Serializer):
    kind = JsonStringField(help_text="`unit`, `category` or `person`.")
    key = JsonStringField()
    label: Any = JsonStringField()
    count = serializers.IntegerField()
    baseline = serializers.FloatField(allow_null=True)


class ComplaintFiguresSerializer(serializers.Serializer):
    """The shape of ``api.figures_as_dict``; rates are numbers from 0 to 1 (or null)."""

    from_ = serializers.DateField()
    to = serializers.DateField()
    as_of = serializers.DateField()
    received = serializers.IntegerField()
    due = serializers.IntegerField()
    closed = serializers.IntegerField()
    closure_rate = serializers.FloatField(allow_null=True)
    closed_on_time = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    visitors = serializers.IntegerField()
    outcomes = serializers.DictField(child=serializers.IntegerField())
    by_category = CategoryCountSerializer(many=True)
    by_unit = UnitCountSerializer(many=True)
    by_month = MonthCountSerializer(many=True)
    signals = TrendSignalSerializer(many=True)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class ComplaintImportLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="Line number in the file, from 1.")
    field = JsonStringField(help_text="The key concerned (`data.unit`), or `line`.")
    reason = JsonStringField()


class ComplaintImportReportSerializer(serializers.Serializer):
    complaints_created = serializers.IntegerField()
    events_applied = serializers.IntegerField()
    events_skipped = serializers.IntegerField()
    complaints_failed = serializers.IntegerField()
    lines_refused = serializers.IntegerField()
    errors: Any = ComplaintImportLineSerializer(many=True)


class RatingReceiptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = JsonStringField()
    overall = serializers.IntegerField()
    is_bad = serializers.BooleanField()


class RatingFiguresSerializer(serializers.Serializer):
    department = JsonStringField()
    window = JsonStringField(allow_blank=True)
    ratings = serializers.IntegerField()
    satisfaction_rate = serializers.FloatField(allow_null=True)
    bad = serializers.IntegerField()
    bad_rectified = serializers.IntegerField()


class ConsultationReceiptSerializer(serializers.Serializer):
    number = JsonStringField()
    due_on = serializers.DateField()


class EmptyInputSerializer(serializers.Serializer):
    """No input."""
