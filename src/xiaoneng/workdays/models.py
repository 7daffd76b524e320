"""Stored local notices and the records that depend on a provisional year.

The calendar itself lives in pure Python (``workcalendar.py``); these tables only hold what
staff entered, so that the calendar can be rebuilt from them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday")
    MAKEUP_WORKDAY = "makeup_workday", _("Make-up working day")


class CalendarNotice(models.Model):
    """One year's holiday arrangement published by the State Council, entered locally.

    A notice for a year is complete: it replaces the ``holidays`` library's data for that
    year (see ``xiaoneng.workdays.notices``).
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    document_number = models.CharField(
        _("document number"), max_length=100, blank=True, help_text=_("e.g. 国办发明电〔2025〕7号")
    )
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("calendar notice")
        verbose_name_plural = _("calendar notices")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.document_number}".strip()


class CalendarNoticeVersion(models.Model):
    """Each saving of a year's notice, kept as it was (a replaced notice keeps its old days).

    Figures "as of" a past day are computed with the calendar known that day: the library and,
    for each year, the newest version entered by then (``selectors.calendar_known_on``).
    """

    year = models.PositiveSmallIntegerField(_("year"))
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    # [[ISO day, kind, name], ...] as the notice listed them
    days = models.JSONField(_("days"), default=list)
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("calendar notice version")
        verbose_name_plural = _("calendar notice versions")
        ordering = ["year", "entered_at", "id"]
        indexes = [models.Index(fields=["entered_at"], name="workdays_version_entered")]

    def __str__(self) -> str:
        return f"{self.year} {self.document_number} @ {self.entered_at:%Y-%m-%d %H:%M}".strip()


class NoticeDay(models.Model):
    """A day a notice lists: a holiday, or a weekend day made a working day (调休上班)."""

    notice = models.ForeignKey(
        CalendarNotice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="days"
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=16, choices=NoticeDayKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("notice day")
        verbose_name_plural = _("notice days")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "day"], name="workdays_noticeday_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}".strip()


class ProvisionalDependency(models.Model):
    """A stored value computed with a year that had no notice yet (weekend rule only).

    When that year's notice is saved, the owners of these rows recompute the value (they
    listen to ``calendar_notice_saved``) and record its dependencies again, which removes
    the row once the value is exact.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("content type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64)
    field_name = models.CharField(_("field"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("provisional dependency")
        verbose_name_plural = _("provisional dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field_name", "year"],
                name="workdays_provisional_unique",
            ),
        ]
        indexes = [
            # Saving a notice looks up everything that depended on its year.
            models.Index(fields=["year"], name="workdays_provisional_year"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}.{self.field_name} → {self.year}"
