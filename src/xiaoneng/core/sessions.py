"""Signed-in sessions: who is signed in where, and ending sessions one at a time.

等保2.0 level 3 (DOMAIN.md §6) asks that a person can see and end their sessions and that the
security administrator can sign an account out everywhere:

- every sign-in is recorded with the device (user agent), the address and the time
  (`session_register`, on Django's `user_logged_in`);
- the holder ends one of their sessions (`session_end`) or all the others
  (`sessions_end_others`); someone else's session is not found, whoever asks;
- the security administrator ends every session of a staff member of their government
  (`staff_sessions_end`), giving a reason; refusals are audited too.

An ended session's row is deleted: its next request arrives signed out (the workbench sends
it to the sign-in page, the API answers 401). API tokens are separate (core/tokens.py).
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput, NotFound, NotPermitted
from xiaoneng.core.middleware import client_ip
from xiaoneng.core.models import SignedInSession, User
from xiaoneng.core.roles import Perm
from xiaoneng.core.staff_lifecycle import sessions_revoke

REASON_MAX_LENGTH = 200

# (marker in the user agent, name shown), first match wins: Edge and Opera also say "Chrome",
# Chrome also says "Safari", WeChat's browser says both.
BROWSERS = (
    ("MicroMessenger", "WeChat"),
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Mac OS X", "macOS"),
    ("HarmonyOS", "HarmonyOS"),
    ("Linux", "Linux"),
)


def device_of(user_agent: str) -> str:
    """A short name for the device of a user agent ("Chrome · Windows"), "" when unknown."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in SYSTEMS if marker in user_agent), "")
    return " · ".join(part for part in (browser, system) if part)


def session_register(*, request: HttpRequest, user: User) -> SignedInSession:
    """Record that `request`'s session now belongs to `user` (called at every sign-in)."""
    session = request.session
    if session.session_key is None:  # signing in over another account's session flushed it
        session.save()
    record, _created = SignedInSession.objects.update_or_create(
        session_id=session.session_key,
        defaults={
            "user": user,
            "user_agent": request.headers.get("User-Agent", "")[:300],
            "ip": client_ip(request),
            "signed_in_at": timezone.now(),
        },
    )
    return record


def _end(keys: list[str]) -> int:
    _total, by_model = Session.objects.filter(session_key__in=keys).delete()
    return by_model.get(Session._meta.label, 0)


def session_end(*, actor: User, session_id: int) -> int:
    """The holder ends one of their own sessions (the current one signs them out).

    A session of someone else is not found, as is an unknown or already ended one.
    """
    record = (
        SignedInSession.objects.filter(
            pk=session_id, user=actor, session__expire_date__gt=timezone.now()
        )
        .only("pk", "session_id")
        .first()
    )
    if record is None:
        raise NotFound(_("You have no such session."), field="session")
    with transaction.atomic():
        ended = _end([record.session_id])
        audit(
            actor=actor,
            action="auth.session_end",
            obj=actor,
            detail={"session": session_id, "ended": ended},
        )
    return ended


def sessions_end_others(*, actor: User, current_session_key: str | None) -> int:
    """The holder ends every session of theirs but the one making the request (all of them
    when the request comes with an API token)."""
    keys = list(
        SignedInSession.objects.filter(user=actor, session__expire_date__gt=timezone.now())
        .exclude(session_id=current_session_key or "")
        .values_list("session_id", flat=True)
    )
    with transaction.atomic():
        ended = _end(keys)
        audit(actor=actor, action="auth.session_end", obj=actor, detail={"others": ended})
    return ended


def staff_sessions_end(*, actor: User, user: User, reason: str) -> int:
    """The security administrator signs a staff member out everywhere (their API tokens stay:
    `token_revoke` ends those). The reason is kept in the audit trail.

    Also ends sessions from before sign-ins were recorded (`sessions_revoke` reads them all).
    """
    if not user_may(actor, Perm.SECURITY_MANAGE, user.organization):
        audit(
            actor=actor,
            action="auth.session_revoke",
            obj=user,
            result="refused",
            detail={"reason": reason.strip()[:REASON_MAX_LENGTH]},
        )
        raise NotPermitted(_("Only the security administrator ends someone else's sessions."))
    if actor.pk == user.pk:
        raise InvalidInput(
            _("End your own sessions on your account page (/workbench/account/sessions/)."),
            field="user",
        )
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Give the reason for ending the sessions."), field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput(
            _("At most %(count)s characters.") % {"count": REASON_MAX_LENGTH}, field="reason"
        )
    with transaction.atomic():
        ended = sessions_revoke(user=user)
        audit(
            actor=actor,
            action="auth.session_revoke",
            obj=user,
            detail={"reason": reason, "ended": ended},
        )
    return ended
