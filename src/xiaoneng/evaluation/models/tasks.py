"""Supervision tasks (效能督查): decisions driven to completion, documents and rectification.

Tasks come from key decisions, hot issues or routine checks; implementation plans are split into
tasks with a goal, a deadline, a lead unit and responsible units (DOMAIN.md §4). The seed counts
20+ supervisions, 12 reports to leaders and 16 circulars/notices.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.evaluation.workflow import NoticeStatus, TaskStatus


class TaskSource(models.TextChoices):
    KEY_DECISION = "key_decision", _("Key decision")
    HOT_ISSUE = "hot_issue", _("Hot issue")
    ROUTINE_CHECK = "routine_check", _("Routine check")


class ImplementationPlan(models.Model):
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=16, choices=TaskSource.choices)
    owner = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"))
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return self.title


class SupervisionTask(models.Model):
    number = models.CharField(_("number"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=16, choices=TaskSource.choices)
    plan = models.ForeignKey(
        ImplementationPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    goal = models.TextField(_("goal"))
    deadline = models.DateField(_("deadline"))
    owner = models.ForeignKey(
        "core.Organization",
        verbose_name=_("supervising office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_unit = models.ForeignKey(
        "core.Organization", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    responsible_units = models.ManyToManyField(
        "core.Organization", verbose_name=_("responsible units"), related_name="+", blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supervision task")
        verbose_name_plural = _("supervision tasks")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"])]  # overdue list

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Milestone(models.Model):
    task = models.ForeignKey(SupervisionTask, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    task = models.ForeignKey(SupervisionTask, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField(_("reported on"))
    percent_done = models.PositiveSmallIntegerField(_("percent done"))
    text = models.TextField(_("progress"))

    class Meta:
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.reported_on} {self.percent_done}%"


class FollowUpVisit(models.Model):
    task = models.ForeignKey(SupervisionTask, on_delete=models.CASCADE, related_name="follow_ups")
    visited_on = models.DateField(_("visited on"))
    visitors = models.CharField(_("visitors"), max_length=200)
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_on"]

    def __str__(self) -> str:
        return f"{self.task} · {self.visited_on}"


class DocumentKind(models.TextChoices):
    CIRCULAR = "circular", _("Circular")
    LEADER_REPORT = "leader_report", _("Report to leaders")
    RECTIFICATION_NOTICE = "rectification_notice", _("Rectification notice")


class SupervisionDocument(models.Model):
    """A numbered official document (Word, GB/T 9704 layout) issued by the supervising office."""

    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    number = models.CharField(_("document number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    recipient = models.CharField(_("addressed to"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    task = models.ForeignKey(
        SupervisionTask, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    owner = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(pgettext_lazy("notice", "issued on"))
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("supervision document")
        verbose_name_plural = _("supervision documents")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class RectificationNotice(models.Model):
    document = models.OneToOneField(
        SupervisionDocument, on_delete=models.PROTECT, related_name="notice"
    )
    unit = models.ForeignKey(
        "core.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    problem = models.TextField(_("problem found"))
    deadline = models.DateField(_("rectify by"))
    status = models.CharField(
        _("status"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.ISSUED
    )
    rectification = models.TextField(_("rectification reported"), blank=True)
    reported_on = models.DateField(null=True, blank=True)
    verified_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verification = models.TextField(_("verification"), blank=True)

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["deadline"]

    def __str__(self) -> str:
        return f"{self.document.number} · {self.unit}"
