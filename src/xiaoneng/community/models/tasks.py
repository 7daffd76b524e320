"""Task list (项目清单), admission requests (准入) and burden reports — rules 1 and 2."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.community.workflow import AdmissionStatus


class TaskListVersion(models.Model):
    """One published version of the city's list of tasks the committee assists government with."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    published_on = models.DateField(_("published on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_current = models.BooleanField(_("current"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task list version")
        verbose_name_plural = _("task list versions")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}"


class Task(models.Model):
    list_version = models.ForeignKey(
        TaskListVersion,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("task list version"),
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("task"), max_length=200)
    area = models.CharField(_("area of work"), max_length=60, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("listed task")
        verbose_name_plural = _("listed tasks")
        ordering = ["list_version", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["list_version", "code"], name="community_task_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AdmissionRequest(models.Model):
    """A department asks a community to take on a task outside the list (rule 2, 准入).

    Authority and funding follow the task (权随责走、费随事转): no funding, no request.
    """

    department = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requesting department"),
    )
    street = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("street office"),
    )
    communities = models.ManyToManyField(
        "core.Organization", related_name="+", verbose_name=_("communities")
    )
    task_name = models.CharField(_("task"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    funding_amount = models.DecimalField(_("funding (yuan)"), max_digits=12, decimal_places=2)
    funding_source = models.CharField(_("funding source"), max_length=200)
    working_conditions = models.TextField(_("working conditions provided"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AdmissionStatus.choices,
        default=AdmissionStatus.SUBMITTED,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField(_("submitted on"))
    street_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    street_decided_on = models.DateField(null=True, blank=True)
    bureau_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bureau_decided_on = models.DateField(null=True, blank=True)
    refusal_reason = models.TextField(_("refusal reason"), blank=True)

    class Meta:
        verbose_name = _("admission request")
        verbose_name_plural = _("admission requests")
        ordering = ["-submitted_on", "-id"]
        # the street's queue of requests awaiting it
        indexes = [models.Index(fields=["street", "status"])]

    def __str__(self) -> str:
        return self.task_name


class BurdenReport(models.Model):
    """A community reports a task pushed on it without admission (rule 2) → a violation."""

    community = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    department = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    task_description = models.TextField(_("task pushed on the community"))
    pushed_on = models.DateField(_("pushed on"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("burden report")
        verbose_name_plural = _("burden reports")
        ordering = ["-pushed_on", "-id"]

    def __str__(self) -> str:
        return self.task_description[:40]
