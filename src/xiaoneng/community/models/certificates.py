"""Seal use and certificates — rule 7 and 民发〔2020〕20号."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateOutcome(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")


class CertificateRequest(models.Model):
    """A resident's request for a certificate under the committee's seal; the seal register."""

    community = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    resident_name = models.CharField(_("resident"), max_length=60)
    resident_id_number = models.CharField(_("resident ID number"), max_length=18, blank=True)
    requested_type = models.CharField(_("certificate type"), max_length=40)
    purpose = models.CharField(_("purpose"), max_length=300)
    content = models.TextField(_("what is certified"), blank=True)
    carries_liability = models.BooleanField(_("carries legal or economic liability"), default=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=CertificateOutcome.choices)
    refusal_reason = models.TextField(_("refusal reason"), blank=True)
    refer_to = models.TextField(_("where to go instead"), blank=True)
    number = models.CharField(_("number"), max_length=30, blank=True)
    verification_code = models.CharField(_("verification code"), max_length=16, blank=True)
    requested_on = models.DateField(_("date"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate request")
        verbose_name_plural = _("certificate requests")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=~models.Q(number=""),
                name="community_certificate_unique_number",
            )
        ]
        indexes = [models.Index(fields=["community", "requested_on"])]  # seal register search

    def __str__(self) -> str:
        return self.number or self.resident_name
