"""Rows the background work keeps beside the queue's own table (django_tasks_database)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Lease(models.Model):
    """A named lock with an expiry: whoever holds an unexpired lease may run the job it names.

    Taken with one conditional UPDATE (or INSERT for a new name), so two workers on SQLite or
    PostgreSQL never both hold it; a holder that dies loses it when it expires.
    """

    name = models.CharField(max_length=64, primary_key=True)
    holder = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} ({self.holder or '-'} until {self.expires_at:%Y-%m-%d %H:%M:%S})"


class Beat(models.Model):
    """The last time something happened: a worker was alive (``worker:<id>``), a scheduled job
    was enqueued (``schedule:<job>``) or finished (``done:<job>``, with how long it took)."""

    name = models.CharField(max_length=100, primary_key=True)
    at = models.DateTimeField()
    duration_seconds = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"


class ImportKind(models.TextChoices):
    CASES = "cases", _("Cases")
    COMPLAINTS = "complaints", _("Complaints")
    ORGANIZATIONS = "organizations", _("Organizations")
    STAFF = "staff", _("Staff accounts")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """A large file posted to an import endpoint, imported by a task; the report when done."""

    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=200)  # in the default storage, under imports/
    total_lines = models.PositiveIntegerField(default=0)
    done_items = models.PositiveIntegerField(_("applied so far"), default=0)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]  # "my imports" page

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"
