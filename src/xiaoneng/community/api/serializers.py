"""Input parsers and output shapes of the community API."""

from __future__ import annotations

from rest_framework import serializers

from xiaoneng.community.models import (
    AccountabilityRecord,
    AdmissionRequest,
    BurdenReport,
    CertificateRequest,
    Evaluation,
    EvaluationIndicator,
    Inspection,
    Meeting,
    RecordPhoto,
    Sign,
    Task,
    TaskListVersion,
    Violation,
    WorkRecordEntry,
)
from xiaoneng.community.rules import CertificateType, ProhibitedCertificate
from xiaoneng.core.api.fields import MAX_ID, CodeChoiceField, JsonBooleanField, JsonStringField
from xiaoneng.core.masking import mask_id_number

ORG = serializers.IntegerField
ORGS = serializers.ListField


class CommunityOrganizationRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = JsonStringField()


# ---- tasks and admission -------------------------------------------------------------------
class CommunityListedTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = ["code", "name", "area", "legal_basis"]


class CommunityTaskListVersionSerializer(serializers.ModelSerializer):
    tasks = CommunityListedTaskSerializer(many=True, read_only=True)

    class Meta:
        model = TaskListVersion
        fields = ["id", "version", "published_on", "note", "is_current", "tasks"]


class CommunityTaskListPublishInput(serializers.Serializer):
    published_on = serializers.DateField()
    note = JsonStringField(required=False, allow_blank=True, default="")
    tasks = serializers.ListField(child=serializers.DictField(), allow_empty=True)


class CommunityTaskOnDaySerializer(serializers.Serializer):
    name = JsonStringField()
    legal_basis = JsonStringField()
    source = JsonStringField()  # type: ignore[assignment]  # a field named "source"
    until = serializers.DateField(allow_null=True)


class CommunityAdmissionSerializer(serializers.ModelSerializer):
    department = CommunityOrganizationRef()
    street = CommunityOrganizationRef()
    communities = CommunityOrganizationRef(many=True)

    class Meta:
        model = AdmissionRequest
        fields = [
            "id",
            "department",
            "street",
            "communities",
            "task_name",
            "legal_basis",
            "starts_on",
            "ends_on",
            "funding_amount",
            "funding_source",
            "working_conditions",
            "status",
            "submitted_on",
            "street_decided_on",
            "bureau_decided_on",
            "refusal_reason",
        ]


class CommunityAdmissionInput(serializers.Serializer):
    department = ORG()
    communities = ORGS(child=serializers.IntegerField())
    task_name = JsonStringField(allow_blank=True)
    legal_basis = JsonStringField(allow_blank=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    funding_amount = JsonStringField(
        required=False, allow_blank=True, allow_null=True, default=None
    )
    funding_source = JsonStringField(required=False, allow_blank=True, default="")
    working_conditions = JsonStringField(required=False, allow_blank=True, default="")


class CommunityDecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = JsonStringField(required=False, allow_blank=True, default="")
    confirm_over_quota = serializers.BooleanField(required=False, default=False)


class CommunityBurdenReportSerializer(serializers.ModelSerializer):
    community = CommunityOrganizationRef()
    department = CommunityOrganizationRef()

    class Meta:
        model = BurdenReport
        fields = ["id", "community", "department", "task_description", "pushed_on"]


class CommunityBurdenReportInput(serializers.Serializer):
    community = ORG()
    department = ORG()
    task_description = JsonStringField(allow_blank=True)
    pushed_on = serializers.DateField()


# ---- meetings, inspections, evaluations ----------------------------------------------------
class CommunityMeetingSerializer(serializers.ModelSerializer):
    organizer = CommunityOrganizationRef()
    communities = CommunityOrganizationRef(many=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "organizer",
            "organizer_level",
            "held_on",
            "topic",
            "communities",
            "is_routine",
            "status",
            "is_over_quota",
            "over_quota_reason",
            "approved_on",
            "rejection_reason",
        ]


class CommunityMeetingInput(serializers.Serializer):
    organizer = ORG()
    held_on = serializers.DateField()
    topic = JsonStringField(allow_blank=True)
    communities = ORGS(child=serializers.IntegerField())
    is_routine = serializers.BooleanField(required=False, default=False)
    confirm_over_quota = serializers.BooleanField(required=False, default=False)


class CommunityInspectionSerializer(serializers.ModelSerializer):
    inspector = CommunityOrganizationRef()
    inspected = CommunityOrganizationRef()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "inspector",
            "inspected",
            "inspected_on",
            "subject",
            "findings",
            "is_violation",
        ]


class CommunityInspectionInput(serializers.Serializer):
    inspector = ORG()
    inspected = ORG()
    inspected_on = serializers.DateField()
    subject = JsonStringField(allow_blank=True)
    findings = JsonStringField(required=False, allow_blank=True, default="")


class CommunityIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationIndicator
        fields = ["id", "name", "kind", "weight", "score", "survey"]
        extra_kwargs = {"survey": {"help_text": "The residents' appraisal survey scoring it."}}


class CommunityEvaluationSerializer(serializers.ModelSerializer):
    community = CommunityOrganizationRef()
    indicators = CommunityIndicatorSerializer(many=True, read_only=True)
    total_score = serializers.DecimalField(
        max_digits=6, decimal_places=2, read_only=True, allow_null=True
    )

    class Meta:
        model = Evaluation
        fields = ["id", "community", "year", "indicators", "total_score"]


