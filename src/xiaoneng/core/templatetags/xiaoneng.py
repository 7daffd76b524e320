"""Template filters shared by every page: masking of personal data, working-day figures."""

from __future__ import annotations

from django import template
from django.forms import BoundField

from xiaoneng.core import form_messages, masking

register = template.Library()


@register.filter
def mask_id(value: str) -> str:
    return masking.mask_id_number(value or "")


@register.filter
def mask_phone(value: str) -> str:
    return masking.mask_phone(value or "")


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}%"


@register.filter
def plain_errors(field: BoundField) -> list[str]:
    """The field's errors in plain Chinese naming the field (see core/form_messages.py)."""
    return form_messages.field_messages(field)


@register.inclusion_tag("deadline_mark.html")
def deadline_mark(light: str, due_on: object = None, note: str = "") -> dict[str, object]:
    """A deadline marked the same way on every page: the light's colour and a text label
    (已超期 / 即将到期 / 未到期), so that it does not rely on colour alone (WCAG 1.4.1)."""
    return {"light": light or "", "due_on": due_on, "note": note}


@register.inclusion_tag("deadline_mark.html")
def light_mark(light: str, overdue: bool = False) -> dict[str, object]:
    """A supervision light marked like a deadline (same template, same colours): 红灯 / 黄灯 /
    绿灯 in text, and 逾期 when the case is past its legal limit, not colour alone."""
    return {"kind": "light", "light": light or "", "overdue": bool(overdue)}
