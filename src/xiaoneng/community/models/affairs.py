"""居务公开, the ten rules' remaining registers and the correction history of register entries.

Rule 1: organisations the committee supervises and its guidance; rule 3: working bodies asked to
be set up in a community; rule 4: ledgers and reports demanded of communities; rule 6: new
evaluation activities; rule 9: volunteers, service hours, mutual aid, residents' requests.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.community.models.selfgov import CommunityRecord


class DisclosureKind(models.TextChoices):
    FINANCES = "finances", _("Finances")
    SERVICES = "services", _("Services")
    DECISIONS = "decisions", _("Decisions")
    DUTY = "duty", _("Duty rota")
    TASKS = "tasks", _("Task list in force")
    OTHER = "other", _("Other affairs")


class Disclosure(CommunityRecord):
    """One published item of the community's affairs (居务公开), shown on its public page."""

    kind = models.CharField(_("kind"), max_length=12, choices=DisclosureKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    published_on = models.DateField(_("published on"))
    attachment = models.FileField(
        _("attachment"), upload_to="community/disclosures/%Y/", blank=True
    )

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("community affairs disclosed")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Approval(models.TextChoices):
    APPROVED = "approved", pgettext_lazy("approval", "Approved")
    REFUSED = "refused", _("Refused")
    NOT_ASKED = "not_asked", _("Demanded without approval")


class LedgerKind(models.TextChoices):
    LEDGER = "ledger", _("Ledger")
    REPORT = "report", _("Report or statistics form")


class LedgerDemand(CommunityRecord):
    """Rule 4: a ledger or report a department demands of the community."""

    department = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("demanding department"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LedgerKind.choices)
    title = models.CharField(_("ledger or report"), max_length=200)
    demanded_on = models.DateField(_("demanded on"))
    approval = models.CharField(_("approval"), max_length=10, choices=Approval.choices)
    # An approval or refusal is the outcome of the admission flow (准入, rule 2): the record
    # names the request that decided it, so "approved" cannot be typed without one.
    admission = models.ForeignKey(
        "community.AdmissionRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("admission request deciding it"),
    )
    is_paper_removed = models.BooleanField(_("paper ledger removed"), default=False)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("ledger or report demanded")
        verbose_name_plural = _("ledgers and reports demanded")
        ordering = ["-demanded_on", "-id"]

    def __str__(self) -> str:
        return self.title


class EvaluationActivity(CommunityRecord):
    """Rule 6: a department's new evaluation (评比达标) of communities."""

    department = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organising department"),
    )
    title = models.CharField(_("evaluation activity"), max_length=200)
    requested_on = models.DateField(pgettext_lazy("community", "requested on"))
    approval = models.CharField(_("approval"), max_length=10, choices=Approval.choices)
    admission = models.ForeignKey(
        "community.AdmissionRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("admission request deciding it"),
    )

    class Meta:
        verbose_name = _("evaluation activity")
        verbose_name_plural = _("evaluation activities")
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return self.title


class WorkingBody(CommunityRecord):
    """Rule 3: a working body or plaque a department wants set up in the community — refused
    and flagged."""

    department = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requesting department"),
    )
    name = models.CharField(_("body or plaque"), max_length=200)
    requested_on = models.DateField(pgettext_lazy("community", "requested on"))
    is_plaque_hung = models.BooleanField(_("plaque already hung"), default=False)

    class Meta:
        verbose_name = _("working body or plaque")
        verbose_name_plural = _("working bodies and plaques")
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    SOCIAL = "social", _("Social organisation")
    OWNERS_COMMITTEE = "owners_committee", _("Owners' committee")
    OWNERS_ASSEMBLY = "owners_assembly", _("Owners' assembly")
    PROPERTY_SERVICE = "property_service", _("Property-service company")


class SupervisedOrganisation(CommunityRecord):
    """Rule 1: an organisation in the community the committee guides and supervises."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("supervised organisation")
        verbose_name_plural = _("supervised organisations")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class GuidanceRecord(CommunityRecord):
    organisation = models.ForeignKey(
        SupervisedOrganisation,
        on_delete=models.PROTECT,
        related_name="guidance",
        verbose_name=_("organisation"),
    )
    given_on = models.DateField(_("date"))
    text = models.TextField(_("guidance given"))

    class Meta:
        verbose_name = _("guidance record")
        verbose_name_plural = _("guidance records")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.given_on}"


class Volunteer(CommunityRecord):
    name = models.CharField(_("name"), max_length=60)
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    hours = models.DecimalField(_("service hours"), max_digits=7, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MutualAidPairing(CommunityRecord):
    helper_name = models.CharField(_("helper"), max_length=60)
    helped_name = models.CharField(_("resident helped"), max_length=60)
    paired_on = models.DateField(_("paired on"))
    help_given = models.CharField(_("help given"), max_length=200)

    class Meta:
        verbose_name = _("mutual-aid pairing")
        verbose_name_plural = _("mutual-aid pairings")
        ordering = ["-paired_on", "-id"]

    def __str__(self) -> str:
        return f"{self.helper_name} → {self.helped_name}"


class ResidentRequest(CommunityRecord):
    """Rule 9: a resident's request (诉求), tracked until it is answered."""

    raised_on = models.DateField(_("raised on"))
    resident_name = models.CharField(_("resident"), max_length=60)
    request = models.TextField(_("request"))
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("resident's request")
        verbose_name_plural = _("residents' requests")
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return self.request[:40]


class RegisterCorrection(models.Model):
    """One correction of a register entry: the values before and after, and why."""

    register = models.CharField(max_length=40)
    entry_id = models.PositiveBigIntegerField()
    previous = models.JSONField()
    corrected = models.JSONField()
    reason = models.CharField(_("reason"), max_length=200)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-corrected_at", "-id"]
        # the history of one entry
        indexes = [models.Index(fields=["register", "entry_id"])]

    def __str__(self) -> str:
        return f"{self.register} #{self.entry_id}"
