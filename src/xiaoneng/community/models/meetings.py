"""Meetings community staff are called to — rule 5."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.community.workflow import MeetingStatus


class OrganizerLevel(models.TextChoices):
    DISTRICT = "district", _("District level")
    STREET_OFFICE = "street_office", _("Street office")
    STREET_DEPARTMENT = "street_department", _("Street-office department")


class Meeting(models.Model):
    organizer = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organizer")
    )
    organizer_level = models.CharField(
        _("organizer level"), max_length=20, choices=OrganizerLevel.choices
    )
    street = models.ForeignKey(
        "core.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("street office"),
    )
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    communities = models.ManyToManyField(
        "core.Organization", related_name="+", verbose_name=_("communities summoned")
    )
    is_routine = models.BooleanField(
        _("weekly routine meeting of community heads"),
        default=False,
        help_text=_("The one weekly routine meeting does not count against the monthly quota."),
    )
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices)
    is_over_quota = models.BooleanField(_("over quota"), default=False)
    over_quota_reason = models.TextField(_("quota exceeded"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]
        # quota counts: meetings of one level in a date range
        indexes = [models.Index(fields=["organizer_level", "held_on"])]

    def __str__(self) -> str:
        return self.topic
