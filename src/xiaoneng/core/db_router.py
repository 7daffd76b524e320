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

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_DB_ALIAS = "replica"

# A context variable, not a module flag: each request thread (and task) has its own scope.
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads in this block (or decorated view) may be served by the replica, a moment late."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


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
