"""Public disclosure (政务公开): published figures by month, the disclosure catalogue and 点题."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.core.models import Organization, user_upload_path
from xiaoneng.disclosure.workflow import BulletinStatus, ItemStatus, TopicStatus


class Category(models.TextChoices):
    RULES = "rules", _("Rules and systems")
    EFFICIENCY = "efficiency", _("Efficiency work")
    SERVICE_GUIDES = "service_guides", _("Service guides")
    CIRCULARS = "circulars", _("Circulars and supervision results")
    RATINGS = "ratings", _("Service rating results")
    NOTICES = "notices", _("Notices")


class FigureSnapshot(models.Model):
    """The figures of one month as the efficiency office published them (the monthly archive)."""

    month = models.DateField(_("month"), unique=True, help_text=_("First day of the month."))
    figures = models.JSONField(_("figures"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class DisclosureItem(models.Model):
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    unit = models.ForeignKey(
        Organization, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("text"), blank=True)
    published_on = models.DateField(_("publication date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PUBLISHED
    )
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        # the portal catalogue: published items of a category, newest first
        indexes = [models.Index(fields=["status", "category", "-published_on"])]

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(upload_to=user_upload_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A topic the public proposes for supervision (点题)."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"))
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("unit concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TopicStatus.choices, default=TopicStatus.PROPOSED
    )
    support_count = models.PositiveIntegerField(_("supporters"), default=0)
    task = models.ForeignKey(
        "evaluation.SupervisionTask",
        verbose_name=_("supervision task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    outcome_published_at = models.DateTimeField(_("outcome published at"), null=True, blank=True)
    proposer_key = models.CharField(max_length=64)  # hash of the session or account
    submitted_ip = models.CharField(max_length=45, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-support_count", "-created_at"]
        # rate limit: topics proposed from one session in the last day
        indexes = [models.Index(fields=["proposer_key", "created_at"])]

    def __str__(self) -> str:
        return self.title


class TopicSupport(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="supports")
    supporter_key = models.CharField(max_length=64)  # hash of the session or account
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "supporter_key"], name="disclosure_one_support_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic_id}"


# --- publicity (宣传) and work bulletins (工作简报) ---------------------------------------------


class Bulletin(models.Model):
    """A work bulletin (工作简报) of a unit: numbered per unit and year when issued, 〔2026〕第3期."""

    unit = models.ForeignKey(
        Organization, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    serial = models.PositiveIntegerField(_("issue number"), null=True, blank=True)
    issued_on = models.DateField(pgettext_lazy("publicity", "issued on"), null=True, blank=True)
    is_public = models.BooleanField(_("published on the portal"), default=True)
    attachment = models.FileField(upload_to=user_upload_path, max_length=200, blank=True)
    attachment_name = models.CharField(_("attachment"), max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-serial", "-id"]
        verbose_name = _("work bulletin")
        verbose_name_plural = _("work bulletins")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "serial"],
                condition=models.Q(serial__isnull=False),
                name="disclosure_bulletin_one_number",
            )
        ]
        # the portal's list and the counts per period: issued bulletins by date
        indexes = [models.Index(fields=["status", "issued_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def number(self) -> str:
        """The issue as printed on the bulletin's masthead, e.g. 〔2026〕第3期 ("" for a draft)."""
        if self.serial is None:
            return ""
        return f"〔{self.year}〕第{self.serial}期"


class OutletLevel(models.TextChoices):
    NATIONAL = "national", _("National media")
    PROVINCIAL = "provincial", _("Provincial media")
    MUNICIPAL = "municipal", _("Municipal media")
    COUNTY = "county", _("County media")


class MediaTopic(models.TextChoices):
    EFFICIENCY = "efficiency", _("Efficiency building")
    ENVIRONMENT = "environment", _("Development environment")
    COMPLAINTS = "complaints", _("Efficiency complaints")
    SERVICE = "service", _("Government services")
    COMMUNITY = "community", _("Community burden reduction")
    OTHER = "other", _("Other")


class Column(models.Model):
    """A column (专栏) an outlet runs on the efficiency work, e.g. 《三明日报》“效能纠风在线”."""

    name = models.CharField(pgettext_lazy("publicity", "column"), max_length=100)
    outlet = models.CharField(_("outlet"), max_length=100)
    description = models.CharField(_("description"), max_length=500, blank=True)
    started_on = models.DateField(_("opened on"), null=True, blank=True)
    is_active = models.BooleanField(_("running"), default=True)

    class Meta:
        ordering = ["outlet", "name"]
        verbose_name = pgettext_lazy("publicity", "column")
        verbose_name_plural = _("columns")
        constraints = [
            models.UniqueConstraint(fields=["outlet", "name"], name="disclosure_column_unique")
        ]

    def __str__(self) -> str:
        return f"{self.outlet} {self.name}"


class MediaItem(models.Model):
    """An article or programme an outlet published on the efficiency work (稿件)."""

    outlet = models.CharField(_("outlet"), max_length=100)
    outlet_level = models.CharField(_("outlet level"), max_length=16, choices=OutletLevel.choices)
    published_on = models.DateField(_("publication date"))
    title = models.CharField(_("title"), max_length=200)
    link = models.URLField(_("link"), max_length=500, blank=True)
    topic = models.CharField(
        pgettext_lazy("publicity", "topic"), max_length=16, choices=MediaTopic.choices
    )
    column = models.ForeignKey(
        Column,
        verbose_name=pgettext_lazy("publicity", "column"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("unit reported on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("media item")
        verbose_name_plural = _("media items")
        # the counts per period (report, cockpit): items published between two dates
        indexes = [models.Index(fields=["published_on"])]

    def __str__(self) -> str:
        return self.title
