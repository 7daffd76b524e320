"""Public reads answered from the cache while what they show is unchanged.

The public service guide and the catalog API are the most asked pages of the portal and the
same for every visitor; building them costs ~10 ms of CPU each (ORM rows, template or
serializer), a reviewer's whole request elsewhere. They are kept in the process's cache under
a key made of what the answer depends on: the request (path, query, host, language) and a
*stamp* of the data, read from the database on every request, that changes whenever the data
may have changed. A cached answer is therefore never older than the database: every app
server sees a write at its next request, and nothing needs to be told (no TTL to tune, no
invalidation message between processes). The entries also lapse after `PUBLIC_CACHE_SECONDS`,
only to bound the memory a rarely asked query holds.

Only what is the same for everyone is cached: the caller decides (anonymous visitors without a
session or pending messages; staff who may see more are never served from it), and only
complete, successful answers are stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import get_language

from xiaoneng.core.models import AuditRecord

T = TypeVar("T")

#: How long an entry may stay unasked before the cache drops it (memory, not freshness).
PUBLIC_CACHE_SECONDS = 600


def audit_stamp(object_types: tuple[str, ...]) -> int:
    """The id of the newest audit record about an object of these types (0 if none).

    Every write of a service leaves an audit record naming its object (core/audit.py), so the
    stamp moves with every change of such an object; read through the (object_type, object_id)
    index, a few hundred entries at most per type.
    """
    newest = (
        AuditRecord.objects.filter(object_type__in=object_types)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    return int(newest or 0)


def is_public_visitor(request: HttpRequest) -> bool:
    """Signed out, without a session or pending messages: the page is the one everyone gets."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def request_key(request: HttpRequest, *parts: object) -> str:
    """A cache key for this request's answer: path, query, host, language and `parts`."""
    raw = "\x1f".join(
        str(p) for p in (request.get_host(), request.get_full_path(), get_language(), *parts)
    )
    return "public:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(key: str, build: Callable[[], T]) -> T:
    """The value under `key`, or `build()` stored there (an exception is not stored)."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, PUBLIC_CACHE_SECONDS)
    return value
