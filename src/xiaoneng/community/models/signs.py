"""Signs on the community's premises — rule 3."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.community.rules import SignKind
from xiaoneng.core.models import user_upload_path


class SignPlace(models.TextChoices):
    OUTSIDE = "outside", _("Outside the building")
    INSIDE = "inside", _("Inner room")


class Sign(models.Model):
    community = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    place = models.CharField(_("place"), max_length=10, choices=SignPlace.choices)
    room = models.CharField(_("room"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=SignKind.choices)
    text = models.CharField(_("text on the sign"), max_length=200)
    requested_by = models.CharField(_("required by (department)"), max_length=100, blank=True)
    photo = models.FileField(_("photo"), upload_to=user_upload_path, blank=True)
    is_flagged = models.BooleanField(_("flagged for removal"), default=False)
    flag_reason = models.CharField(_("why"), max_length=300, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sign")
        verbose_name_plural = _("signs")
        ordering = ["community", "place", "room", "id"]

    def __str__(self) -> str:
        return self.text
