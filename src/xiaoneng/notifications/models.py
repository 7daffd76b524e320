"""The outbox and delivery log (`Message`), editable templates and opt-outs.

An in-site message for a user is the workbench/portal `core.Notification` row (its message box);
`Message` logs it and every e-mail and SMS, and is the outbox the delivery task works from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.notifications.kinds import Channel, MessageKind


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent (opted out)")


class Message(models.Model):
    """One message to one recipient on one channel: the outbox row and its delivery record.

    The recipient is a user (staff, or an applicant's portal account) or, for applicants
    without an account, the applicant (SMS to the phone given on the application).
    """

    kind = models.CharField(_("kind"), max_length=32, choices=MessageKind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    is_statutory = models.BooleanField(_("statutory notice"), default=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    applicant = models.ForeignKey(
        "core.Applicant",
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    #: "user:<pk>" or "applicant:<pk>": one key for the once-only constraint.
    recipient_key = models.CharField(max_length=40)
    notification = models.ForeignKey(
        "core.Notification",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    address = models.CharField(_("address"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("reason"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient_key", "dedupe_key", "channel"], name="message_once_per_key"
            ),
        ]
        indexes = [
            # the outbox flush: queued messages that are due
            models.Index(fields=["status", "next_attempt_at"], name="message_outbox"),
            # the delivery log, newest first
            models.Index(fields=["-created_at"], name="message_log"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.subject or self.body[:40]}"


class MessageTemplate(models.Model):
    """The system administrator's wording for one kind on one channel (else the default)."""

    kind = models.CharField(_("kind"), max_length=32, choices=MessageKind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(fields=["kind", "channel"], name="message_template_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_channel_display()}"


class Preference(models.Model):
    """A user's opt-outs of informational e-mail and SMS (statutory notices still go out)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_opt_out = models.BooleanField(_("no informational e-mail"), default=False)
    sms_opt_out = models.BooleanField(_("no informational SMS"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
