"""A staff member's working life after onboarding: edits, transfers, offboarding, password reset.

- Edits and transfers need `user.manage` over the person's unit (and the new unit); a transfer
  is kept as a `StaffTransfer` and restarts the post start date, the rotation clock of
  DOMAIN.md §4.
- Offboarding never deletes: the account is deactivated, its sessions and API tokens revoked,
  its history kept (等保2.0 level 3: accounts of people who left are closed promptly). An
  administrator's account is offboarded only by the security administrator (三员分立).
- A password reset is the security administrator's (`security.manage`), never the system
  administrator's: it issues a one-time password and forces a change at the next sign-in.

Rotation (evaluation) reads post history, not the user row; core never imports it, so every
change of someone's unit, post or start date here and in the import is announced with
`staff_posts_changed`, inside the transaction, and evaluation keeps its post history from it.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.masking import mask_phone
from xiaoneng.core.models import Organization, Rank, StaffTransfer, User, UserKind
from xiaoneng.core.roles import Perm
from xiaoneng.core.tokens import token_revoke_all_for_user

EDITABLE = ("real_name", "post", "rank", "phone", "email")


@dataclass(frozen=True)
class PostState:
    """Where someone works from `since` on; `left_on` set when they left the service."""

    user_id: int
    unit_id: int | None
    post: str
    rank: str
    since: date | None
    left_on: date | None = None


#: Sent with ``states=[PostState, ...]`` inside the transaction that changed them (sender=User).
staff_posts_changed = Signal()


def posts_announce(states: Sequence[PostState]) -> None:
    if states:
        staff_posts_changed.send(sender=User, states=list(states))


def _state(user: User) -> PostState:
    return PostState(user.pk, user.organization_id, user.post, user.rank, user.post_since)


def _require(actor: User | None, perm: str, organization: Organization | None) -> None:
    if actor is not None and not user_may(actor, perm, organization):
        raise NotPermitted(_("You are not allowed to do this here."))


def _require_active_staff(user: User) -> None:
    if user.kind != UserKind.STAFF:
        raise InvalidInput(_("This account belongs to an applicant."), field="user")
    if not user.is_active:
        raise Conflict(_("This account was offboarded."), field="user")


def user_update(*, actor: User | None, user: User, **fields: Any) -> User:
    """Change a staff member's name, post, rank, phone or e-mail (the unit: `user_transfer`)."""
    _require(actor, Perm.USER_MANAGE, user.organization)
    _require_active_staff(user)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidInput(_("Unknown field."), field=sorted(unknown)[0])
    if "real_name" in fields and not str(fields["real_name"] or "").strip():
        raise InvalidInput(_("A name is required."), field="real_name")
    if fields.get("rank") and fields["rank"] not in Rank.values:
        raise InvalidInput(_("Unknown rank."), field="rank")
    changes = {k: v for k, v in fields.items() if getattr(user, k) != v}
    if not changes:
        return user
    with transaction.atomic():
        for key, value in changes.items():
            setattr(user, key, value)
        user.save(update_fields=list(changes))
        audit(
            actor=actor,
            action="user.update",
            obj=user,
            detail=audit_detail(changes),
        )
        if {"post", "rank"} & set(changes):
            posts_announce([_state(user)])
    return user


def audit_detail(changes: dict[str, Any]) -> dict[str, str]:
    """Changed fields for the audit trail, the phone masked (personal data, DOMAIN.md §6)."""
    return {
        key: mask_phone(str(value)) if key == "phone" else str(value)
        for key, value in changes.items()
    }


def user_transfer(
    *,
    actor: User | None,
    user: User,
    to_unit: Organization,
    to_post: str | None = None,
    transferred_on: date | None = None,
) -> StaffTransfer:
    """Move a staff member to another unit, keeping the move; the post start date restarts.

    A blank `to_post` keeps the current post's name; the date may not lie in the future nor
    before the current post began.
    """
    _require(actor, Perm.USER_MANAGE, user.organization)
    _require(actor, Perm.USER_MANAGE, to_unit)
    _require_active_staff(user)
    on = transferred_on or timezone.localdate()
    if on > timezone.localdate():
        raise InvalidInput(_("The date lies in the future."), field="transferred_on")
    if user.post_since and on < user.post_since:
        raise InvalidInput(
            _("The transfer date comes before the current post began (%(date)s).")
            % {"date": user.post_since.isoformat()},
            field="transferred_on",
        )
    if user.organization_id == to_unit.pk:
        raise InvalidInput(_("The person already works in this unit."), field="to_unit")
    post = (to_post or "").strip() or user.post
    if len(post) > 100:
        raise InvalidInput(_("At most 100 characters."), field="to_post")
    with transaction.atomic():
        transfer = StaffTransfer.objects.create(
            user=user,
            from_unit=user.organization,
            to_unit=to_unit,
            from_post=user.post,
            to_post=post,
            transferred_on=on,
            recorded_by=actor if actor is not None and actor.pk else None,
        )
        user.organization, user.post, user.post_since = to_unit, post, on
        user.save(update_fields=["organization", "post", "post_since"])
        audit(
            actor=actor,
            action="user.transfer",
            obj=user,
            detail={
                "from": transfer.from_unit_id,
                "to": to_unit.pk,
                "post": post,
                "on": on.isoformat(),
            },
        )
        posts_announce([_state(user)])
    return transfer


def sessions_revoke(*, user: User) -> int:
    """Delete every open session of `user` (the session store keys them only by content)."""
    doomed = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now())
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


def tokens_revoke(*, user: User) -> None:
    """End every API token of `user`."""
    token_revoke_all_for_user(user)


def user_offboard(*, actor: User | None, user: User, reason: str = "") -> User:
    """Close the account of someone who left: inactive, signed out everywhere, history kept."""
    if user.is_administrator:
        _require(actor, Perm.SECURITY_MANAGE, user.organization)
    else:
        _require(actor, Perm.USER_MANAGE, user.organization)
    _require_active_staff(user)
    if actor is not None and actor.pk == user.pk:
        raise InvalidInput(_("You cannot offboard your own account."), field="user")
    with transaction.atomic():
        user.is_active = False
        user.offboarded_at = timezone.now()
        user.save(update_fields=["is_active", "offboarded_at"])
        sessions = sessions_revoke(user=user)
        tokens_revoke(user=user)
        audit(
            actor=actor,
            action="user.offboard",
            obj=user,
            detail={"reason": reason.strip()[:200], "sessions": sessions},
        )
        left = timezone.localdate()
        posts_announce([replace(_state(user), left_on=left)])
    return user


def _temporary_password() -> str:
    alphabet = string.ascii_letters + string.digits
    body = "".join(secrets.choice(alphabet) for _i in range(12))
    # One of each class, so the password policy (length, not only digits) always passes.
    return f"{body}@{secrets.choice(string.digits)}{secrets.choice(string.ascii_uppercase)}"


def user_password_reset(*, actor: User, user: User) -> str:
    """Issue a one-time password; the person must choose a new one at the next sign-in.

    Only the security administrator resets passwords (三员分立, 等保2.0 level 3); existing
    sessions and API tokens of the account end. Returns the one-time password, shown once.
    """
    _require(actor, Perm.SECURITY_MANAGE, user.organization)
    _require_active_staff(user)
    if actor.pk == user.pk:
        raise InvalidInput(_("Change your own password on your account page."), field="user")
    password = _temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.must_change_password = True
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        sessions_revoke(user=user)
        tokens_revoke(user=user)
        audit(actor=actor, action="user.password_reset", obj=user)
    return password
