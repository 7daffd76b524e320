"""Staff rotation (轮岗交流): post history, policy, plans and executed rotations.

Staff who have held the same post for 5 years or more rotate (DOMAIN.md §4); the seed rotated
192 people (102 section level, 90 ordinary) across 42 units. The number of years and the exempt
posts are configurable per government (`RotationPolicy`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.models import Rank


class PostHolding(models.Model):
    """One stretch of one person in one post; `ended_on` is empty while it lasts."""

    person = models.ForeignKey(
        "core.User",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="post_holdings",
    )
    unit = models.ForeignKey(
        "core.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField(_("post"), max_length=100)
    rank = models.CharField(_("rank"), max_length=16, choices=Rank.choices, blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("post holding")
        verbose_name_plural = _("post history")
        ordering = ["person", "started_on"]
        indexes = [models.Index(fields=["started_on", "ended_on"])]  # who is due on a date

    def __str__(self) -> str:
        return f"{self.person} · {self.post}"


class RotationPolicy(models.Model):
    government = models.OneToOneField(
        "core.Organization", on_delete=models.CASCADE, related_name="+"
    )
    years = models.PositiveSmallIntegerField(_("years in post before rotation"), default=5)
    exempt_posts = models.JSONField(_("exempt posts"), default=list, blank=True)

    class Meta:
        verbose_name = _("rotation policy")
        verbose_name_plural = _("rotation policies")

    def __str__(self) -> str:
        return f"{self.government} · {self.years}"


class RotationPlan(models.Model):
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveIntegerField(_("year"))
    owner = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rotation plan")
        verbose_name_plural = _("rotation plans")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class RotationPlanEntry(models.Model):
    plan = models.ForeignKey(RotationPlan, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    to_post = models.CharField(_("new post"), max_length=100)
    planned_on = models.DateField(_("planned on"))

    def __str__(self) -> str:
        return f"{self.person} → {self.to_post}"


class Rotation(models.Model):
    """An executed rotation; `rank` is the person's rank at the time, for the counts by rank."""

    person = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="rotations")
    from_unit = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    from_post = models.CharField(_("former post"), max_length=100)
    to_unit = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    to_post = models.CharField(_("new post"), max_length=100)
    rank = models.CharField(_("rank"), max_length=16, choices=Rank.choices, blank=True)
    rotated_on = models.DateField(_("rotated on"))
    plan_entry = models.OneToOneField(
        RotationPlanEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="rotation"
    )
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        ordering = ["-rotated_on"]
        indexes = [models.Index(fields=["rotated_on"])]  # counts per year

    def __str__(self) -> str:
        return f"{self.person} {self.from_post} → {self.to_post}"
