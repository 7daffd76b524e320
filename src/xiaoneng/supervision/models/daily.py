"""The day's figures per agency, recorded once the day is over (the cockpit's trend).

A past day's lights and decided cases are what the watches said of that day: with "as of T
uses only what was known at T" (lights.py) the same-day events of later days never change them,
so the sweep records each finished day once, per agency, and the cockpit sums the records of
its 12 trend periods, 同比 and 环比 instead of recomputing a year of cases.  A rebuilt watch
that changes an earlier day (a backdated correction, an import of past cases, a calendar
notice) drops the records from that day on (`DailyFiguresDay`), and the readers compute those
days from the watches again until the sweep records them anew.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DailyFiguresDay(models.Model):
    """A day whose figures are recorded for every agency (absent: compute from the watches)."""

    day = models.DateField(_("day"), unique=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("recorded day of figures")
        verbose_name_plural = _("recorded days of figures")
        ordering = ["day"]

    def __str__(self) -> str:
        return str(self.day)


class DailyFigures(models.Model):
    """One agency's figures of one finished day: its open cases by light as of the end of the
    day, and the cases decided that day (on time, early, working days used, legal limits)."""

    day = models.DateField(_("day"))
    agency = models.ForeignKey(
        "core.Organization",
        verbose_name=_("implementing agency"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    agency_path = models.CharField(max_length=255)  # the watches' path (scope filters)
    open = models.IntegerField(default=0)
    yellow = models.IntegerField(default=0)
    red = models.IntegerField(default=0)
    legal_overdue = models.IntegerField(default=0)
    provisional = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    closed_on_time = models.IntegerField(default=0)
    early = models.IntegerField(default=0)
    workdays_used_sum = models.IntegerField(default=0)
    workdays_used_count = models.IntegerField(default=0)
    legal_span_sum = models.IntegerField(default=0)  # positions: 2 per working day

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(fields=["day", "agency"], name="supv_daily_day_agency"),
        ]
        indexes = [models.Index(fields=["day", "agency_path"], name="supv_daily_day_path")]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}"


class DailyFiguresInvalidation(models.Model):
    """A rebuilt watch last changed the figures from `from_day` on at `at`: a recording that
    began before `at` does not mark such a day as recorded (it may have read the watch before
    the change).  One row per day, moved forward on each drop (a migration of past cases drops
    the same days again and again)."""

    from_day = models.DateField(unique=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("dropped daily figures")
        verbose_name_plural = _("dropped daily figures")

    def __str__(self) -> str:
        return f"{self.from_day} ({self.at:%Y-%m-%d %H:%M})"
