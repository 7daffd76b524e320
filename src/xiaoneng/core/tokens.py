"""API tokens: issued by user name, password and — for the three administrators — the current
second-factor code; lapsing after TOKEN_IDLE_MINUTES without use; revoked by the security
administrator, by their holder, and on offboarding or a password reset.

The credential is DRF's `Token` (one per account); `ApiTokenUse` records its last use and
whether it was issued after the second factor, so a token issued before an account became an
administrator, or before this rule, does not carry administrator rights (等保2.0 level 3,
DOMAIN.md §6).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import DomainError, InvalidInput, NotFound, NotPermitted
from xiaoneng.core.models import ApiTokenUse, User
from xiaoneng.core.roles import Perm
from xiaoneng.core.sign_in import password_has_expired, second_factor_required

# Last use is written at most this often per token: one UPDATE a minute, not one per request.
TOUCH_INTERVAL = timedelta(minutes=1)


class AccountLocked(DomainError):
    """Too many failed sign-ins (django-axes): refused until the lock-out ends or is lifted."""

    status_code = 429
    code = "locked_out"


def locked_message() -> str:
    return _(
        "This account is locked after %(failures)s failed sign-ins; try again in %(minutes)s "
        "minutes or ask the security administrator to unlock it."
    ) % {
        "failures": settings.AXES_FAILURE_LIMIT,
        "minutes": round(float(settings.AXES_COOLOFF_TIME) * 60),
    }


def idle_limit() -> timedelta:
    return timedelta(minutes=settings.TOKEN_IDLE_MINUTES)


def _has_use(token: Token) -> bool:
    try:
        token.use  # noqa: B018 — a reverse one-to-one raises when there is none
    except ApiTokenUse.DoesNotExist:
        return False
    return True


def has_second_factor_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_verify(user: User, code: str) -> Device | None:
    """The confirmed device whose current code is `code`, or None.

    django-otp refuses a code already used (replay) and slows down repeated failures.
    """
    code = (code or "").strip()
    if not code:
        return None
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def token_refusal(token: Token) -> str | None:
    """Why `token` may not be used now, or None. Reasons are for the holder to read."""
    use = token.use if _has_use(token) else None
    last = use.last_used_at if use is not None else token.created
    if timezone.now() - last > idle_limit():
        return _(
            "The token lapsed after %(minutes)s minutes without use; obtain a new one "
            "(POST /api/v1/auth/token/)."
        ) % {"minutes": settings.TOKEN_IDLE_MINUTES}
    if second_factor_required(token.user) and not (use is not None and use.has_second_factor):
        return _(
            "Administrators need a token issued with the second factor; obtain a new one "
            "with otp_token (POST /api/v1/auth/token/)."
        )
    return None


def token_touch(token: Token) -> None:
    """Record a use, at most once a minute per token."""
    now = timezone.now()
    if _has_use(token):
        if now - token.use.last_used_at >= TOUCH_INTERVAL:
            ApiTokenUse.objects.filter(pk=token.pk).update(last_used_at=now)
            token.use.last_used_at = now
    elif now - token.created >= TOUCH_INTERVAL:
        ApiTokenUse.objects.get_or_create(token=token, defaults={"last_used_at": now})


def token_obtain(
    *, request: HttpRequest, username: str, password: str, otp_token: str = ""
) -> Token:
    """User name + password (+ the current TOTP code for the three administrators) → a token.

    Refusals: wrong credentials (400, field password), a locked account (429, field
    username), an expired password (400, field password), a missing or wrong code (400, field
    otp_token). A wrong code counts towards the account lock-out like a wrong password.
    """
    user = authenticate(request=request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise AccountLocked(locked_message(), field="username")
    if user is None or not isinstance(user, User):
        raise InvalidInput(
            _("Unable to sign in with the user name and password given."), field="password"
        )
    if password_has_expired(user):
        audit(
            actor=user,
            action="auth.token_issue",
            obj=user,
            result="refused",
            detail={"reason": "password_expired"},
        )
        raise InvalidInput(
            _(
                "Your password has expired; change it in the workbench "
                "(/workbench/account/password/) and ask for a token again."
            ),
            field="password",
            code="password_expired",
        )
    has_second_factor = False
    if second_factor_required(user):
        if not has_second_factor_device(user):
            raise InvalidInput(
                _(
                    "Administrators sign in with a second factor: set up your authenticator "
                    "in the workbench (/workbench/account/two-factor/) first."
                ),
                field="otp_token",
                code="otp_not_set_up",
            )
        if not (otp_token or "").strip():
            raise InvalidInput(
                _("Administrators must give the current 6-digit code of their authenticator."),
                field="otp_token",
                code="otp_required",
            )
        if second_factor_verify(user, otp_token) is None:
            audit(
                actor=user,
                action="auth.two_factor",
                obj=user,
                result="failed",
                detail={"via": "api"},
            )
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=request
            )  # counts towards the lock-out (django-axes)
            raise InvalidInput(
                _("This code is wrong or has expired."), field="otp_token", code="otp_invalid"
            )
        has_second_factor = True
    return token_issue(user=user, has_second_factor=has_second_factor)


def token_issue(*, user: User, has_second_factor: bool) -> Token:
    """The account's token, renewed when the old one lapsed or lacks the second factor."""
    now = timezone.now()
    with transaction.atomic():
        token = Token.objects.select_related("user").filter(user=user).first()
        if token is not None and token_refusal(token) is not None:
            token.delete()
            token = None
        if token is None:
            token = Token.objects.create(user=user)
        use, created = ApiTokenUse.objects.get_or_create(
            token=token,
            defaults={"last_used_at": now, "has_second_factor": has_second_factor},
        )
        if not created:
            use.last_used_at = now
            use.has_second_factor = use.has_second_factor or has_second_factor
            use.save(update_fields=["last_used_at", "has_second_factor"])
        audit(
            actor=user,
            action="auth.token_issue",
            obj=user,
            detail={"second_factor": has_second_factor},
        )
    return token


def token_revoke_all_for_user(user: User) -> int:
    """End every API token of `user` (offboarding, password reset). Returns how many.

    The caller checks permission and writes its own audit record.
    """
    _total, by_model = Token.objects.filter(user=user).delete()
    return by_model.get(Token._meta.label, 0)


def token_revoke(*, actor: User, username: str) -> int:
    """The security administrator ends the API tokens of an account (of their government).

    Every attempt is audited; an unknown account is not-found, one outside the actor's reach
    is refused.
    """
    user = User.objects.filter(username=username).select_related("organization").first()
    if not user_may(actor, Perm.SECURITY_MANAGE, user.organization if user else None):
        audit(
            actor=actor,
            action="auth.token_revoke",
            object_type="core.user",
            object_id=username[:80],
            result="refused",
        )
        raise NotPermitted(_("Only the security administrator revokes tokens."))
    if user is None:
        raise NotFound(_("No account has this user name."), field="username")
    with transaction.atomic():
        revoked = token_revoke_all_for_user(user)
        audit(actor=actor, action="auth.token_revoke", obj=user, detail={"revoked": revoked})
    return revoked


def token_revoke_own(*, user: User) -> int:
    """Sign out of the API: the holder ends their own token."""
    with transaction.atomic():
        revoked = token_revoke_all_for_user(user)
        audit(actor=user, action="auth.token_revoke", obj=user, detail={"revoked": revoked})
    return revoked
