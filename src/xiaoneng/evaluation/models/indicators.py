"""Indicator systems: weighted trees of up to three levels (DOMAIN.md §4, seed document 1).

The seed's city system has 5 first-level, 34 second-level and 89 third-level indicators; county
governments 5 and 32. Weights are not fixed nationally, so every tree carries its own, versioned
per year and per kind of unit evaluated. The rules (weights, depth, scoring methods) live in
`xiaoneng.evaluation.scoring`; the models only hold what was decided.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_DEPTH = 3


class UnitKind(models.TextChoices):
    CITY_DEPARTMENT = "city_department", _("City departments")
    COUNTY_GOVERNMENT = "county_government", _("County governments")
    PILOT_TOWN = "pilot_town", _("Pilot towns")


class ScoringMethod(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Quantitative target (actual ÷ target, capped)")
    QUALITATIVE = "qualitative", _("Qualitative grade (A/B/C/D)")
    DEDUCTION = "deduction", _("Deduction per event")
    BONUS = "bonus", _("Bonus per event")
    LIVE_FIGURE = "live_figure", _("Live figure from the system")


DEFAULT_GRADE_POINTS = {"A": "1.00", "B": "0.80", "C": "0.60", "D": "0.40"}


class IndicatorSystem(models.Model):
    """One version of an indicator tree for one year and one kind of unit."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveIntegerField(_("year"))
    unit_kind = models.CharField(
        _("kind of unit evaluated"), max_length=32, choices=UnitKind.choices
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    total_weight = models.DecimalField(
        _("total weight"), max_digits=7, decimal_places=2, default=Decimal("100")
    )
    owner = models.ForeignKey(
        "core.Organization", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicator system")
        verbose_name_plural = _("indicator systems")
        ordering = ["-year", "unit_kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "year", "unit_kind", "version"],
                name="indicator_system_unique_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year} v{self.version})"


class Indicator(models.Model):
    """A node of the tree. Leaves carry a scoring method; inner nodes only a weight.

    `code` is the dotted outline number ("2", "2.3", "2.3.1"), unique within the system.
    Bonus leaves sit outside the weight sums: their `weight` is the most they can add.
    """

    system = models.ForeignKey(IndicatorSystem, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"))
    weight = models.DecimalField(_("weight"), max_digits=7, decimal_places=2)
    order = models.PositiveIntegerField(_("order"), default=0)
    method = models.CharField(
        _("scoring method"), max_length=16, choices=ScoringMethod.choices, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    cap_ratio = models.DecimalField(
        _("cap on actual ÷ target"), max_digits=6, decimal_places=3, default=Decimal("1")
    )
    per_event = models.DecimalField(
        _("points per event"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    grade_points = models.JSONField(_("grade → share of weight"), default=dict, blank=True)
    figure_code = models.CharField(_("live figure"), max_length=40, blank=True)
    description = models.TextField(_("scoring rule"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["system", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="indicator_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_leaf(self) -> bool:
        return bool(self.method)
