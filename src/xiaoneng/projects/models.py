"""Key investment projects (重点项目): a project groups the cases of one investment project
across departments and items; a prerequisite (前置审批) says one item's case may not be accepted
before another item's case of the same project is approved."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Project(models.Model):
    number = models.CharField(_("project number"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    investor = models.ForeignKey(
        "core.Applicant",
        verbose_name=_("investor"),
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
    )
    lead_unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    is_fast_track = models.BooleanField(_("fast-track joint review"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("cases"), related_name="projects", blank=True
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Prerequisite(models.Model):
    """Within `project`, a case for `item` may be accepted only once a case for `required_item`
    is approved (Administrative Licensing Law Art. 32 read with the item's 前置条件)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="prerequisites"
    )
    item = models.ForeignKey(
        "catalog.ServiceItem",
        verbose_name=_("item"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    required_item = models.ForeignKey(
        "catalog.ServiceItem",
        verbose_name=_("prerequisite item"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "item", "required_item"], name="prerequisite_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(item=models.F("required_item")), name="prerequisite_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} ← {self.required_item_id}"
