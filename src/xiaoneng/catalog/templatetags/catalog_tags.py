"""Small display helpers for catalog pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def percent(value: Decimal | None) -> str:
    """0.25 → "25%"; None → "—"."""
    if value is None:
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.1')).normalize():f}%"


@register.filter
def workdays(days: int | None) -> str:
    """A limit in working days; 0 reads as "same day"."""
    if days is None:
        return "—"
    if days == 0:
        return _("same day")
    return ngettext("%(n)d working day", "%(n)d working days", days) % {"n": days}
