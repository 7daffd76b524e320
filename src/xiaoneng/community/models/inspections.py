"""Inspections and the yearly combined evaluation — rule 6."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Inspection(models.Model):
    inspector = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inspecting unit"),
    )
    inspected = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inspected unit"),
    )
    inspected_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    findings = models.TextField(_("findings"), blank=True)
    is_violation = models.BooleanField(_("breaks the rules"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["inspected", "inspected_on"])]  # monthly quota

    def __str__(self) -> str:
        return self.subject


class IndicatorKind(models.TextChoices):
    RESIDENT_OPINION = "resident_opinion", _("Residents' opinion")
    WORK_RESULT = "work_result", _("Work results")
    SERVICE = "service", _("Service to residents")
    SELF_GOVERNMENT = "self_government", _("Self-government")


class Evaluation(models.Model):
    """The one combined evaluation of a community in a year (rule 6, 每年一次性实施)."""

    community = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    year = models.PositiveIntegerField(_("year"))
    evaluator = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evaluating unit"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-year", "community"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year"], name="community_one_evaluation_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.year}"

    @property
    def total_score(self) -> Decimal | None:
        """Σ weight × score ÷ 100 once every indicator is scored."""
        indicators = list(self.indicators.all())
        if not indicators or any(i.score is None for i in indicators):
            return None
        return sum(
            (i.weight * (i.score or Decimal(0)) / Decimal(100) for i in indicators), Decimal(0)
        )


class EvaluationIndicator(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    score = models.DecimalField(
        _("score (0–100)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    survey = models.ForeignKey(
        "evaluation.Survey",
        verbose_name=_("scored by the residents' appraisal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Residents' opinion scored by a residents' appraisal survey (rule 8)."),
    )

    class Meta:
        ordering = ["evaluation", "id"]

    def __str__(self) -> str:
        return self.name
