"""Cases (办件) and everything recorded on them (DOMAIN.md §1, 行政许可法 Art. 29–45).

Only `cases.services` writes these rows.  A case keeps the item version it was filed under
and copies the limits it runs on, so later catalog changes never move its deadlines.
`CaseEvent` rows are immutable: every change of a case is one more event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.cases.workflow import OPEN_STATUSES, EventKind, Status


class Channel(models.TextChoices):
    """Application channel, GB/T 39046-2020 A.5 (1 window, 2 web, 3 mobile, 4 post, 9 other)."""

    WINDOW = "window", _("Window")
    WEB = "web", _("Web")
    MOBILE = "mobile", _("Mobile")
    POST = "post", pgettext_lazy("delivery", "Post")
    OTHER = "other", _("Other")


class SpecialProcedureKind(models.TextChoices):
    """Special procedures whose time is not counted (行政许可法 Art. 45, GB/T 39046 A.7)."""

    HEARING = "hearing", _("Hearing")
    TENDER = "tender", _("Tender")
    AUCTION = "auction", _("Auction")
    INSPECTION = "inspection", _("Inspection")
    TESTING = "testing", _("Testing")
    QUARANTINE = "quarantine", _("Quarantine")
    APPRAISAL = "appraisal", _("Appraisal")
    EXPERT_REVIEW = "expert_review", _("Expert review")


class Case(models.Model):
    """One application for one service item version."""

    number = models.CharField(_("case number"), max_length=40, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=12)
    item_version = models.ForeignKey(
        "catalog.ServiceItemVersion",
        verbose_name=_("service item version"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    agency = models.ForeignKey(
        "core.Organization",
        verbose_name=_("implementing agency"),
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,  # cases_queue_order starts with the agency
    )
    applicant = models.ForeignKey(
        "core.Applicant",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,  # cases_applicant starts with the applicant
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.SUBMITTED
    )
    handling_type = models.CharField(_("handling type"), max_length=16)
    is_joint = models.BooleanField(_("joint item"), default=False)
    is_forwarded = models.BooleanField(_("forwarded item"), default=False)
    is_green_channel = models.BooleanField(_("green channel"), default=False)
    title = models.CharField(_("subject"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received at"))
    supplemented_at = models.DateTimeField(_("materials supplemented at"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    is_deemed_accepted = models.BooleanField(_("deemed accepted"), default=False)
    committed_limit_days = models.PositiveSmallIntegerField(_("committed limit (working days)"))
    legal_limit_days = models.PositiveSmallIntegerField(_("legal limit (working days)"))
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0)
    paused_workdays = models.PositiveIntegerField(_("paused working days"), default=0)
    is_paused = models.BooleanField(_("special procedure running"), default=False)
    committed_due_on = models.DateField(_("committed deadline"), null=True, blank=True)
    legal_due_on = models.DateField(_("legal deadline"), null=True, blank=True)
    is_deadline_provisional = models.BooleanField(_("deadline provisional"), default=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    delivery_due_on = models.DateField(_("delivery deadline"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    forward_replied_on = models.DateField(
        _("reply from the higher level on"), null=True, blank=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    first_responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first responder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="first_responded_cases",
    )
    fee_charged = models.DecimalField(
        _("fee charged (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    last_sequence = models.PositiveIntegerField(default=0, editable=False)
    last_event_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        indexes = [
            # the reviewer queue: open cases of an agency, green channel first, then deadline
            models.Index(
                fields=["agency", "status", "-is_green_channel", "committed_due_on", "received_at"],
                name="cases_queue_order",
            ),
            # "my cases" on the portal
            models.Index(fields=["applicant", "-received_at"], name="cases_applicant"),
            # the deemed-acceptance sweep looks at submitted cases by receipt
            models.Index(fields=["status", "received_at"], name="cases_status_received"),
            # supervision sweeps open cases by deadline
            models.Index(fields=["status", "committed_due_on"], name="cases_status_due"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseEvent(models.Model):
    """One immutable entry of a case's history (actor, time, reason, payload)."""

    # No index of its own: the unique (case, sequence) constraint starts with the case.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)
    sequence = models.PositiveIntegerField(_("sequence"))
    kind = models.CharField(_("event"), max_length=40, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    is_imported = models.BooleanField(_("imported"), default=False)
    #: The legacy system's event sequence (historical import); idempotency key with the case.
    import_sequence = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="case_event_sequence"),
        ]
        # supervision and statistics read events by kind over time
        indexes = [models.Index(fields=["kind", "occurred_at"], name="case_event_kind_at")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.sequence} {self.kind}"

    @property
    def is_breach(self) -> bool:
        return bool(self.payload.get("breach"))


