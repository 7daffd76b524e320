"""Unified sign-in through the government's identity platform (统一身份认证), by OpenID Connect.

Two realms, configured apart (settings.OIDC_REALMS, from XIAONENG_OIDC_STAFF_* and
XIAONENG_OIDC_APPLICANT_*; docs/sso.md):

- **staff** sign in to an account the city has already onboarded, matched by the platform's
  account name (the `USERNAME_CLAIM`, `preferred_username` by default). The platform never creates
  staff accounts, and the three administrators (系统/安全/审计管理员) always sign in locally with
  their second factor (等保2.0 level 3 asks for two factors for administrators; the platform's
  single factor does not give it), so the platform is refused for them;
- **applicants** (citizens and enterprises) are identified by the validated ID number the platform
  vouches for (resident ID, GB 11643, or unified social credit code, GB 32100): the first sign-in
  creates their account, later ones find it, also when they registered locally before.

mozilla-django-oidc does the protocol (authorization code with PKCE, state, nonce, RS256 ID token
checked against the platform's keys). Each realm's backend answers only on its own callback URL,
so the two never exchange each other's codes. Every refusal is audited.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.identifiers import validate_credit_code, validate_resident_id
from xiaoneng.core.models import Applicant, ApplicantKind, User, UserKind
from xiaoneng.core.roles import ADMIN_ROLES

logger = logging.getLogger(__name__)

STAFF = "staff"
APPLICANT = "applicant"

# What each realm does where its configuration is silent.
_REALM_DEFAULTS: dict[str, dict[str, Any]] = {
    STAFF: {
        "OIDC_CREATE_USER": False,
        "LOGIN_REDIRECT_URL": "/workbench/",
        "LOGIN_REDIRECT_URL_FAILURE": "/workbench/sign-in/?sso=failed",
    },
    APPLICANT: {
        "OIDC_CREATE_USER": True,
        "LOGIN_REDIRECT_URL": "/",
        "LOGIN_REDIRECT_URL_FAILURE": "/sign-in/?sso=failed",
    },
}
_COMMON_DEFAULTS: dict[str, Any] = {
    "OIDC_USE_PKCE": True,
    "OIDC_USE_NONCE": True,
    "OIDC_TIMEOUT": 10,
    "OIDC_STORE_ID_TOKEN": False,
}


def realm_config(realm: str) -> dict[str, Any] | None:
    """The realm's settings, or None when it is not configured (its sign-in is then off)."""
    configured = getattr(settings, "OIDC_REALMS", {}) or {}
    config = configured.get(realm)
    return dict(config) if config else None


def realm_button(realm: str) -> dict[str, str] | None:
    """What a sign-in page shows for the realm: its start URL and label, or None."""
    config = realm_config(realm)
    if config is None:
        return None
    return {
        "url": reverse(f"sso:{realm}-start"),
        "label": config.get("LABEL") or _("Sign in with the unified identity platform"),
    }


class _RealmSettings:
    """mozilla-django-oidc reads every option through `get_settings`; here, per realm."""

    realm: ClassVar[str]

    def get_settings(self, attr: str, *args: Any) -> Any:  # type: ignore[override]
        config = realm_config(self.realm) or {}
        if attr in config:
            return config[attr]
        if attr == "OIDC_AUTHENTICATION_CALLBACK_URL":
            return f"sso:{self.realm}-callback"
        for defaults in (_REALM_DEFAULTS[self.realm], _COMMON_DEFAULTS):
            if attr in defaults:
                return defaults[attr]
        return import_from_settings(attr, *args)


def _refuse(realm: str, reason: str, claims: dict[str, Any], user: User | None = None) -> None:
    audit(
        actor=user,
        actor_name=str(claims.get("preferred_username") or claims.get("sub") or ""),
        action="auth.sso_refused",
        object_type="core.user",
        object_id=str(user.pk) if user else "",
        result="refused",
        detail={"realm": realm, "reason": reason},
    )
    raise SuspiciousOperation(reason)


class _RealmBackend(_RealmSettings, OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for every password sign-in: an unconfigured realm must not
        # fail there, it just never authenticates.
        self.configured = realm_config(self.realm) is not None
        self.UserModel = User
        if self.configured:
            super().__init__(*args, **kwargs)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:  # type: ignore[override]
        if not self.configured or request is None:
            return None
        if request.path != reverse(f"sso:{self.realm}-callback"):
            return None  # another realm's callback, or a password sign-in
        return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))


