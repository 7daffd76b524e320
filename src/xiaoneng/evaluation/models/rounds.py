"""Evaluation rounds: units scored against an indicator system by several scorers.

Counties are scored by indicator assessment plus on-site verification; departments by
self-assessment, the supervising leader and functional departments (DOMAIN.md §4). The share of
each scorer is configurable per round (`RoundScorerWeight`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.evaluation.workflow import AppealStatus, RoundStatus


class ScorerRole(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    SUPERVISING_LEADER = "supervising_leader", _("Supervising leader")
    FUNCTIONAL_DEPARTMENT = "functional_department", _("Functional department")
    ON_SITE_VERIFICATION = "on_site_verification", _("On-site verification")


GRADE_LABELS = {
    "excellent": _("Excellent"),
    "good": _("Good"),
    "pass": _("Pass"),
    "fail": _("Fail"),
}
DEFAULT_GRADE_THRESHOLDS = [
    {"grade": "excellent", "min": "90"},
    {"grade": "good", "min": "80"},
    {"grade": "pass", "min": "60"},
    {"grade": "fail", "min": "0"},
]


class EvaluationRound(models.Model):
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveIntegerField(_("year"))
    system = models.ForeignKey(
        "evaluation.IndicatorSystem",
        verbose_name=_("indicator system"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    owner = models.ForeignKey(
        "core.Organization",
        verbose_name=_("evaluation office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    score_deadline = models.DateField(_("scoring deadline"))
    appeal_workdays = models.PositiveSmallIntegerField(_("appeal window (working days)"), default=5)
    appeal_deadline = models.DateField(_("appeal deadline"), null=True, blank=True)
    grade_thresholds = models.JSONField(_("grade thresholds"), default=list)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("scoring closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status == RoundStatus.PUBLISHED


class RoundUnit(models.Model):
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="units")
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="round_unit_unique"),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class RoundScorerWeight(models.Model):
    """Share (percent) of one scorer role in every leaf's score; a round's shares sum to 100."""

    round = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="scorer_weights"
    )
    role = models.CharField(_("scorer"), max_length=32, choices=ScorerRole.choices)
    weight = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "role"], name="round_scorer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.weight}%"


class FunctionalAssignment(models.Model):
    """The functional department that scores an indicator (and every leaf below it)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="assignments")
    indicator = models.ForeignKey(
        "evaluation.Indicator", on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "core.Organization",
        verbose_name=_("functional department"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "indicator"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.department}"


class Score(models.Model):
    """One scorer's score of one leaf for one unit, with its evidence. Changes are audited."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(
        "core.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.ForeignKey(
        "evaluation.Indicator", on_delete=models.PROTECT, related_name="scores"
    )
    scorer_role = models.CharField(_("scorer"), max_length=32, choices=ScorerRole.choices)
    scorer_organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+"
    )
    entered_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    actual = models.DecimalField(
        _("actual value"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    grade = models.CharField(_("grade"), max_length=4, blank=True)
    events = models.PositiveIntegerField(_("events"), null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    evidence = models.TextField(_("evidence"), blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit", "indicator", "scorer_role"], name="score_unique_per_scorer"
            ),
        ]
        indexes = [models.Index(fields=["round", "unit"])]  # one unit's score sheet

    def __str__(self) -> str:
        return f"{self.unit} · {self.indicator} · {self.get_scorer_role_display()}"


class LiveFigureValue(models.Model):
    """A live figure read from the system for a unit and a leaf, fixed when scoring closes."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="live_values")
    unit = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        "evaluation.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    fetched_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit", "indicator"], name="live_value_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.indicator} = {self.value}"


class RoundResult(models.Model):
    """A unit's total, rank and grade, computed at close and again at publication."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank"))
    grade = models.CharField(_("grade"), max_length=16)
    is_complete = models.BooleanField(_("all scores entered"), default=True)
    detail = models.JSONField(default=dict)  # {indicator code: points}

    class Meta:
        ordering = ["rank", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="round_result_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.total} #{self.rank}"


class Appeal(models.Model):
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="appeals")
    unit = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        "evaluation.Indicator", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    filed_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    response = models.TextField(_("response"), blank=True)
    decided_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.round}"
