"""Monitored enterprises (监测联系企业) with their contact leader (领导挂钩联系), the problems they
report — followed up like complaints, with a responsible unit and a working-day reply deadline —
and the visits and symposia (座谈会) held with them."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.complaints.models import Satisfaction
from xiaoneng.enterprises.workflow import FindingStatus, ObservationStatus, Status

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


# Special campaigns (专项整治): e.g. the enterprise fee clean-up in the 四乱两难 drive. The seed's
# campaign: 25 teams investigated 360 enterprises, issued 1,044 questionnaires (896 returned) and
# held 43 symposia and special meetings; every figure is counted from the rows below and from the
# linked survey (evaluation.Survey), never typed in.


class CampaignKind(models.TextChoices):
    FEE_CLEANUP = "fee_cleanup", _("Enterprise fee clean-up")
    ENVIRONMENT = "environment", _("Development environment (四乱两难)")
    OTHER = "other", _("Other special campaign")


class Campaign(models.Model):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=CampaignKind.choices)
    lead_unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        related_name="campaigns_led",
    )
    started_on = models.DateField(_("started on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    survey = models.ForeignKey(
        "evaluation.Survey",
        verbose_name=_("questionnaire survey"),
        on_delete=models.PROTECT,
        related_name="campaigns",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("special campaign")
        verbose_name_plural = _("special campaigns")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class CampaignTeam(models.Model):
    """An investigation and clean-up team (调查和清理整治小组) with its leading unit."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("team"), max_length=100)
    leading_unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("leading unit"),
        on_delete=models.PROTECT,
        related_name="campaign_teams",
    )
    members = models.TextField(
        pgettext_lazy("team", "members"), max_length=2000, help_text=_("One per line.")
    )

    class Meta:
        verbose_name = _("campaign team")
        verbose_name_plural = _("campaign teams")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="campaign_team_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def member_list(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]


class CampaignEnterprise(models.Model):
    """An enterprise investigated by a campaign (monitored or not: by name and credit code)."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="enterprises_investigated",
    )
    team = models.ForeignKey(
        CampaignTeam,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        related_name="enterprises_investigated",
        null=True,
        blank=True,
    )
    name = models.CharField(_("enterprise"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    investigated_on = models.DateField(_("investigated on"))

    class Meta:
        verbose_name = _("enterprise investigated")
        verbose_name_plural = _("enterprises investigated")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"], name="campaign_enterprise_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MeetingKind(models.TextChoices):
    SYMPOSIUM = "symposium", _("Symposium")
    SPECIAL_MEETING = "special_meeting", _("Special clean-up meeting")


class CampaignMeeting(models.Model):
    """A symposium (座谈会) or special clean-up meeting (清理整治专题会) of a campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="meetings"
    )
    team = models.ForeignKey(
        CampaignTeam,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        related_name="meetings",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    participants = models.PositiveIntegerField(pgettext_lazy("count", "participants"), default=0)

    class Meta:
        verbose_name = _("campaign meeting")
        verbose_name_plural = _("campaign meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.topic


class FindingKind(models.TextChoices):
    UNREASONABLE_CHARGE = "unreasonable_charge", _("Unreasonable charge")
    SERVICE_EFFICIENCY = "service_efficiency", _("Service efficiency problem")
    DISCIPLINE = "discipline", _("Breach of discipline")


class Finding(models.Model):
    """A campaign's finding with its responsible unit, rectified by a working-day deadline."""

    number = models.CharField(_("finding number"), max_length=40, unique=True)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="findings"
    )
    enterprise = models.ForeignKey(
        CampaignEnterprise,
        verbose_name=_("enterprise"),
        on_delete=models.SET_NULL,
        related_name="findings",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=24, choices=FindingKind.choices)
    description = models.TextField(_("description"), max_length=4000)
    unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="campaign_findings",
    )
    amount_charged = models.DecimalField(
        _("amount charged (yuan)"), max_digits=14, decimal_places=2, default=0
    )
    found_on = models.DateField(_("found on"))
    due_on = models.DateField(_("rectification due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=FindingStatus.choices, default=FindingStatus.FOUND
    )
    rectification = models.TextField(_("rectification"), max_length=4000, blank=True)
    amount_refunded = models.DecimalField(
        _("amount refunded (yuan)"), max_digits=14, decimal_places=2, default=0
    )
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign finding")
        verbose_name_plural = _("campaign findings")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_charged__gte=0) & models.Q(amount_refunded__gte=0),
                name="finding_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.number


