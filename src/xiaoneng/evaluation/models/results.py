"""Results applied (结果运用): what the evaluation and the appraisal mean for a unit and its
leader, recommended to the personnel department.

Seed document 1: "将评估结果与领导干部的选拔任用、业绩奖励等方面有机结合"; and the office had the
leaders of units warned three times or more admonished (诫勉教育). The categories follow those
sentences and DOMAIN.md's glossary (效能告诫, 诫勉教育).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Recommendation(models.TextChoices):
    REWARD = "reward", _("Performance reward (业绩奖励)")
    COMMENDATION = "commendation", _("Commendation (通报表扬)")
    PROMOTION_PRIORITY = "promotion_priority", _("Priority in selection and appointment")
    NO_ACTION = "no_action", _("No action")
    EFFICIENCY_WARNING = "efficiency_warning", _("Efficiency warning (效能告诫)")
    ADMONISHMENT = "admonishment", _("Admonishment (诫勉教育)")


class ResultApplication(models.Model):
    """One recommendation for a unit (and, when named, its leader) from a round or appraisal."""

    round = models.ForeignKey(
        "evaluation.EvaluationRound",
        verbose_name=_("evaluation round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    appraisal = models.ForeignKey(
        "evaluation.Appraisal",
        verbose_name=_("democratic appraisal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    unit = models.ForeignKey(
        "core.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        "core.User",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=32, choices=Recommendation.choices
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("result applied")
        verbose_name_plural = _("results applied")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(round__isnull=False) | models.Q(appraisal__isnull=False),
                name="result_application_has_source",
            ),
        ]
        indexes = [models.Index(fields=["unit", "decided_at"])]  # the list per unit

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_recommendation_display()}"
