"""Monitored enterprises (监测联系企业) with their contact leader (领导挂钩联系), the problems they
report — followed up like complaints, with a responsible unit and a working-day reply deadline —
and the visits and symposia (座谈会) held with them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.complaints.models import Satisfaction
from xiaoneng.enterprises.workflow import Status

#: Ratings that count as satisfied in the figures (the complaint centre's three levels).
SATISFIED_SCORES = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)


class Enterprise(models.Model):
    """An applicant (legal person, by unified social credit code) designated for monitoring."""

    applicant = models.OneToOneField(
        "core.Applicant",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="monitored_enterprise",
    )
    contact_leader = models.ForeignKey(
        "core.User",
        verbose_name=_("contact leader"),
        on_delete=models.PROTECT,
        related_name="contact_enterprises",
        null=True,
        blank=True,
    )
    contact_unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("contact department"),
        on_delete=models.PROTECT,
        related_name="contact_enterprises",
    )
    is_key = models.BooleanField(_("key enterprise"), default=False)
    designated_on = models.DateField(_("designated on"))

    class Meta:
        verbose_name = _("monitored enterprise")
        verbose_name_plural = _("monitored enterprises")
        ordering = ["applicant__name"]

    def __str__(self) -> str:
        return self.applicant.name


class Problem(models.Model):
    number = models.CharField(_("problem number"), max_length=40, unique=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="problems"
    )
    title = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="enterprise_problems",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REPORTED
    )
    reported_on = models.DateField(_("reported on"))
    due_on = models.DateField(_("reply due on"))
    reply = models.TextField(_("reply"), blank=True, max_length=4000)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=24, choices=Satisfaction.choices, blank=True
    )
    rated_on = models.DateField(_("rated on"), null=True, blank=True)
    is_reported_online = models.BooleanField(_("reported on the portal"), default=False)

    class Meta:
        verbose_name = _("enterprise problem")
        verbose_name_plural = _("enterprise problems")
        ordering = ["due_on", "pk"]
        indexes = [
            # enterprise_figures: problems of a period, per unit
            models.Index(fields=["reported_on", "unit"], name="problem_period_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_replied(self) -> bool:
        return self.replied_on is not None


class VisitKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    SYMPOSIUM = "symposium", _("Symposium")


class Visit(models.Model):
    """A visit to an enterprise or a symposium (座谈会) with enterprises."""

    kind = models.CharField(_("kind"), max_length=16, choices=VisitKind.choices)
    held_on = models.DateField(_("held on"))
    unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="enterprise_visits",
    )
    enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("enterprises"), related_name="visits"
    )
    topic = models.CharField(_("topic"), max_length=200)
    problems_raised = models.PositiveIntegerField(_("problems raised"), default=0)

    class Meta:
        verbose_name = _("visit or symposium")
        verbose_name_plural = _("visits and symposia")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.topic
