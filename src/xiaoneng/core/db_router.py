"""Read-only dashboards and reports read from a PostgreSQL streaming replica (docs/deploy.md,
"A read replica").

With XIAONENG_REPLICA_URL set, settings add a "replica" database and this router. Every write,
every migration and every read outside an explicit scope go to "default" (the primary). Inside
`reading_from_replica()` — a context manager and a decorator, put on the heavy read-only GET
views — reads go to the replica, except inside a transaction on the primary (`audit(...)` reads
the chain's last record and a service reads what it is about to change: those reads must see
the primary). A replica replays the primary's WAL a moment late, so a view that must show what
its user has just written (a queue after an action, a job just queued) is never put in the
scope. Without a replica the scope changes nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import suppress
from contextvars import ContextVar, Token
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA_DB_ALIAS = "replica"

# A context variable, not a module flag: each request thread (and task) has its own scope.
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

#: After the replica failed, this process reads on the primary for so long before it tries the
#: replica again: a replica that is down slows no page and fails none (no 500s), it only loses
#: its share of the load until it is back.
RETRY_SECONDS = 30.0
_down_until = 0.0


def _replica_failed(error: BaseException) -> None:
    global _down_until  # noqa: PLW0603  (one process-wide state: the replica is up or down)
    _down_until = time.monotonic() + RETRY_SECONDS
    with suppress(DatabaseError):  # a broken connection may fail to close: dropped either way
        connections[REPLICA_DB_ALIAS].close()
    logger.warning(
        "the read replica failed (%s); reads stay on the primary for %.0f s", error, RETRY_SECONDS
    )


def _replica_usable() -> bool:
    """The replica is configured, did not fail in the last RETRY_SECONDS, and connects."""
    if not replica_configured() or time.monotonic() < _down_until:
        return False
    try:
        connections[REPLICA_DB_ALIAS].ensure_connection()
    except DatabaseError as error:
        _replica_failed(error)
        return False
    return True


def _replica_answers() -> bool:
    """After an error in the scope: was it the replica's (it no longer answers)?"""
    try:
        connections[REPLICA_DB_ALIAS].close()
        with connections[REPLICA_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        _replica_failed(error)
        return False
    return True


class _ReadOnlyScope:
    """`with reading_from_replica():` or `@reading_from_replica()` (see there)."""

    def __init__(self) -> None:
        self._token: Token[bool] | None = None

    def __enter__(self) -> None:
        self._token = _reading_from_replica.set(_replica_usable())

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _reading_from_replica.reset(self._token)

    def __call__(self, view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def routed(*args: P.args, **kwargs: P.kwargs) -> R:
            with _ReadOnlyScope():  # one scope per call: requests run in many threads
                routed_here = _reading_from_replica.get()
                try:
                    return view(*args, **kwargs)
                except DatabaseError:
                    if not routed_here or _replica_answers():
                        raise  # the primary's error, or the query's own: not the replica's
            # the replica went away during the request: the same read-only view on the primary
            return view(*args, **kwargs)

        return routed


def reading_from_replica() -> _ReadOnlyScope:
    """Reads in this block (or decorated view) may be served by the replica, a moment late.

    A replica that does not connect is left out for RETRY_SECONDS (the reads go to the
    primary); a decorated view whose replica fails during the request runs once more on the
    primary, which a read-only view allows."""
    return _ReadOnlyScope()


def replica_configured() -> bool:
    return REPLICA_DB_ALIAS in settings.DATABASES


class PrimaryReplicaRouter:
    """Writes and migrations on the primary; reads on the replica only in the read-only scope."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if (
            _reading_from_replica.get()
            and replica_configured()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA_DB_ALIAS
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two servers: any two rows may relate

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema through WAL
