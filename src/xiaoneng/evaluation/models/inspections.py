"""Inspection visits (明察暗访): open or unannounced checks on staff discipline.

The seed made 25 visits and found 140+ staff late, leaving early, absent from post, visiting
other posts, playing cards, chatting online, gaming or trading shares; they were given efficiency
warnings or handled otherwise (DOMAIN.md §4).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitMode(models.TextChoices):
    OPEN = "open", _("Announced (open)")
    UNANNOUNCED = "unannounced", _("Unannounced")


class FindingKind(models.TextChoices):
    LATE = "late", _("Late")
    LEFT_EARLY = "left_early", _("Left early")
    ABSENT = "absent", _("Absent from post")
    OTHER_POST = "other_post", _("Visiting other posts")
    CARDS = "cards", _("Playing cards")
    ONLINE_CHAT = "online_chat", _("Chatting online")
    GAMES = "games", _("Playing games")
    SHARE_TRADING = "share_trading", _("Trading shares")
    OTHER = "other", _("Other")


class Handling(models.TextChoices):
    PENDING = "pending", _("Not yet handled")
    EFFICIENCY_WARNING = "efficiency_warning", _("Efficiency warning")
    OTHER = "other", _("Other handling")


class InspectionVisit(models.Model):
    visited_on = models.DateField(_("visited on"))
    mode = models.CharField(_("mode"), max_length=16, choices=VisitMode.choices)
    owner = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    units = models.ManyToManyField(
        "core.Organization", verbose_name=_("units visited"), related_name="+"
    )
    inspectors = models.ManyToManyField("core.User", verbose_name=_("inspectors"), related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.get_mode_display()}"


class Finding(models.Model):
    visit = models.ForeignKey(InspectionVisit, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey(
        "core.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "core.User",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("finding"), max_length=16, choices=FindingKind.choices)
    description = models.TextField(_("description"), blank=True)
    handling = models.CharField(
        _("handling"), max_length=24, choices=Handling.choices, default=Handling.PENDING
    )
    handling_note = models.TextField(_("handling note"), blank=True)
    warning_ref = models.CharField(_("warning reference"), max_length=60, blank=True)
    handled_on = models.DateField(_("handled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [models.Index(fields=["unit", "kind"])]  # counts by unit and kind

    def __str__(self) -> str:
        return f"{self.person_name} · {self.get_kind_display()}"
