"""Units' efficiency rules filed with the efficiency office (八项制度备案) and their yearly
self-inspection (自查自纠).

Seed document 1: the office "督促和指导行政部门、单位建立健全岗位责任制、首问负责制、一次性告知制等
机关效能建设八项制度，并汇编成册报市效能办备案" and units "开展自查自纠，着力解决问题". The seed names
three of the eight rules; the other five (`EfficiencyRule`) are those the same paragraph and
DOMAIN.md's glossary name as institutions of the efficiency office (time limits, service pledges,
refusal filing, accountability) plus the stand-in (AB post) rule that Fujian's efficiency
regulation lists beside them. Each unit files each rule; every filing is a version, kept.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.models import user_upload_path
from xiaoneng.evaluation.workflow import FilingStatus, RectificationStatus, SelfInspectionStatus


class EfficiencyRule(models.TextChoices):
    """The eight efficiency rules (机关效能建设八项制度) a unit files with the office."""

    POST_RESPONSIBILITY = "post_responsibility", _("Post responsibility (岗位责任制)")
    FIRST_RESPONDER = "first_responder", _("First-responder responsibility (首问负责制)")
    ONE_TIME_NOTICE = "one_time_notice", _("One-time notice (一次性告知制)")
    TIME_LIMIT = "time_limit", _("Completion within time limits (限时办结制)")
    SERVICE_PLEDGE = "service_pledge", _("Service pledge (服务承诺制)")
    REFUSAL_FILING = "refusal_filing", _("Refusal filing (否定报备制)")
    STAND_IN = "stand_in", _("Stand-in post (AB岗工作制)")
    ACCOUNTABILITY = "accountability", _("Accountability (责任追究制)")


class RuleFiling(models.Model):
    """One version of one unit's text of one rule, and the office's review of it."""

    unit = models.ForeignKey(
        "core.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    rule = models.CharField(_("rule"), max_length=32, choices=EfficiencyRule.choices)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text of the rule"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to=user_upload_path, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    filed_on = models.DateField(_("filed on"))
    filed_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_reason = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("rule filing")
        verbose_name_plural = _("rule filings")
        ordering = ["unit__path", "rule", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "rule", "version"], name="rule_filing_unique_version"
            ),
        ]
        # the flag of units missing an accepted rule reads (status, unit, rule)
        indexes = [models.Index(fields=["status", "unit", "rule"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_rule_display()} v{self.version}"


class SelfInspection(models.Model):
    """A unit's yearly self-inspection report (自查自纠): what it found and how it rectifies."""

    unit = models.ForeignKey(
        "core.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    summary = models.TextField(_("summary"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SelfInspectionStatus.choices,
        default=SelfInspectionStatus.DRAFT,
    )
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_reason = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("self-inspection")
        verbose_name_plural = _("self-inspections")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="self_inspection_one_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class SelfInspectionProblem(models.Model):
    """A problem the unit found, its rectification and the working-day deadline."""

    report = models.ForeignKey(SelfInspection, on_delete=models.CASCADE, related_name="problems")
    description = models.TextField(_("problem"))
    measure = models.TextField(_("rectification measure"))
    found_on = models.DateField(_("found on"))
    deadline_workdays = models.PositiveSmallIntegerField(_("deadline (working days)"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
    )
    done_on = models.DateField(_("rectified on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("self-inspection problem")
        verbose_name_plural = _("self-inspection problems")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:40]