class CommunityEvaluationInput(serializers.Serializer):
    community = ORG()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    indicators = serializers.ListField(child=serializers.DictField())


class CommunityOpinionSurveyInput(serializers.Serializer):
    survey = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="A residents' appraisal survey (rule 8)."
    )


class CommunityScoresInput(serializers.Serializer):
    scores = serializers.DictField(child=JsonStringField())


# ---- certificates, signs, records ----------------------------------------------------------
class CommunityCertificateSerializer(serializers.ModelSerializer):
    community = CommunityOrganizationRef()
    resident_id_number = serializers.SerializerMethodField()

    class Meta:
        model = CertificateRequest
        fields = [
            "id",
            "community",
            "resident_name",
            "resident_id_number",
            "requested_type",
            "purpose",
            "content",
            "carries_liability",
            "outcome",
            "refusal_reason",
            "refer_to",
            "number",
            "verification_code",
            "requested_on",
        ]

    def get_resident_id_number(self, obj: CertificateRequest) -> str:
        return mask_id_number(obj.resident_id_number) if obj.resident_id_number else ""


class CommunityCertificateInput(serializers.Serializer):
    community = ORG()
    resident_name = JsonStringField(allow_blank=True)
    resident_id_number = JsonStringField(required=False, allow_blank=True, default="")
    requested_type = CodeChoiceField(
        choices=[*CertificateType.choices, *ProhibitedCertificate.choices],
        help_text="A certificate type code; prohibited kinds are accepted and recorded as refused.",
    )
    purpose = JsonStringField(allow_blank=True)
    content = JsonStringField(required=False, allow_blank=True, default="")
    carries_liability = serializers.BooleanField(required=False, default=False)


class CommunityCertificateCheckSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    number = JsonStringField(required=False)
    community = JsonStringField(required=False)
    requested_type = JsonStringField(required=False)
    issued_on = serializers.DateField(required=False)


class CommunitySignSerializer(serializers.ModelSerializer):
    community = CommunityOrganizationRef()

    class Meta:
        model = Sign
        fields = [
            "id",
            "community",
            "place",
            "room",
            "kind",
            "text",
            "requested_by",
            "photo",
            "is_flagged",
            "flag_reason",
            "removed_on",
        ]


class CommunitySignInput(serializers.Serializer):
    community = ORG()
    place = JsonStringField(allow_blank=True)
    kind = JsonStringField(allow_blank=True)
    text = JsonStringField(allow_blank=True)
    room = JsonStringField(required=False, allow_blank=True, default="")
    requested_by = JsonStringField(required=False, allow_blank=True, default="")
    photo = serializers.FileField(required=False, allow_null=True, default=None)


class CommunityRecordPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecordPhoto
        fields = ["id", "photo", "original_name", "caption"]


class CommunityRecordEntrySerializer(serializers.ModelSerializer):
    community = CommunityOrganizationRef()
    photos = CommunityRecordPhotoSerializer(many=True, read_only=True)

    class Meta:
        model = WorkRecordEntry
        fields = ["id", "community", "entry_on", "kind", "title", "text", "photos"]


class CommunityRecordEntryInput(serializers.Serializer):
    community = ORG()
    entry_on = serializers.DateField()
    kind = JsonStringField(allow_blank=True)
    title = JsonStringField(allow_blank=True)
    text = JsonStringField(allow_blank=True)


# ---- compliance ----------------------------------------------------------------------------
class CommunityViolationSerializer(serializers.ModelSerializer):
    offender = CommunityOrganizationRef()
    community = CommunityOrganizationRef(allow_null=True)
    street = CommunityOrganizationRef(allow_null=True)
    accountability_id = serializers.SerializerMethodField()

    class Meta:
        model = Violation
        fields = [
            "id",
            "rule",
            "offender",
            "street",
            "community",
            "occurred_on",
            "description",
            "accountability_id",
        ]

    def get_accountability_id(self, obj: Violation) -> int | None:
        record = getattr(obj, "accountability", None)
        return record.pk if record else None


class CommunityAccountabilitySerializer(serializers.ModelSerializer):
    violation = CommunityViolationSerializer()

    class Meta:
        model = AccountabilityRecord
        fields = [
            "id",
            "violation",
            "status",
            "opened_on",
            "due_on",
            "is_due_provisional",
            "instruction",
            "rectification",
            "rectified_on",
            "closed_on",
            "closing_note",
        ]


class CommunityAccountabilityOpenInput(serializers.Serializer):
    instruction = JsonStringField(allow_blank=True)
    workdays_allowed = serializers.IntegerField(required=False, allow_null=True, default=None)


class CommunityRectificationInput(serializers.Serializer):
    rectification = JsonStringField(allow_blank=True)


class CommunityClosureInput(serializers.Serializer):
    accepted = serializers.BooleanField()
    note = JsonStringField(required=False, allow_blank=True, default="")


class CommunityForumReplyInput(serializers.Serializer):
    body = JsonStringField(allow_blank=True)
    author_name = JsonStringField(allow_blank=True)


class CommunityModerationInput(serializers.Serializer):
    hide = JsonBooleanField()
    note = JsonStringField(required=False, allow_blank=True, default="")
    reply = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID
    )


class CommunityForumReplySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = JsonStringField()


class CommunityModerationResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    is_hidden = serializers.BooleanField()
