"""Serializers of the residents' API and of the ten rules' remaining registers."""

from __future__ import annotations

from rest_framework import serializers

from xiaoneng.community.models import (
    Deliberation,
    Disclosure,
    ForumTopic,
    LedgerDemand,
    RegisterCorrection,
    ResidentMembership,
    SupervisedOrganisation,
    Violation,
    Volunteer,
)
from xiaoneng.core.api.fields import MAX_ID, JsonBooleanField, JsonStringField


class CommunityForumTopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForumTopic
        fields = [
            "id",
            "community",
            "title",
            "body",
            "author_name",
            "is_by_resident",
            "is_hidden",
            "moderation_note",
            "recorded_at",
        ]
        read_only_fields = fields


class CommunityForumTopicInput(serializers.Serializer):
    community = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    title = JsonStringField(max_length=200)
    body = JsonStringField(max_length=5000)


class CommunityTopicDeliberationInput(serializers.Serializer):
    held_on = serializers.DateField()
    participants = JsonStringField(max_length=2000, required=False, allow_blank=True, default="")


class CommunityDeliberationSerializer(serializers.ModelSerializer):
    supports = serializers.IntegerField(source="supports.count", read_only=True)

    class Meta:
        model = Deliberation
        fields = [
            "id",
            "community",
            "kind",
            "held_on",
            "topic",
            "participants",
            "decision",
            "source_topic",
            "is_outcome_published",
            "supports",
        ]
        read_only_fields = fields


class CommunityOutcomeInput(serializers.Serializer):
    decision = JsonStringField(max_length=5000)


class CommunityParticipationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    membership = serializers.IntegerField(source="membership_id")


class CommunityMembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResidentMembership
        fields = [
            "id",
            "community",
            "address",
            "display_name",
            "status",
            "refusal_reason",
            "applied_at",
        ]
        read_only_fields = fields


class CommunityMembershipInput(serializers.Serializer):
    community = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    address = JsonStringField(max_length=200)
    display_name = JsonStringField(max_length=60)


class CommunityMembershipDecisionInput(serializers.Serializer):
    verified = JsonBooleanField()
    reason = JsonStringField(max_length=200, required=False, allow_blank=True, default="")


class CommunityDisclosureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disclosure
        fields = ["id", "community", "kind", "title", "text", "published_on", "attachment"]
        read_only_fields = ["id"]
        extra_kwargs = {"attachment": {"required": False}}


class CommunityLedgerDemandSerializer(serializers.ModelSerializer):
    class Meta:
        model = LedgerDemand
        fields = [
            "id",
            "community",
            "department",
            "kind",
            "title",
            "demanded_on",
            "approval",
            "admission",
            "is_paper_removed",
            "removed_on",
        ]
        read_only_fields = ["id"]


class CommunitySupervisedOrganisationSerializer(serializers.ModelSerializer):
    guidance_count = serializers.IntegerField(source="guidance.count", read_only=True)

    class Meta:
        model = SupervisedOrganisation
        fields = ["id", "community", "kind", "name", "contact", "guidance_count"]
        read_only_fields = ["id", "guidance_count"]


class CommunityVolunteerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Volunteer
        fields = ["id", "community", "name", "skills", "hours"]
        read_only_fields = ["id"]


class CommunityCorrectionInput(serializers.Serializer):
    reason = JsonStringField(max_length=200)
    values = serializers.DictField(
        child=JsonStringField(allow_blank=True, allow_null=True),
        help_text="The fields to change, by name; the others keep their value.",
    )


class CommunityCorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegisterCorrection
        fields = ["id", "register", "entry_id", "previous", "corrected", "reason", "corrected_at"]
        read_only_fields = fields


class CommunitySupervisionTaskInput(serializers.Serializer):
    owner = serializers.IntegerField(min_value=1, help_text="The supervising office.")
    deadline = serializers.DateField()


class CommunityViolationTaskSerializer(serializers.ModelSerializer):
    rule = JsonStringField(read_only=True, help_text="The rule breached.")

    class Meta:
        model = Violation
        fields = ["id", "rule", "offender", "community", "occurred_on", "supervision_task"]
        read_only_fields = fields


class CommunityComplianceFiguresSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    violations = serializers.IntegerField()
    violations_by_rule = serializers.DictField(child=serializers.IntegerField())
    accountability_open = serializers.IntegerField()
    accountability_closed = serializers.IntegerField()
    ledgers_demanded = serializers.IntegerField()
    ledgers_unapproved = serializers.IntegerField()
    paper_ledgers_removed = serializers.IntegerField()
    residents_requests = serializers.IntegerField()
    residents_requests_answered = serializers.IntegerField()
    requests_answer_rate = serializers.FloatField(allow_null=True)
