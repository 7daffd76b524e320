"""Residents on the portal (rule 8): verified membership of a community, support of
deliberations and registration for hearings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.community.models.selfgov import Deliberation, Hearing


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REFUSED = "refused", _("Refused")


class ResidentMembership(models.Model):
    """A portal account's address in a community, verified by the community's staff."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="community_memberships"
    )
    community = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    address = models.CharField(_("address"), max_length=200)
    display_name = models.CharField(_("name shown in the forum"), max_length=60)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(_("reason"), max_length=200, blank=True)
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resident membership")
        verbose_name_plural = _("resident memberships")
        ordering = ["-applied_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "community"], name="community_one_membership_per_community"
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name} · {self.address}"


class DeliberationSupport(models.Model):
    """A resident supports (joins) a deliberation; once per resident."""

    deliberation = models.ForeignKey(
        Deliberation, on_delete=models.CASCADE, related_name="supports"
    )
    membership = models.ForeignKey(ResidentMembership, on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deliberation", "membership"], name="community_support_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} → {self.deliberation}"


class HearingRegistration(models.Model):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="registrations")
    membership = models.ForeignKey(ResidentMembership, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hearing", "membership"], name="community_hearing_registration_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} → {self.hearing}"
