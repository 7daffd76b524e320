"""API shapes of the notifications context (typed for drf-spectacular)."""

from __future__ import annotations

from rest_framework import serializers

from xiaoneng.core.api.fields import MAX_ID, JsonBooleanField, JsonStringField
from xiaoneng.core.masking import mask_phone
from xiaoneng.core.models import Notification
from xiaoneng.notifications.kinds import Channel, MessageKind
from xiaoneng.notifications.models import DeliveryStatus, Message


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "level", "title", "body", "link", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_is_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=1000,
        help_text="The messages to mark read; all unread ones when left out.",
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many messages were unread and now are read.")


class PreferenceSerializer(serializers.Serializer):
    email_opt_out = JsonBooleanField(
        help_text="No informational e-mail (statutory notices still sent)."
    )
    sms_opt_out = JsonBooleanField(help_text="No informational SMS (statutory notices still sent).")


class DeliverySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=MessageKind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    recipient = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "kind",
            "channel",
            "is_statutory",
            "recipient",
            "address",
            "subject",
            "body",
            "status",
            "attempts",
            "last_error",
            "next_attempt_at",
            "sent_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_recipient(self, obj: Message) -> str:
        if obj.recipient is not None:
            return obj.recipient.display_name
        return obj.applicant.name if obj.applicant is not None else ""

    def get_address(self, obj: Message) -> str:
        """Phone numbers masked (138****8000); e-mail addresses as given."""
        return mask_phone(obj.address) if obj.channel == Channel.SMS else obj.address


class TemplateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MessageKind.choices, read_only=True)
    channel = serializers.ChoiceField(choices=Channel.choices, read_only=True)
    subject = JsonStringField(
        max_length=200, allow_blank=True, required=False, help_text="Not used for SMS."
    )
    body = JsonStringField(allow_blank=True, help_text="Text with {placeholders}.")
    is_default = serializers.BooleanField(read_only=True)
    is_statutory = serializers.BooleanField(read_only=True)
    placeholders = serializers.ListField(child=JsonStringField(), read_only=True)