class StaffOIDCBackend(_RealmBackend):
    """Staff: an onboarded, active account with the platform's account name; never an
    administrator (they sign in locally with TOTP); never created here."""

    realm = STAFF

    def _username(self, claims: dict[str, Any]) -> str:
        claim = (realm_config(STAFF) or {}).get("USERNAME_CLAIM", "preferred_username")
        return str(claims.get(claim) or "").strip()

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(self._username(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return User.objects.filter(username=self._username(claims), kind=UserKind.STAFF)

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        if user.roles.filter(role__in=ADMIN_ROLES).exists():  # type: ignore[attr-defined]
            _refuse(STAFF, "administrators sign in locally with their second factor", claims, user)
        if not user.is_active or user.offboarded_at is not None:
            _refuse(STAFF, "the account is deactivated", claims, user)
        return user

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None:
            _refuse(STAFF, "no onboarded staff account has this account name", payload)
        return user


class ApplicantOIDCBackend(_RealmBackend):
    """Citizens and enterprises, by the ID number the platform vouches for."""

    realm = APPLICANT

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub")) and bool(str(claims.get("id_number") or "").strip())

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        kind, id_number = _applicant_identity(claims)
        applicant = Applicant.objects.filter(kind=kind, id_number=id_number).first()
        if applicant is None or applicant.account_id is None:
            return User.objects.none()
        return User.objects.filter(pk=applicant.account_id, kind=UserKind.APPLICANT)

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        if not user.is_active:
            _refuse(APPLICANT, "the account is deactivated", claims, user)
        return user

    def create_user(self, claims: dict[str, Any]) -> User:
        return applicant_account_from_platform(claims)


def _applicant_identity(claims: dict[str, Any]) -> tuple[str, str]:
    raw = str(claims.get("id_number") or "").strip()
    try:
        if len(raw) == 18 and raw[:2].isdigit() and raw[-1:].upper() in "0123456789X":
            try:
                return ApplicantKind.NATURAL_PERSON, validate_resident_id(raw)
            except InvalidInput:
                pass
        return ApplicantKind.LEGAL_PERSON, validate_credit_code(raw).value
    except InvalidInput:
        _refuse(APPLICANT, "the platform gave no valid ID number", claims)
        raise  # unreachable: _refuse raises


def applicant_account_from_platform(claims: dict[str, Any]) -> User:
    """First unified sign-in of a citizen or enterprise: the applicant (found by ID number or
    made) gets a public account without a local password."""
    kind, id_number = _applicant_identity(claims)
    name = str(claims.get("name") or "").strip() or id_number
    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().filter(
            kind=kind, id_number=id_number
        ).first() or Applicant(kind=kind, id_number=id_number, name=name)
        if applicant.account_id:
            return applicant.account  # type: ignore[return-value]
        base = f"sso-{claims['sub']}"[:140]
        username, n = base, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{base}-{n}"
        account = User(username=username, real_name=name, kind=UserKind.APPLICANT)
        account.set_unusable_password()
        account.save()
        applicant.account = account
        applicant.save()
        audit(
            actor=account,
            action="applicant.register",
            obj=applicant,
            detail={"via": "unified identity platform"},
        )
    return account


class _RealmViewMixin(_RealmSettings):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if realm_config(self.realm) is None:
            raise Http404(_("Unified sign-in is not configured."))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc, no-any-return]


class _RequestView(_RealmViewMixin, OIDCAuthenticationRequestView):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads the realm's endpoints in __init__; an unconfigured realm gets a 404.
        if realm_config(self.realm) is None:
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
            return
        super().__init__(*args, **kwargs)


class _CallbackView(_RealmViewMixin, OIDCAuthenticationCallbackView):
    def login_failure(self) -> HttpResponse:
        return HttpResponseRedirect(self.failure_url)


class StaffStartView(_RequestView):
    realm = STAFF


class StaffCallbackView(_CallbackView):
    realm = STAFF


class ApplicantStartView(_RequestView):
    realm = APPLICANT


class ApplicantCallbackView(_CallbackView):
    realm = APPLICANT
