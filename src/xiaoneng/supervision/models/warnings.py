"""Supervision thresholds, efficiency warnings (效能告诫) and unit accountability (问责)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.supervision.workflow import AccountabilityStatus, DeliverableStatus

#: A unit with this many efficiency warnings (人次) in one calendar year is held accountable
#: (DOMAIN.md §2; seed: 福建省机关效能建设工作条例).
ACCOUNTABILITY_THRESHOLD = 3


class SupervisionSettings(models.Model):
    """The one row of global supervision thresholds (no national threshold exists: DOMAIN.md §2).

    A case turns yellow when its committed deadline is near: at most `yellow_days` working days
    left, or at most (1 − `yellow_ratio`) of its limit left — whichever comes first. A service
    item version may override both (ServiceItemVersion.yellow_days / yellow_ratio); the ratio
    has the catalog's meaning: the share of the limit *used* (0.8 = 20 % left).
    """

    yellow_days = models.PositiveSmallIntegerField(
        _("yellow warning: working days before the deadline"), default=2
    )
    yellow_ratio = models.DecimalField(
        _("yellow warning: share of the limit used"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("0.999"))],
    )
    late_forwarding_days = models.PositiveSmallIntegerField(
        _("forwarding limit (working days after acceptance)"),
        default=20,
        help_text=_("行政许可法 Art. 43: a lower level reviews for a higher level within 20 days."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("supervision settings")
        verbose_name_plural = _("supervision settings")

    def __str__(self) -> str:
        return str(_("Supervision settings"))

    @classmethod
    def current(cls) -> SupervisionSettings:
        """The settings row, created with the defaults on first use."""
        row, _created = cls.objects.get_or_create(pk=1)
        return row


class SourceKind(models.TextChoices):
    """What a warning rests on (its basis)."""

    CASE = "case", _("Case")
    COMPLAINT = "complaint", _("Efficiency complaint")
    INSPECTION = "inspection", _("Inspection visit")
    OTHER = "other", _("Other")


class EfficiencyWarning(models.Model):
    """An efficiency warning (效能告诫) issued to one staff member of a unit.

    Counted per person and per unit per calendar year of `issued_on`; the third warning of a
    unit in one year creates that unit's Accountability for the year.
    """

    number = models.CharField(_("number"), max_length=32, unique=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person warned"),
        on_delete=models.PROTECT,
        related_name="efficiency_warnings",
    )
    unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="efficiency_warnings",
    )
    reason = models.TextField(_("reason"))
    source_kind = models.CharField(_("basis"), max_length=16, choices=SourceKind.choices)
    source_ref = models.CharField(_("basis reference"), max_length=100)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("issued on"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("efficiency warning")
        verbose_name_plural = _("efficiency warnings")
        ordering = ["-issued_on", "-id"]
        indexes = [
            # warnings per unit and per person in a year (the accountability count)
            models.Index(fields=["unit", "year"], name="supv_warning_unit_year"),
            models.Index(fields=["person", "year"], name="supv_warning_person_year"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.person}"


class Accountability(models.Model):
    """A unit held accountable for ≥ 3 efficiency warnings in one calendar year (问责).

    Created exactly once per unit and year, on the third warning. Its leader is due an
    admonishment (诫勉); the unit owes a written self-examination and a rectification plan
    (AccountabilityDeliverable), each accepted by the supervisor. It closes when both are
    accepted and the admonishment is recorded.
    """

    unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="accountabilities",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    triggered_by = models.ForeignKey(
        EfficiencyWarning,
        verbose_name=_("third warning"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AccountabilityStatus.choices,
        default=AccountabilityStatus.OPEN,
    )
    admonished_leader = models.CharField(_("leader admonished"), max_length=100, blank=True)
    admonished_on = models.DateField(_("admonished on"), null=True, blank=True)
    admonishment_note = models.TextField(_("admonishment note"), blank=True)
    created_at = models.DateTimeField(_("flagged at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("accountability")
        verbose_name_plural = _("accountabilities")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="supervision_accountability_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    @property
    def is_admonished(self) -> bool:
        return self.admonished_on is not None


class DeliverableKind(models.TextChoices):
    SELF_EXAMINATION = "self_examination", _("Written self-examination")
    RECTIFICATION_PLAN = "rectification_plan", _("Rectification plan")


class AccountabilityDeliverable(models.Model):
    """A document the accountable unit owes; see workflow.DELIVERABLE_TRANSITIONS."""

    accountability = models.ForeignKey(
        Accountability, on_delete=models.CASCADE, related_name="deliverables"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=DeliverableKind.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DeliverableStatus.choices,
        default=DeliverableStatus.OWED,
    )
    text = models.TextField(_("text"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        verbose_name = _("accountability deliverable")
        verbose_name_plural = _("accountability deliverables")
        ordering = ["accountability", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["accountability", "kind"], name="supervision_deliverable_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.accountability} · {self.get_kind_display()}"
