"""Self-government records: residents' meetings, deliberation, hearings, forum, building groups — rule 8."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommunityRecord(models.Model):
    """Common fields: the community it belongs to and who recorded it."""

    community = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class DeliberationKind(models.TextChoices):
    RESIDENTS_MEETING = "residents_meeting", _("Residents' meeting")
    DELIBERATION = "deliberation", _("Deliberation and consultation")


class Deliberation(CommunityRecord):
    kind = models.CharField(_("kind"), max_length=20, choices=DeliberationKind.choices)
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    participants = models.TextField(_("participants"))
    decision = models.TextField(_("decision"), blank=True)
    source_topic = models.ForeignKey(
        "ForumTopic",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliberations",
        verbose_name=_("forum topic"),
    )
    is_outcome_published = models.BooleanField(_("outcome published"), default=False)

    class Meta:
        verbose_name = _("residents' meeting or deliberation")
        verbose_name_plural = _("residents' meetings and deliberations")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.topic


class Hearing(CommunityRecord):
    held_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    parties = models.TextField(_("parties"))
    outcome = models.TextField(_("outcome"))

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.subject


class ForumTopic(CommunityRecord):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    author_name = models.CharField(_("author"), max_length=60)
    is_by_resident = models.BooleanField(_("posted by a resident"), default=False)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    moderation_note = models.CharField(_("moderation note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("forum topic")
        verbose_name_plural = _("forum topics")
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ForumReply(models.Model):
    topic = models.ForeignKey(ForumTopic, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("text"))
    author_name = models.CharField(_("author"), max_length=60)
    is_by_resident = models.BooleanField(_("posted by a resident"), default=False)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    moderation_note = models.CharField(_("moderation note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]


class BuildingGroup(CommunityRecord):
    building = models.CharField(_("building"), max_length=100)
    leader_name = models.CharField(_("group leader"), max_length=60)
    member_count = models.PositiveIntegerField(_("members"))
    rules = models.TextField(_("group rules and activities"), blank=True)

    class Meta:
        verbose_name = _("building autonomy group")
        verbose_name_plural = _("building autonomy groups")
        ordering = ["building"]

    def __str__(self) -> str:
        return self.building
