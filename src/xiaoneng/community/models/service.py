"""Service to residents: grid responsibility, visits, agency service, pledges, rosters — rule 9."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.community.models.selfgov import CommunityRecord


class GridArea(CommunityRecord):
    """分片包块: a staff member's area and the units in it they keep in touch with."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff member"),
    )
    area = models.CharField(_("area"), max_length=200)
    linked_units = models.TextField(_("linked units in the area"), blank=True)

    class Meta:
        verbose_name = _("grid area")
        verbose_name_plural = _("grid areas")
        ordering = ["area"]

    def __str__(self) -> str:
        return self.area


class HouseholdVisit(CommunityRecord):
    visited_on = models.DateField(_("date"))
    household = models.CharField(_("household"), max_length=200)
    visitor_name = models.CharField(_("visited by"), max_length=60)
    notes = models.TextField(_("what was raised"), blank=True)

    class Meta:
        verbose_name = _("household visit")
        verbose_name_plural = _("household visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return self.household


class AgencyService(CommunityRecord):
    """代理服务: errands the committee runs for a resident."""

    handled_on = models.DateField(_("date"))
    resident_name = models.CharField(_("resident"), max_length=60)
    service = models.CharField(_("service"), max_length=200)
    is_done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("agency service")
        verbose_name_plural = _("agency services")
        ordering = ["-handled_on", "-id"]

    def __str__(self) -> str:
        return self.service


class ServicePledge(CommunityRecord):
    published_on = models.DateField(_("published on"))
    text = models.TextField(_("pledge"))

    class Meta:
        verbose_name = _("service pledge")
        verbose_name_plural = _("service pledges")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.text[:40]


class DutyKind(models.TextChoices):
    STAGGERED = "staggered", _("Staggered hours")
    ALL_DAY = "all_day", _("All-day duty")
    HOLIDAY = "holiday", _("Holiday rotation")


class DutyShift(CommunityRecord):
    duty_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=DutyKind.choices)
    staff_name = models.CharField(_("on duty"), max_length=60)
    hours = models.CharField(
        _("hours"), max_length=40, help_text=_("e.g. 12:00–14:00, 17:30–20:00")
    )

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        ordering = ["-duty_on", "id"]

    def __str__(self) -> str:
        return f"{self.duty_on} {self.staff_name}"
