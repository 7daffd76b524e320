"""What the hall's services share: the clock, permission checks and text checks."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import User
from xiaoneng.hall.models import Hall, Window
from xiaoneng.hall.selectors import may_manage_hall, may_serve


def now_or(at: datetime | None) -> datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise InvalidInput(_("The time must include a time zone."), field="at")
    return at


def require_manager(actor: User, hall: Hall) -> None:
    if not may_manage_hall(actor, hall):
        raise NotPermitted(_("You may not manage this service hall."))


def require_server(actor: User, window: Window) -> None:
    if not may_serve(actor, window):
        raise NotPermitted(_("You do not serve at this window."))


def text(value: object, *, field: str, max_length: int, required: bool = True) -> str:
    cleaned = str(value or "").strip()
    if required and not cleaned:
        raise InvalidInput(_("This field is required."), field=field)
    if len(cleaned) > max_length:
        raise InvalidInput(_("At most %(count)s characters.") % {"count": max_length}, field=field)
    return cleaned
