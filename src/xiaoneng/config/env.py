"""Typed readers for XIAONENG_* environment variables that fail loudly on bad values.

A misspelt boolean or a non-numeric port must stop the server at start-up, not be read as a
default: a government system silently running with the wrong settings is worse than one that
refuses to start.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

PREFIX = "XIAONENG_"
_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    return os.environ.get(PREFIX + name)


def env_str(name: str, default: str | object = _MISSING) -> str:
    value = _raw(name)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(f"Set the environment variable {PREFIX}{name}.")
        return str(default)
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{PREFIX}{name}={value!r} is not a boolean; use one of {sorted(_TRUE | _FALSE - {''})}."
    )


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{PREFIX}{name}={value!r} is not an integer.") from exc


def env_list(name: str, default: list[str] | object = _MISSING) -> list[str]:
    value = _raw(name)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(
                f"Set the environment variable {PREFIX}{name} (comma-separated list)."
            )
        return list(default)  # type: ignore[call-overload,arg-type]
    return [item.strip() for item in value.split(",") if item.strip()]


def env_oidc_realm(name: str) -> dict[str, str] | None:
    """One unified-sign-in realm (OpenID Connect) from XIAONENG_OIDC_<NAME>_*, or None when its
    client id is not set. Endpoints are given explicitly: a closed network may not reach the
    provider's discovery document when the server starts."""
    prefix = f"OIDC_{name.upper()}_"
    client_id = env_str(prefix + "CLIENT_ID", "")
    if not client_id:
        return None
    return {
        "LABEL": env_str(prefix + "LABEL", ""),  # the sign-in button; a translated default
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_CLIENT_SECRET": env_str(prefix + "CLIENT_SECRET"),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": env_str(prefix + "AUTHORIZATION_ENDPOINT"),
        "OIDC_OP_TOKEN_ENDPOINT": env_str(prefix + "TOKEN_ENDPOINT"),
        "OIDC_OP_USER_ENDPOINT": env_str(prefix + "USERINFO_ENDPOINT"),
        "OIDC_OP_JWKS_ENDPOINT": env_str(prefix + "JWKS_ENDPOINT"),
        "OIDC_RP_SIGN_ALGO": env_str(prefix + "SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": env_str(prefix + "SCOPES", "openid profile"),
        "USERNAME_CLAIM": env_str(prefix + "USERNAME_CLAIM", "preferred_username"),
    }
