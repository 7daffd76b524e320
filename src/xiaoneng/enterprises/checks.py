"""Checks every use case of the context shares: required text, permission on a unit, a status
moved along its table (workflow.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from xiaoneng.core.access import user_may
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.enterprises.workflow import TRANSITIONS, next_status


def text_required(value: str | None, *, field: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(_("This field is required."), field=field)
    if len(text) > max_length:
        raise InvalidInput(_("At most %(count)s characters.") % {"count": max_length}, field=field)
    return text


def require(actor: User, perm: str, organization: Organization) -> None:
    if not user_may(actor, perm, organization):
        raise NotPermitted(_("You may not do this for this unit."))


def advance(obj: Any, action: str, transitions: dict[tuple[str, str], str] = TRANSITIONS) -> str:
    """The status `obj` moves to by `action`; Conflict (409) when its table has no such row."""
    status = next_status(obj.status, action, transitions)
    if status is None:
        raise Conflict(
            _("Not possible in the status “%(status)s”.") % {"status": obj.get_status_display()},
            field="status",
        )
    return status
