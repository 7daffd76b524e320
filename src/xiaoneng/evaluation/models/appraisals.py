"""Democratic appraisal of units' conduct (民主评议政风行风).

Seed document 1 names 民主评议政风行风 among the institutions of the efficiency office. Units are
appraised by four groups (`AppraisalGroup`): the public, enterprises, deputies (people's
congress deputies and CPPCC members) and efficiency monitors, each with its weight; the weights
sum to 100. Each unit appraised has its own questionnaire (a survey of the `democratic_appraisal`
template whose subject is the unit); every issued copy belongs to one group (its respondent
kind). A unit's result is the weighted mean of its groups' satisfaction indexes.

An appraisal may score one leaf indicator of an evaluation round: the leaf then follows the
appraisal's results as answers come in and cannot be scored by hand.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppraisalGroup(models.TextChoices):
    PUBLIC = "public", _("The public")
    ENTERPRISE = "enterprise", _("Enterprises")
    DEPUTY = "deputy", _("Deputies and CPPCC members")
    MONITOR = "monitor", _("Efficiency monitors")


class Appraisal(models.Model):
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveIntegerField(_("year"))
    owner = models.ForeignKey(
        "core.Organization", verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="+"
    )
    weights = models.JSONField(_("group weights"), default=dict)  # group → percent, sum 100
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    round = models.ForeignKey(
        "evaluation.EvaluationRound",
        verbose_name=_("evaluation round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appraisals",
    )
    indicator = models.ForeignKey(
        "evaluation.Indicator",
        verbose_name=_("indicator scored"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("democratic appraisal")
        verbose_name_plural = _("democratic appraisals")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "indicator"], name="appraisal_one_per_round_indicator"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AppraisalUnit(models.Model):
    """A unit appraised, with its questionnaire."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    survey = models.OneToOneField(
        "evaluation.Survey", on_delete=models.PROTECT, related_name="appraisal_unit"
    )

    class Meta:
        ordering = ["unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "unit"], name="appraisal_unit_unique"),
        ]

    def __str__(self) -> str:
        return str(self.unit)
