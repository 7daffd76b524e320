"""Satisfaction surveys: questionnaires, distribution, answers (DOMAIN.md §4).

The seed issued 1,044 questionnaires to 360 enterprises and got 896 back; the province-wide
satisfaction survey covers policy stability, policy transparency, efficiency, attitude and
integrity. Each issued copy is one `SurveyInvitation` (named respondent or anonymous link, or a
paper copy keyed in later); it counts as returned once its answers are in.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.evaluation.workflow import SurveyStatus


class Dimension(models.TextChoices):
    POLICY_STABILITY = "policy_stability", _("Policy stability")
    POLICY_TRANSPARENCY = "policy_transparency", _("Policy transparency")
    EFFICIENCY = "efficiency", _("Efficiency")
    ATTITUDE = "attitude", _("Attitude")
    INTEGRITY = "integrity", _("Integrity")
    FEE_BURDEN = "fee_burden", _("Fee burden")


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Likert scale 1–5")
    NUMERIC = "numeric", _("Number in a range")


class RespondentKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    RESIDENT = "resident", _("Resident")
    ANONYMOUS = "anonymous", _("Anonymous link")
    # the respondent groups of a democratic appraisal (models.appraisals.AppraisalGroup)
    PUBLIC = "public", _("The public")
    DEPUTY = "deputy", _("Deputies and CPPCC members")
    MONITOR = "monitor", _("Efficiency monitors")


class AnswerChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper, keyed in")


class Survey(models.Model):
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        "core.Organization", verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="+"
    )
    subject_unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("unit surveyed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(
        _("status"), max_length=16, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    dimension_weights = models.JSONField(_("dimension weights"), default=dict, blank=True)
    template = models.CharField(_("template"), max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return self.title


class SurveySection(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    section = models.ForeignKey(SurveySection, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.LIKERT
    )
    dimension = models.CharField(
        _("dimension"), max_length=32, choices=Dimension.choices, blank=True
    )
    minimum = models.DecimalField(_("minimum"), max_digits=10, decimal_places=2, default=1)
    maximum = models.DecimalField(_("maximum"), max_digits=10, decimal_places=2, default=5)
    is_reversed = models.BooleanField(_("higher is worse"), default=False)
    is_required = models.BooleanField(_("required"), default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["section__order", "order", "id"]

    def __str__(self) -> str:
        return self.text


class SurveyInvitation(models.Model):
    """One issued copy of a questionnaire; `token` is the secret of its answer link."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    respondent_kind = models.CharField(
        _("respondent"), max_length=16, choices=RespondentKind.choices
    )
    respondent_name = models.CharField(_("respondent name"), max_length=200, blank=True)
    token = models.CharField(max_length=64, unique=True)
    issued_on = models.DateField(pgettext_lazy("survey", "issued on"))
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=16, choices=AnswerChannel.choices, blank=True
    )

    class Meta:
        # issued vs returned counts per survey
        indexes = [models.Index(fields=["survey", "returned_at"])]

    def __str__(self) -> str:
        return self.respondent_name or self.get_respondent_kind_display()


class Answer(models.Model):
    invitation = models.ForeignKey(
        SurveyInvitation, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "question"], name="answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} = {self.value}"