# Efficiency monitors (效能监督员) and the media (新闻媒体): citizens appointed for a term submit
# observations; media reports are recorded and may raise one. The office handles an observation
# like a complaint transferred to a unit (the enterprise problem's 10-working-day reply and light).


class Monitor(models.Model):
    """A citizen appointed efficiency monitor for a term; signs in with the applicant account."""

    applicant = models.OneToOneField(
        "core.Applicant",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="efficiency_monitor",
    )
    office = models.ForeignKey(
        "core.Organization",
        verbose_name=_("appointing office"),
        on_delete=models.PROTECT,
        related_name="efficiency_monitors",
    )
    affiliation = models.CharField(_("affiliation"), max_length=100, blank=True)
    appointed_on = models.DateField(_("appointed on"))
    term_ends_on = models.DateField(_("term ends on"))

    class Meta:
        verbose_name = _("efficiency monitor")
        verbose_name_plural = _("efficiency monitors")
        ordering = ["-term_ends_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_ends_on__gt=models.F("appointed_on")),
                name="monitor_term_ends_after_appointment",
            ),
        ]

    def __str__(self) -> str:
        return self.applicant.name

    def is_serving_on(self, day: date) -> bool:
        return self.appointed_on <= day <= self.term_ends_on


class MediaReport(models.Model):
    """A report in the press, radio, television or online that names an efficiency issue."""

    office = models.ForeignKey(
        "core.Organization",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="media_reports",
    )
    outlet = models.CharField(_("outlet"), max_length=100)
    published_on = models.DateField(_("published on"))
    title = models.CharField(_("title"), max_length=200)
    link = models.URLField(_("link"), max_length=500, blank=True)
    issue = models.TextField(_("issue raised"), max_length=4000)

    class Meta:
        verbose_name = _("media report")
        verbose_name_plural = _("media reports")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ObservationSource(models.TextChoices):
    MONITOR = "monitor", _("Efficiency monitor")
    MEDIA = "media", _("Media report")


class Observation(models.Model):
    """An issue for the office to follow up: a monitor's observation or a media report's."""

    number = models.CharField(_("observation number"), max_length=40, unique=True)
    office = models.ForeignKey(
        "core.Organization",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="observations",
    )
    source = models.CharField(_("source"), max_length=16, choices=ObservationSource.choices)
    monitor = models.ForeignKey(
        Monitor,
        verbose_name=_("efficiency monitor"),
        on_delete=models.PROTECT,
        related_name="observations",
        null=True,
        blank=True,
    )
    media_report = models.OneToOneField(
        MediaReport,
        verbose_name=_("media report"),
        on_delete=models.PROTECT,
        related_name="observation",
        null=True,
        blank=True,
    )
    title = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    submitted_on = models.DateField(_("submitted on"))
    is_submitted_online = models.BooleanField(_("submitted on the portal"), default=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ObservationStatus.choices,
        default=ObservationStatus.SUBMITTED,
    )
    unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="observations_forwarded",
        null=True,
        blank=True,
    )
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    due_on = models.DateField(_("reply due on"), null=True, blank=True)
    reply = models.TextField(_("reply"), max_length=4000, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason declined"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            # monitor_figures: observations of a period
            models.Index(fields=["submitted_on", "status"], name="observation_period_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
