"""Service items (政务服务事项) and their versions, per GB/T 39046-2020 表4 (DOMAIN.md §1).

A `ServiceItem` is the stable identity of an item (its codes, name, implementing agency and
status). Everything a case depends on lives in an immutable `ServiceItemVersion`: revising an
item writes a new version and moves `current_version`, so a case keeps the version it was filed
under. Only `catalog.services` writes these rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.models import Level


class ItemType(models.TextChoices):
    """Item type codes, GB/T 39046-2020 A.1 (stored as the two-character code string)."""

    LICENSING = "01", _("Administrative licensing")
    PENALTY = "02", _("Administrative penalty")
    ENFORCEMENT = "03", _("Administrative enforcement")
    LEVY = "04", _("Administrative levy")
    BENEFIT = "05", _("Administrative benefit")
    INSPECTION = "06", _("Administrative inspection")
    CONFIRMATION = "07", _("Administrative confirmation")
    REWARD = "08", _("Administrative reward")
    ADJUDICATION = "09", _("Administrative adjudication")
    OTHER = "10", _("Other administrative power")
    PUBLIC_SERVICE = "20", _("Public service")


class HandlingType(models.TextChoices):
    """Handling type, GB/T 39046-2020 A.3: 1 即办件 (immediate), 2 承诺件 (promised)."""

    IMMEDIATE = "immediate", _("Immediate")
    PROMISED = "promised", _("Promised")


class ItemStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


# Administrative Licensing Law Art. 42: 20 working days; joint or centralized handling: 45.
DEFAULT_LEGAL_LIMIT_DAYS = 20
JOINT_LEGAL_LIMIT_DAYS = 45
# Inter-department countersign (会签): reply within 7 working days.
DEFAULT_OPINION_LIMIT_DAYS = 7


class ServiceItem(models.Model):
    """The stable identity of a service item; its content is in `current_version`."""

    basic_code = models.CharField(_("basic code"), max_length=40)
    implementation_code = models.CharField(
        _("implementation code"),
        max_length=64,
        unique=True,
        help_text=_("Embeds the implementing agency's 18-character unified social credit code."),
    )
    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey(
        "core.Organization",
        verbose_name=_("implementing agency"),
        on_delete=models.PROTECT,
        related_name="service_items",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.ACTIVE
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    current_version = models.ForeignKey(
        "ServiceItemVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    keywords = models.CharField(
        _("search keywords"),
        max_length=300,
        blank=True,
        help_text=_("Words people search by, separated by spaces (e.g. 开店 创业)."),
    )
    # Written by catalog.services from the name and keywords (catalog.search.search_initials):
    # the portal search matches "yyzz" against it in the same query as the name.
    search_initials = models.CharField(
        _("pinyin initials"), max_length=400, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["implementation_code"]
        indexes = [
            # the public guide lists active items; staff lists filter by agency and status
            models.Index(fields=["status", "name"], name="catalog_item_status_name"),
            models.Index(fields=["agency", "status"], name="catalog_item_agency_status"),
            # search by basic code
            models.Index(fields=["basic_code"], name="catalog_item_basic_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == ItemStatus.ACTIVE


class ServiceItemVersion(models.Model):
    """One immutable version of an item's GB/T 39046 fields. Limits are in working days."""

    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service item"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    item_type = models.CharField(_("item type"), max_length=2, choices=ItemType.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    handling_type = models.CharField(
        _("handling type"), max_length=16, choices=HandlingType.choices
    )
    legal_limit_days = models.PositiveSmallIntegerField(_("legal time limit (working days)"))
    legal_limit_note = models.CharField(_("legal time limit note"), max_length=500, blank=True)
    committed_limit_days = models.PositiveSmallIntegerField(
        _("committed time limit (working days)"),
        help_text=_("0 for immediate items: due on the day of acceptance."),
    )
    committed_limit_note = models.CharField(
        _("committed time limit note"), max_length=500, blank=True
    )
    acceptance_conditions = models.TextField(_("acceptance conditions"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    is_joint = models.BooleanField(_("joint item"), default=False)
    forward_to_level = models.PositiveSmallIntegerField(
        _("forwarded to level"),
        choices=Level.choices,
        null=True,
        blank=True,
        help_text=_("Set when the item is forwarded to a higher level for the decision."),
    )
    has_fee = models.BooleanField(_("charges a fee"), default=False)
    fee_amount = models.DecimalField(
        _("fee amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    fee_basis = models.TextField(_("fee standard and basis"), blank=True)
    special_procedures_allowed = models.BooleanField(_("special procedures allowed"), default=False)
    special_procedures_note = models.CharField(_("special procedures"), max_length=500, blank=True)
    is_appointment = models.BooleanField(_("appointment available"), default=False)
    is_online = models.BooleanField(_("online application"), default=False)
    enquiry_phone = models.CharField(_("enquiry phone"), max_length=40, blank=True)
    supervision_phone = models.CharField(_("supervision phone"), max_length=40, blank=True)
    yellow_days = models.PositiveSmallIntegerField(
        _("yellow warning: working days before the deadline"), null=True, blank=True
    )
    yellow_ratio = models.DecimalField(
        _("yellow warning: share of the limit used"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
    )
    change_reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service item version")
        verbose_name_plural = _("service item versions")
        ordering = ["item", "version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="catalog_version_unique"),
            models.CheckConstraint(
                condition=Q(committed_limit_days__lte=F("legal_limit_days")),
                name="catalog_committed_within_legal",
            ),
            models.CheckConstraint(
                condition=~Q(handling_type="immediate") | Q(committed_limit_days=0),
                name="catalog_immediate_same_day",
            ),
            models.CheckConstraint(
                condition=~Q(handling_type="promised") | Q(committed_limit_days__gte=1),
                name="catalog_promised_at_least_one_day",
            ),
            models.CheckConstraint(
                condition=Q(forward_to_level__isnull=True) | Q(forward_to_level__lt=F("level")),
                name="catalog_forward_to_higher_level",
            ),
            models.CheckConstraint(
                condition=Q(yellow_ratio__isnull=True)
                | (Q(yellow_ratio__gt=0) & Q(yellow_ratio__lt=1)),
                name="catalog_yellow_ratio_fraction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def compression_ratio(self) -> Decimal | None:
        """Committed ÷ legal limit (None when the legal limit is 0); lower means faster."""
        if not self.legal_limit_days:
            return None
        return (Decimal(self.committed_limit_days) / Decimal(self.legal_limit_days)).quantize(
            Decimal("0.001")
        )

    @property
    def is_immediate(self) -> bool:
        return self.handling_type == HandlingType.IMMEDIATE

    @property
    def is_forwarded(self) -> bool:
        return self.forward_to_level is not None


class ItemMaterial(models.Model):
    """One material of an item's list (GB/T 39046 表4 申请材料)."""

    version = models.ForeignKey(
        ServiceItemVersion, on_delete=models.CASCADE, related_name="materials"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("material"), max_length=300)
    originals = models.PositiveSmallIntegerField(_("originals"), default=1)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    is_mandatory = models.BooleanField(_("mandatory"), default=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    """One step of an item's process, with its own time budget in working days."""

    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("step"), max_length=200)
    budget_days = models.PositiveSmallIntegerField(_("time budget (working days)"), default=0)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.name


class CoDepartment(models.Model):
    """A co-implementing department of a joint item, giving its opinion within its own limit."""

    version = models.ForeignKey(
        ServiceItemVersion, on_delete=models.CASCADE, related_name="co_departments"
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion_limit_days = models.PositiveSmallIntegerField(
        _("opinion limit (working days)"), default=DEFAULT_OPINION_LIMIT_DAYS
    )

    class Meta:
        verbose_name = _("co-implementing department")
        verbose_name_plural = _("co-implementing departments")
        ordering = ["version", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organization"], name="catalog_codepartment_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)
