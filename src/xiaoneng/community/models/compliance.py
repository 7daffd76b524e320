"""Violations of the ten rules and the accountability that follows — rule 10."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.community.workflow import AccountabilityStatus


class ViolationRule(models.TextChoices):
    UNADMITTED_TASK = "unadmitted_task", _("Rule 2: task pushed without admission")
    MEETING_OVER_QUOTA = "meeting_over_quota", _("Rule 5: meeting over quota")
    DEPARTMENT_INSPECTS_COMMUNITY = (
        "department_inspects_community",
        _("Rule 6: department inspected a community"),
    )
    INSPECTION_OVER_QUOTA = "inspection_over_quota", _("Rule 6: street inspections over quota")
    WORKING_BODY = "working_body", _("Rule 3: working body or plaque set up in a community")
    UNAPPROVED_LEDGER = "unapproved_ledger", _("Rule 4: ledger or report demanded without approval")
    UNAPPROVED_EVALUATION = (
        "unapproved_evaluation",
        _("Rule 6: evaluation activity without approval"),
    )


class Violation(models.Model):
    rule = models.CharField(_("rule"), max_length=40, choices=ViolationRule.choices)
    offender = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    street = models.ForeignKey(
        "core.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("street office"),
    )
    community = models.ForeignKey(
        "core.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community"),
    )
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("what happened"))
    source_type = models.CharField(max_length=40)
    source_id = models.PositiveBigIntegerField()
    supervision_task = models.ForeignKey(
        "evaluation.SupervisionTask",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("supervision task"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            # one violation per source object, community and rule: repeated calls add nothing
            models.UniqueConstraint(
                fields=["rule", "source_type", "source_id", "community"],
                name="community_violation_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} · {self.offender}"


class AccountabilityRecord(models.Model):
    violation = models.OneToOneField(
        Violation, on_delete=models.PROTECT, related_name="accountability"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AccountabilityStatus.choices,
        default=AccountabilityStatus.OPEN,
    )
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("rectify by"))
    is_due_provisional = models.BooleanField(default=False)
    instruction = models.TextField(_("rectification required"))
    rectification = models.TextField(_("rectification reported"), blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("supervisor's note"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return str(self.violation)
