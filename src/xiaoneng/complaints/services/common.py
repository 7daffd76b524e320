"""Helpers shared by the complaint, rating and consultation services."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm

PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9-]{6,19}$")
DEFAULT_SUBMISSIONS_PER_HOUR = 5


def now_or(at: datetime | None) -> datetime:
    return at or timezone.now()


def local_day(at: datetime) -> date:
    return timezone.localdate(at)


def require(actor: User | None, perm: str, organization: Organization | None) -> User:
    if actor is None or not user_may(actor, perm, organization):
        raise NotPermitted(_("You may not do this for this unit."))
    return actor


def require_text(value: str | None, *, field: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(_("This field is required."), field=field)
    if len(text) > max_length:
        raise InvalidInput(_("At most %(count)s characters.") % {"count": max_length}, field=field)
    return text


def check_phone(value: str | None, *, field: str, required: bool) -> str:
    phone = (value or "").strip().replace(" ", "")
    if not phone:
        if required:
            raise InvalidInput(_("This field is required."), field=field)
        return ""
    if not PHONE_PATTERN.match(phone):
        raise InvalidInput(_("Enter a valid phone number."), field=field)
    return phone


def submissions_per_hour() -> int:
    return int(getattr(settings, "COMPLAINTS_SUBMISSIONS_PER_HOUR", DEFAULT_SUBMISSIONS_PER_HOUR))


def check_flood(model: type[Model], *, source_ip: str, time_field: str, at: datetime) -> None:
    """Refuse a public submission when this address already sent the hourly maximum.

    Counted from the stored rows of `model` in the last hour (a database count, so it holds
    across server processes); the limit is settings.COMPLAINTS_SUBMISSIONS_PER_HOUR (default 5).
    """
    if not source_ip:
        return
    limit = submissions_per_hour()
    recent = model._default_manager.filter(
        submitted_ip=source_ip, **{f"{time_field}__gte": at - timedelta(hours=1)}
    ).count()
    if recent >= limit:
        raise InvalidInput(
            _(
                "Too many submissions from your address: at most %(count)s per hour. "
                "Please try again later or call the hotline."
            )
            % {"count": limit},
            field="non_field_errors",
            code="throttled",
        )


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def audit_identity_view(user: User, complaint: Model) -> None:
    """Record that a handler saw a named complainant's identity unmasked (等保2.0: every
    unmasked view of personal data is audited)."""
    if getattr(complaint, "is_anonymous", True):
        return
    if user_may(user, Perm.COMPLAINT_HANDLE, complaint.unit):  # type: ignore[attr-defined]
        audit(
            actor=user,
            action="personal_data.unmask",
            obj=complaint,
            detail={"complainant": "name, phone"},
        )
