"""Efficiency complaints (效能投诉), service ratings (好差评) and online consultation (DOMAIN.md §3).

A rating names the rated case by a foreign key (`case`) and keeps the case number as written
(`case_number`), which also identifies ratings of cases the system does not hold (the demo's, or
ones rated before their case was migrated).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.complaints.workflow import FollowUpStatus, Status
from xiaoneng.core.models import Organization, user_upload_path


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit in person")
    LETTER = "letter", _("Letter")
    MAILBOX = "mailbox", _("Complaint mailbox")
    HOTLINE_12345 = "hotline_12345", _("Transfer from the 12345 hotline")


class Category(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    HELP_SUGGESTION = "help_suggestion", _("Request for help or suggestion")
    ATTITUDE = "attitude", _("Poor attitude")
    EFFICIENCY = "efficiency", _("Low efficiency or delay")
    UNLAWFUL_FEES = "unlawful_fees", _("Unlawful fees")
    INACTION = "inaction", _("Inaction or shirking")
    ABUSE = "abuse", _("Abuse of power")
    OTHER = "other", _("Other")


class DeadlineKind(models.TextChoices):
    """12345-style work-order kinds, each with its own limit in working days (DOMAIN.md §3)."""

    CONSULTATION = "consultation", _("Consultation")
    HELP_SUGGESTION = "help_suggestion", _("Help or suggestion")
    COMPLAINT = "complaint", _("Complaint or report")


class HandlingMode(models.TextChoices):
    DIRECT = "direct", _("Handled directly by the centre")
    TRANSFERRED = "transferred", _("Transferred to the unit")


class Conclusion(models.TextChoices):
    FOUNDED = "founded", _("Founded")
    PARTLY_FOUNDED = "partly_founded", _("Partly founded")
    UNFOUNDED = "unfounded", _("Unfounded")


class OutcomeKind(models.TextChoices):
    EFFICIENCY_WARNING = "efficiency_warning", _("Efficiency warning")
    ADMONISHMENT = "admonishment", _("Admonishment")
    DISCIPLINE_REFERRAL = "discipline_referral", _("Referral to discipline inspection")
    SANCTION = "sanction", _("Party or government sanction")
    DISMISSAL = "dismissal", _("Dismissal")
    OTHER = "other", _("Other")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class DeadlineRule(models.Model):
    """Configurable limit per work-order kind; without a row the defaults apply (2/10/15 WD)."""

    kind = models.CharField(_("kind"), max_length=32, choices=DeadlineKind.choices, unique=True)
    workdays = models.PositiveSmallIntegerField(
        _("working days"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )

    class Meta:
        verbose_name = _("complaint deadline rule")
        verbose_name_plural = _("complaint deadline rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.workdays}"


class Complaint(models.Model):
    """One complaint, from registration to closing; its history is the list of events."""

    number = models.CharField(_("number"), max_length=32, unique=True)
    tracking_code_hash = models.CharField(_("tracking code (hashed)"), max_length=64)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = models.CharField(_("complainant"), max_length=60, blank=True)
    complainant_phone = models.CharField(_("complainant phone"), max_length=20, blank=True)
    complainant_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visitor_count = models.PositiveSmallIntegerField(
        _("visitors"), default=0, help_text=_("People received in person for this complaint.")
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("unit complained about"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    person_name = models.CharField(_("person complained about"), max_length=60, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member complained about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_against",
    )
    title = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    received_at = models.DateTimeField(_("received at"))
    received_on = models.DateField(_("received on"))
    limit_workdays = models.PositiveSmallIntegerField(_("limit (working days)"))
    extension_workdays = models.PositiveSmallIntegerField(_("extension (working days)"), default=0)
    extension_reason = models.CharField(_("extension reason"), max_length=500, blank=True)
    due_on = models.DateField(_("due on"))
    is_deadline_provisional = models.BooleanField(default=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handling_mode = models.CharField(
        _("handling"), max_length=16, choices=HandlingMode.choices, blank=True
    )
    transferred_to = models.ForeignKey(
        Organization,
        verbose_name=_("transferred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_transferred",
    )
    unit_due_on = models.DateField(_("unit reply due on"), null=True, blank=True)
    declined_reason = models.CharField(_("reason declined"), max_length=500, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    investigation = models.TextField(_("investigation record"), blank=True)
    conclusion = models.CharField(
        _("conclusion"), max_length=20, choices=Conclusion.choices, blank=True
    )
    conclusion_note = models.TextField(_("conclusion note"), blank=True)
    reply = models.TextField(_("reply to the complainant"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=24, choices=Satisfaction.choices, blank=True
    )
    follow_up_note = models.TextField(_("follow-up visit"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    submitted_ip = models.CharField(max_length=45, blank=True)
    is_imported = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # Set only on the object complaint_submit returns: the code is stored hashed, shown once.
    plain_tracking_code: str = ""

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["received_on"]),  # figures for a period
            models.Index(fields=["status", "due_on"]),  # the centre's queue by deadline
            models.Index(fields=["submitted_ip", "created_at"]),  # flood limit per address
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def deadline_kind(self) -> str:
        return deadline_kind_for(self.category)

    @property
    def is_finished(self) -> bool:
        return self.status in (Status.CLOSED, Status.DECLINED)


def deadline_kind_for(category: str) -> str:
    if category == Category.CONSULTATION:
        return DeadlineKind.CONSULTATION
    if category == Category.HELP_SUGGESTION:
        return DeadlineKind.HELP_SUGGESTION
    return DeadlineKind.COMPLAINT


EVENT_LABELS = {
    "registered": _("Registered"),
    "accepted": _("Accepted"),
    "declined": _("Declined and referred"),
    "handled_directly": _("Handled directly by the centre"),
    "transferred": _("Transferred to the unit"),
    "investigated": _("Investigation recorded"),
    "unit_replied": _("The unit replied"),
    "concluded": _("Concluded"),
    "outcome": _("Outcome decided"),
    "replied": _("Replied to the complainant"),
    "followed_up": _("Follow-up visit"),
    "rated_by_complainant": _("The complainant rated the handling"),
    "extended": _("Deadline extended"),
    "warning_issued": _("Efficiency warning issued by supervision"),
    "closed": _("Closed"),
}


class ComplaintEvent(models.Model):
    """One step of a complaint's history; (complaint, sequence) makes imports idempotent."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    note = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["complaint", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "sequence"], name="complaint_event_unique_sequence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}#{self.sequence} {self.kind}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.kind, self.kind))