class CasePause(models.Model):
    """A special procedure: the clock stops from `started_on` to `ended_on` (Art. 45)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(
        _("special procedure"), max_length=20, choices=SpecialProcedureKind.choices
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    expected_workdays = models.PositiveSmallIntegerField(_("expected length (working days)"))

    class Meta:
        verbose_name = _("special procedure")
        verbose_name_plural = _("special procedures")
        ordering = ["case", "started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}–{self.ended_on or ''}"


class JointOpinion(models.Model):
    """A co-department's opinion on a joint case, due within its own limit (default 7 WD)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="opinions")
    department = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    requested_on = models.DateField(_("requested on"))
    due_on = models.DateField(_("due on"))
    given_on = models.DateField(_("given on"), null=True, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    agrees = models.BooleanField(_("agrees"), null=True)

    class Meta:
        verbose_name = _("joint opinion")
        verbose_name_plural = _("joint opinions")
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "department"], name="joint_opinion_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.department_id}"


class ProcessStepRecord(models.Model):
    """One process step of a case with its own due date from the step's budget."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey("catalog.ProcessStep", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("started on"))
    due_on = models.DateField(_("due on"))
    finished_on = models.DateField(_("finished on"), null=True, blank=True)

    class Meta:
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.step_id}"


class RefusalFiling(models.Model):
    """否定报备: every refusal to accept and every denial is filed with the supervisors."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="refusal_filings")
    event = models.OneToOneField(CaseEvent, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # "refused" or "denied"
    filed_at = models.DateTimeField(_("filed at"))
    reason = models.TextField(_("reason"))
    legal_basis = models.TextField(pgettext_lazy("refusal", "legal basis"))

    class Meta:
        verbose_name = _("refusal filing")
        verbose_name_plural = _("refusal filings")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.kind}"


class JointReviewMeeting(models.Model):
    """A joint review meeting (联席会议): who came, which projects, which problems were solved."""

    held_on = models.DateField(_("held on"))
    organizer = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organizer")
    )
    departments = models.ManyToManyField(
        "core.Organization", related_name="+", verbose_name=_("departments present")
    )
    cases = models.ManyToManyField(Case, related_name="meetings", verbose_name=_("projects"))
    problems = models.TextField(_("problems discussed"))
    solutions = models.TextField(_("problems solved"), blank=True)
    problems_solved = models.PositiveIntegerField(_("number of problems solved"), default=0)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("joint review meeting")
        verbose_name_plural = _("joint review meetings")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} · {self.organizer_id}"


class CaseMaterial(models.Model):
    """An uploaded material, stored under a random name outside the web root."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    item_material = models.ForeignKey(
        "catalog.ItemMaterial", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=100, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()
    is_checked = models.BooleanField(_("checked at the window"), default=False)

    class Meta:
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return self.original_name


class CaseDocument(models.Model):
    """The number given to one official document of a case, so it is stable on re-download."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30)
    number = models.CharField(max_length=40)
    event = models.ForeignKey(CaseEvent, on_delete=models.CASCADE, related_name="+")
    issued_on = models.DateField()

    class Meta:
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="case_document_once"),
        ]

    def __str__(self) -> str:
        return self.number
