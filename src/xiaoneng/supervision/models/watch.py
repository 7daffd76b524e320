"""Case watches (the precomputed clock of every accepted case) and rule breaches.

`CaseWatch` is supervision's own 1:1 copy of what the lights need from a case, kept in
*working-day positions* so that "working days used" is a subtraction in SQL and the lights of
a million cases are one set-based query for any `as_of` (docs/supervision.md explains why).

Positions are doubled working-day ordinals: pos(d) = 2·W(d) + (0 if d is a working day else 1),
with W(d) the number of working days up to and including d. A non-working day sits between
the working day before it and the one after it, so "after the deadline" is exact on weekends
too. A case accepted on day a with n working days is due on the n-th working day after a:
used(as_of) = pos(as_of) − 2·W(a) − paused(as_of), overdue when used > 2n, i.e. when the
*clock* pos(as_of) − paused(as_of) is past `due_position` = 2·W(a) + 2n. An immediate item
(n = 0) is due at the end of its acceptance day: due_position = pos(a).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: open_until of a case still open (the clock has not stopped).
OPEN_UNTIL = date(9999, 12, 31)


class Light(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow (deadline near)")
    RED = "red", _("Red (past the committed deadline)")
    LEGAL_OVERDUE = "legal_overdue", _("Legally overdue (past the legal deadline)")


class CaseWatch(models.Model):
    """The clock of one accepted case, maintained from `case_event_recorded` and the sweep.

    Denormalized (number, agency path, item, assignee) so that the lights, the summary and the
    red/yellow list read this one table without joins.
    """

    case = models.OneToOneField(
        "cases.Case",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="watch",
        db_constraint=False,
    )
    case_number = models.CharField(_("case number"), max_length=40)
    agency = models.ForeignKey(
        "core.Organization",
        verbose_name=_("implementing agency"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    agency_path = models.CharField(max_length=255)
    item = models.ForeignKey(
        "catalog.ServiceItem",
        verbose_name=_("service item"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    item_name = models.CharField(_("service item"), max_length=200)
    handling_type = models.CharField(_("handling type"), max_length=16)
    is_joint = models.BooleanField(_("joint item"), default=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    accepted_on = models.DateField(_("accepted on"))
    # The first day the case is under the clock as far as could be known then: its acceptance,
    # or for a deemed acceptance (which counts from receipt) the day after the notice period.
    watched_from = models.DateField(_("under the clock from"))
    finished_on = models.DateField(
        _("clock stopped on"),
        null=True,
        blank=True,
        help_text=_("Decision day, or the day the case was withdrawn or terminated."),
    )
    # The decision day alone (not a withdrawal): the period figures count decided cases from
    # this table without joining the cases (on-time rate, DOMAIN.md §3).
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    # finished_on, or OPEN_UNTIL for a case still open: "open at d" is one range, open_until > d
    open_until = models.DateField()
    workdays_used = models.IntegerField(
        _("working days used"),
        null=True,
        blank=True,
        help_text=_("Running working days from acceptance to the stop (pauses excluded)."),
    )
    start_position = models.IntegerField()  # 2·W(accepted_on)
    committed_span = models.IntegerField()  # 2·(committed limit + extension)
    legal_span = models.IntegerField()  # 2·(legal limit + extension)
    yellow_span = models.IntegerField()  # 2·(working days left at which it turns yellow)
    # Thresholds on the clock (pos(as_of) − paused positions); see lights.py:
    due_position = models.IntegerField()  # red once the clock is past it
    yellow_position = models.IntegerField()  # yellow from here (due_position − yellow_span)
    legal_position = models.IntegerField()  # legally overdue once the clock is past it
    # The extension (Art. 42) counts from the day it was granted, never before: as of an
    # earlier day the lights use the positions before it (lights.py: "as of T" uses only what
    # was known at T).  Without an extension the unextended positions equal the others.
    extended_on = models.DateField(_("extended on"), null=True, blank=True)
    unextended_due_position = models.IntegerField(default=0)
    unextended_yellow_position = models.IntegerField(default=0)
    unextended_legal_position = models.IntegerField(default=0)
    has_pauses = models.BooleanField(default=False)
    is_paused = models.BooleanField(_("special procedure running"), default=False)
    committed_due_on = models.DateField(_("committed deadline"))
    legal_due_on = models.DateField(_("legal deadline"))
    is_deadline_provisional = models.BooleanField(_("deadline provisional"), default=False)
    yellow_alerted_at = models.DateTimeField(null=True, blank=True)  # alert sent once
    red_alerted_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case watch")
        verbose_name_plural = _("case watches")
        indexes = [
            # The lights, the summary and the light lists read the cases open at as_of from
            # this covering index alone (no table look-ups over a million rows); cases with
            # pauses or with an extension granted after as_of are the few read in full.
            models.Index(
                fields=[
                    "open_until",
                    "watched_from",
                    "has_pauses",
                    "extended_on",
                    "due_position",
                    "yellow_position",
                    "legal_position",
                    "is_deadline_provisional",
                    "agency_path",
                    "case",
                ],
                name="supv_watch_lights",
            ),
            # The period figures (closed, on time, early, working days used) of cases decided
            # in a period, read from this covering index alone.
            models.Index(
                fields=[
                    "decided_on",
                    "accepted_on",
                    "committed_due_on",
                    "agency_path",
                    "agency_id",
                    "workdays_used",
                    "legal_span",
                ],
                name="supv_watch_decided",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number


class WatchPause(models.Model):
    """A special procedure of a watched case in positions (Art. 45: its time is not counted).

    A pause from a to b removes the working days in (a, b]: 2·W(b) − 2·W(a) positions; an
    open one removes up to as_of, which freezes the clock.
    """

    watch = models.ForeignKey(CaseWatch, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    start_position = models.IntegerField()  # 2·W(started_on)
    end_position = models.IntegerField(null=True, blank=True)  # 2·W(ended_on)
    # A pause that begins on or after a deadline does not move it (Art. 45; cases.deadlines):
    # decided once per pause, against the deadline as moved by the pauses before it.
    counts_for_committed = models.BooleanField(default=True)
    counts_for_legal = models.BooleanField(default=True)
    # The same decision against the deadlines before an extension (Art. 42), which hold for
    # the lights as of a day before the extension was granted (`CaseWatch.extended_on`): a
    # pause that began after the unextended deadline did not move it then.
    counts_for_committed_unextended = models.BooleanField(default=True)
    counts_for_legal_unextended = models.BooleanField(default=True)

    class Meta:
        ordering = ["watch", "started_on"]

    def __str__(self) -> str:
        return f"{self.watch_id}: {self.started_on}–{self.ended_on or ''}"


class OpinionWatch(models.Model):
    """The light of one co-department's opinion in a joint case (its own due date)."""

    opinion = models.OneToOneField(
        "cases.JointOpinion",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="watch",
        db_constraint=False,
    )
    watch = models.ForeignKey(CaseWatch, on_delete=models.CASCADE, related_name="opinions")
    department = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    requested_on = models.DateField()
    due_on = models.DateField()
    yellow_on = models.DateField()  # first day on which it is yellow
    given_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"{self.watch_id}: {self.department_id} due {self.due_on}"