class Attachment(models.Model):
    """A file sent with a complaint, stored under a random name; type checked by content."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=user_upload_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Outcome(models.Model):
    """An accountability measure decided on a founded complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=24, choices=OutcomeKind.choices)
    person_name = models.CharField(_("person"), max_length=60, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    decided_on = models.DateField(_("decided on"))
    supervision_ref = models.CharField(
        _("supervision warning"),
        max_length=64,
        blank=True,
        help_text=_("Identifier of the warning created in supervision, when it was created."),
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        indexes = [models.Index(fields=["decided_on", "kind"])]  # outcomes by kind for a period

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person_name}"


class RatingChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("On site")


class Score(models.IntegerChoices):
    """GB/T 39046-2020 A.8 evaluation grades; 4 and 5 are bad ratings (差评)."""

    VERY_SATISFIED = 1, _("Very satisfied")
    SATISFIED = 2, _("Satisfied")
    BASICALLY_SATISFIED = 3, _("Basically satisfied")
    DISSATISFIED = 4, _("Dissatisfied")
    VERY_DISSATISFIED = 5, _("Very dissatisfied")


ONLINE_DIMENSIONS = ("efficiency", "guide_accuracy", "convenience", "usability")
ON_SITE_DIMENSIONS = ("efficiency", "level", "attitude")
SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Rating(models.Model):
    """An applicant's rating of one case (好差评, 国办发〔2019〕51号)."""

    case_number = models.CharField(_("case number"), max_length=40)
    # A case is a record kept by law: one that was rated is never deleted (PROTECT). Empty only
    # for ratings whose case the system does not hold.
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
    )
    department = models.ForeignKey(
        Organization, verbose_name=_("department"), on_delete=models.PROTECT, related_name="ratings"
    )
    # Free text for now: the windows of a service centre get their own model later, and this
    # field then becomes a foreign key to it (filled from this text the way `case` was).
    window = models.CharField(_("window"), max_length=60, blank=True)
    # Set when the rating was given at a hall window's counter (hall app): the window and the
    # clerk who served, so that the hall's figures join the ratings.
    hall_window = models.ForeignKey(
        "hall.Window",
        verbose_name=_("hall window"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="window_ratings",
    )
    channel = models.CharField(_("channel"), max_length=16, choices=RatingChannel.choices)
    overall = models.PositiveSmallIntegerField(
        _("overall"), choices=Score.choices, validators=SCORE_VALIDATORS
    )
    efficiency = models.PositiveSmallIntegerField(
        _("efficiency"), choices=Score.choices, null=True, blank=True
    )
    guide_accuracy = models.PositiveSmallIntegerField(
        _("accuracy of the guide"), choices=Score.choices, null=True, blank=True
    )
    convenience = models.PositiveSmallIntegerField(
        _("convenience"), choices=Score.choices, null=True, blank=True
    )
    usability = models.PositiveSmallIntegerField(
        _("usability"), choices=Score.choices, null=True, blank=True
    )
    level = models.PositiveSmallIntegerField(
        _("service level"), choices=Score.choices, null=True, blank=True
    )
    attitude = models.PositiveSmallIntegerField(
        _("attitude"), choices=Score.choices, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    rater_name = models.CharField(pgettext_lazy("person", "name"), max_length=60, blank=True)
    rater_phone = models.CharField(_("phone"), max_length=20, blank=True)
    rated_at = models.DateTimeField(_("rated at"))
    is_excluded = models.BooleanField(
        _("excluded"),
        default=False,
        help_text=_("Set when an appeal against a false rating was upheld."),
    )
    submitted_ip = models.CharField(max_length=45, blank=True)

    class Meta:
        verbose_name = _("service rating")
        verbose_name_plural = _("service ratings")
        constraints = [
            models.UniqueConstraint(fields=["case_number"], name="rating_once_per_case"),
        ]
        indexes = [models.Index(fields=["department", "rated_at"])]  # public figures

    def __str__(self) -> str:
        return f"{self.case_number}: {self.overall}"

    @property
    def is_bad(self) -> bool:
        return self.overall >= Score.DISSATISFIED

    @property
    def is_named(self) -> bool:
        return bool(self.rater_name and self.rater_phone)


class RatingFollowUp(models.Model):
    """The follow-up every bad rating opens: call-back, verification, rectification or
    explanation, and possibly an appeal against a false rating (DOMAIN.md §3)."""

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="follow_up")
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    called_back_on = models.DateField(_("called back on"), null=True, blank=True)
    call_back_note = models.TextField(_("call-back"), blank=True)
    is_verified = models.BooleanField(_("complaint verified"), null=True, blank=True)
    verification_note = models.TextField(_("verification"), blank=True)
    rectify_due_on = models.DateField(_("rectify by"), null=True, blank=True)
    rectification_note = models.TextField(_("rectification"), blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    appeal_reason = models.TextField(_("appeal reason"), blank=True)
    appeal_decision_note = models.TextField(_("appeal decision"), blank=True)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)

    class Meta:
        verbose_name = _("rating follow-up")
        verbose_name_plural = _("rating follow-ups")

    def __str__(self) -> str:
        return f"{self.rating_id}: {self.get_status_display()}"


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Awaiting answer")
    ANSWERED = "answered", _("Answered")


class Consultation(models.Model):
    """A question asked online about an item or a department (在线咨询)."""

    number = models.CharField(_("number"), max_length=32, unique=True)
    department = models.ForeignKey(
        Organization,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    item_name = models.CharField(_("service item"), max_length=200, blank=True)
    question = models.TextField(_("question"))
    asker_name = models.CharField(pgettext_lazy("person", "name"), max_length=60, blank=True)
    asker_phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_publication_consented = models.BooleanField(_("may be published"), default=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.OPEN,
    )
    asked_at = models.DateTimeField(_("asked at"))
    due_on = models.DateField(_("answer due on"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_published = models.BooleanField(_("published"), default=False)
    submitted_ip = models.CharField(max_length=45, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-asked_at"]
        indexes = [
            models.Index(fields=["is_published", "answered_at"]),  # public list and search
            models.Index(fields=["department", "status", "due_on"]),  # department's queue
        ]

    def __str__(self) -> str:
        return self.number
