"""Work record book replacing ledgers, with photos; the electronic archive — rule 4."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.models import user_upload_path


class EntryKind(models.TextChoices):
    WORK = "work", _("Work done")
    ACTIVITY = "activity", _("Activity")
    MEETING = "meeting", _("Meeting")


class WorkRecordEntry(models.Model):
    community = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    entry_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("work record entry")
        verbose_name_plural = _("work record entries")
        ordering = ["-entry_on", "-id"]
        indexes = [models.Index(fields=["community", "entry_on"])]  # archive by year

    def __str__(self) -> str:
        return self.title


class RecordPhoto(models.Model):
    entry = models.ForeignKey(WorkRecordEntry, on_delete=models.CASCADE, related_name="photos")
    photo = models.FileField(_("photo"), upload_to=user_upload_path)
    original_name = models.CharField(max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    def __str__(self) -> str:
        return self.caption or self.original_name