class RuleCode(models.TextChoices):
    """Rule breaches detected by electronic supervision (DOMAIN.md §1–2, 行政许可法)."""

    LATE_SUPPLEMENT_NOTICE = (
        "late_supplement_notice",
        _("Supplement notice later than 5 working days (deemed accepted, Art. 32)"),
    )
    SECOND_SUPPLEMENT_NOTICE = (
        "second_supplement_notice",
        _("Second supplement notice (one-time notice rule, Art. 32)"),
    )
    REFUSAL_WITHOUT_REASON = (
        "refusal_without_reason",
        _("Refusal or denial without a written reason (Art. 32, 38)"),
    )
    STEP_OVERDUE = "step_overdue", _("Process step past its own limit")
    EXTENSION_WITHOUT_APPROVAL = (
        "extension_without_approval",
        _("Extension without the head's approval (Art. 42)"),
    )
    COMMITTED_DEADLINE_MISSED = "committed_deadline_missed", _("Committed deadline missed")
    LEGAL_DEADLINE_MISSED = "legal_deadline_missed", _("Legal deadline missed (Art. 42)")
    LATE_FORWARDING = "late_forwarding", _("Late forwarding to the higher level (Art. 43)")
    FEE_ON_FREE_ITEM = "fee_on_free_item", _("Fee charged on a free item")
    OPINION_OVERDUE = "opinion_overdue", _("Co-department opinion past its limit")


class RuleBreach(models.Model):
    """One breach of a rule on one case; unique per case, rule and reference (idempotent).

    `ref` distinguishes several breaches of one rule on a case (the event sequence, the
    step or the opinion concerned); it is "" when a rule can break only once per case.
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="breaches", db_constraint=False
    )
    case_number = models.CharField(_("case number"), max_length=40)
    rule = models.CharField(_("rule"), max_length=40, choices=RuleCode.choices)
    ref = models.CharField(max_length=40, blank=True, default="")
    unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person_name = models.CharField(_("responsible person"), max_length=150, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    detail = models.TextField(_("detail"), blank=True)
    is_imported = models.BooleanField(_("from imported data"), default=False)
    detected_at = models.DateTimeField(_("detected at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rule breach")
        verbose_name_plural = _("rule breaches")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "rule", "ref"], name="supv_breach_once"),
        ]
        indexes = [
            # breaches by unit over a period (dashboard)
            models.Index(fields=["unit", "occurred_at"], name="supv_breach_unit_at"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.rule}"
