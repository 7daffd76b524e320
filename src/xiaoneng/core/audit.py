"""The append-only, hash-chained audit trail (等保2.0 level 3, DOMAIN.md §6).

Every writing service call, every sign-in/out/failure, every export and every unmasked view of
personal data calls `audit()`. Records are chained: hash = H(previous_hash ‖ canonical fields),
with H = SM3 (GB/T 32905) where hashlib offers it, SHA-256 otherwise. `audit_verify()` walks the
chain and names the first record whose hash or link does not match, which catches edits and
deletions made directly in the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.context import request_id_var, source_ip_var
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import AuditRecord, User

HASH_ALGORITHM = "sm3" if "sm3" in hashlib.algorithms_available else "sha256"
GENESIS = "0" * 64


def _digest(previous_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    h = hashlib.new(HASH_ALGORITHM)
    h.update(previous_hash.encode())
    h.update(canonical.encode("utf-8"))
    return h.hexdigest()


def _fields(record: AuditRecord) -> dict[str, Any]:
    return {
        "id": record.pk,
        "at": record.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": record.actor_id,
        "actor_name": record.actor_name,
        "action": record.action,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "result": record.result,
        "source_ip": record.source_ip,
        "request_id": record.request_id,
        "detail": record.detail,
    }


def _lock_chain() -> None:
    # Appends must be serialized or two writers would chain to the same predecessor.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(7265606)")
    # SQLite: transactions are BEGIN IMMEDIATE (settings), so writers are already serialized.


def audit(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    result: str = "ok",
    detail: dict[str, Any] | None = None,
    actor_name: str = "",
) -> AuditRecord:
    """Append one audit record inside the caller's transaction (or its own)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    with transaction.atomic():
        _lock_chain()
        last = AuditRecord.objects.order_by("-id").only("id", "hash").first()
        previous_hash = last.hash if last else GENESIS
        record = AuditRecord(
            at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_name=actor_name
            or (actor.get_username() if actor is not None and actor.pk else ""),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            result=result,
            source_ip=source_ip_var.get(),
            request_id=request_id_var.get(),
            detail=json.loads(json.dumps(detail or {}, default=str)),
            previous_hash=previous_hash,
            hash="",
        )
        record.save(force_insert=True)
        record.hash = _digest(previous_hash, _fields(record))
        AuditRecord.objects.filter(pk=record.pk).update(hash=record.hash)
    return record


@dataclass(frozen=True)
class AuditEntry:
    """One record for `audit_many`: what `audit()` takes, without the actor."""

    action: str
    object_type: str
    object_id: str | int
    detail: dict[str, Any] | None = None
    result: str = "ok"


def audit_many(*, actor: User | None, entries: list[AuditEntry], batch_size: int = 2000) -> int:
    """Append many records at once (bulk imports), chained exactly as `audit()` chains them.

    Under the chain lock the ids are assigned here, one after the last record's, so every hash
    is computed before the rows are written; the id sequence is then moved past them.
    """
    if not entries:
        return 0
    with transaction.atomic():
        _lock_chain()
        last = AuditRecord.objects.order_by("-id").only("id", "hash").first()
        previous_hash = last.hash if last else GENESIS
        next_id = (last.id if last else 0) + 1
        at = timezone.now()
        actor_id = actor.pk if actor is not None and actor.pk else None
        actor_name = actor.get_username() if actor is not None and actor.pk else ""
        records = []
        for offset, entry in enumerate(entries):
            record = AuditRecord(
                id=next_id + offset,
                at=at,
                actor_id=actor_id,
                actor_name=actor_name,
                action=entry.action,
                object_type=entry.object_type,
                object_id=str(entry.object_id),
                result=entry.result,
                source_ip=source_ip_var.get(),
                request_id=request_id_var.get(),
                detail=json.loads(json.dumps(entry.detail or {}, default=str)),
                previous_hash=previous_hash,
                hash="",
            )
            record.hash = _digest(previous_hash, _fields(record))
            previous_hash = record.hash
            records.append(record)
        AuditRecord.objects.bulk_create(records, batch_size=batch_size)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [AuditRecord._meta.db_table, records[-1].id],
                )
    return len(records)


@dataclass(frozen=True)
class ChainBreak:
    record_id: int
    reason: str


def audit_verify(batch_size: int = 5000) -> ChainBreak | None:
    """Return the first broken link of the chain, or None when the whole chain is intact."""
    previous_hash = GENESIS
    previous_id = 0
    for record in _iterate(batch_size):
        if record.previous_hash != previous_hash:
            if record.id != previous_id + 1:
                return ChainBreak(
                    record.id,
                    _("record(s) %(first)s–%(last)s before this one were deleted")
                    % {"first": previous_id + 1, "last": record.id - 1},
                )
            return ChainBreak(record.id, _("link to the previous record does not match"))
        if _digest(record.previous_hash, _fields(record)) != record.hash:
            return ChainBreak(record.id, _("contents were changed after recording"))
        previous_hash = record.hash
        previous_id = record.id
    return None


def _iterate(batch_size: int) -> Iterator[AuditRecord]:
    last_id = 0
    while True:
        batch = list(AuditRecord.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id


def audit_purge(*, actor: User, before: datetime) -> int:
    """Purging is refused for anything younger than AUDIT_MIN_RETENTION_DAYS (≥ 6 months).

    Purged records are replaced by nothing: the chain then starts at the first kept record,
    whose previous_hash is re-anchored and the purge itself is audited.
    """
    limit = timezone.now() - timedelta(days=settings.AUDIT_MIN_RETENTION_DAYS)
    if before > limit:
        raise InvalidInput(
            _("Audit records younger than %(days)s days may not be purged.")
            % {"days": settings.AUDIT_MIN_RETENTION_DAYS},
            field="before",
        )
    with transaction.atomic():
        _lock_chain()
        doomed = AuditRecord.objects.filter(at__lt=before)
        count = doomed.count()
        # Raw delete: the chain is re-anchored below, so verify() still succeeds.
        doomed._raw_delete(doomed.db)  # type: ignore[attr-defined]
        first = AuditRecord.objects.order_by("id").first()
        if first is not None:
            AuditRecord.objects.filter(pk=first.pk).update(previous_hash=GENESIS)
            first.previous_hash = GENESIS
            AuditRecord.objects.filter(pk=first.pk).update(hash=_digest(GENESIS, _fields(first)))
            _rechain_from(first.pk)
    audit(actor=actor, action="audit.purge", detail={"before": before.isoformat(), "count": count})
    return count


def _rechain_from(first_id: int) -> None:
    previous_hash = None
    for record in _iterate(5000):
        if previous_hash is None:
            previous_hash = record.hash
            continue
        if record.previous_hash != previous_hash:
            new_hash = _digest(previous_hash, {**_fields(record)})
            AuditRecord.objects.filter(pk=record.pk).update(
                previous_hash=previous_hash, hash=new_hash
            )
            previous_hash = new_hash
        else:
            previous_hash = record.hash
