"""The append-only, keyed-chain audit trail with checkpoints outside the database (等保2.0 level 3,
DOMAIN.md §6; threat model and key handling in docs/adr/0006-audit-anchor.md).

Every writing service call, every sign-in/out/failure, every export and every unmasked view of
personal data calls `audit()`. Records are chained and sealed with a key the database does not
hold: seal = HMAC-SM3(AUDIT_KEY, previous seal ‖ canonical fields) (GB/T 32905 SM3, HMAC-SHA-256
where OpenSSL lacks SM3). Someone who can write the database but not read the key cannot re-seal a
changed record, so a rewrite shows even when every later link is recomputed.

A chain alone cannot show that its newest records were deleted, or that the whole database was
swapped for an older copy. So each commit that appends records also writes a signed checkpoint —
(head record, its seal) — to a file under AUDIT_CHECKPOINT_DIR and to the log
("xiaoneng.audit.checkpoint"), both outside the database. `audit_verify()` checks the chain, then
that the newest checkpoint's head record is still there with that seal.

Records written before the key existed (scheme "digest", a public SM3 chain) are accepted only as
the oldest part of the trail: the first keyed record seals the last of them.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.context import request_id_var, source_ip_var
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import AuditRecord, User

HASH_ALGORITHM = "sm3" if "sm3" in hashlib.algorithms_available else "sha256"
SCHEME = f"hmac-{HASH_ALGORITHM}"
LEGACY_SCHEME = "digest"  # the public-digest chain of records written before the key
GENESIS = "0" * 64
CHECKPOINT_FILE = "checkpoints.jsonl"
# A checkpoint file is started afresh past this size; verify reads the current and the last one.
CHECKPOINT_ROTATE_BYTES = 8 * 1024 * 1024

checkpoint_log = logging.getLogger("xiaoneng.audit.checkpoint")


def _key() -> bytes:
    key = getattr(settings, "AUDIT_KEY", "")
    if not key:
        raise ImproperlyConfigured("Set XIAONENG_AUDIT_KEY: the audit trail is sealed with it.")
    return str(key).encode()


def key_id() -> str:
    """A short public fingerprint of the key, so a checkpoint names the key it was made with."""
    return hashlib.sha256(b"xiaoneng-audit-key-id:" + _key()).hexdigest()[:12]


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")


def _seal(previous_hash: str, fields: dict[str, Any]) -> str:
    mac = hmac.new(_key(), digestmod=HASH_ALGORITHM)
    mac.update(previous_hash.encode())
    mac.update(_canonical(fields))
    return mac.hexdigest()


def _digest(previous_hash: str, fields: dict[str, Any]) -> str:
    """The legacy public chain: anyone can recompute it, so it only protects with a later seal."""
    h = hashlib.new(HASH_ALGORITHM)
    h.update(previous_hash.encode())
    h.update(_canonical(fields))
    return h.hexdigest()


def _expected(record: AuditRecord) -> str:
    if record.scheme == LEGACY_SCHEME:
        return _digest(record.previous_hash, _fields(record))
    return _seal(record.previous_hash, _fields(record))


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


# --- checkpoints -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement, kept outside the database, that record `head_id` had seal `head_hash`."""

    head_id: int
    head_hash: str
    at: str
    kind: str
    key_id: str
    line: int = 0


def _checkpoint_mac(body: dict[str, Any]) -> str:
    mac = hmac.new(_key(), digestmod=HASH_ALGORITHM)
    mac.update(b"xiaoneng-audit-checkpoint:")
    mac.update(_canonical(body))
    return mac.hexdigest()


def checkpoint_dir() -> Path:
    configured = getattr(settings, "AUDIT_CHECKPOINT_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "audit"


def write_checkpoint(*, head_id: int, head_hash: str, kind: str = "append") -> None:
    """Append one signed checkpoint to the file and the log (called after the commit)."""
    body = {
        "head_id": head_id,
        "head_hash": head_hash,
        "at": timezone.now().astimezone(UTC).isoformat(timespec="microseconds"),
        "kind": kind,
        "key_id": key_id(),
    }
    line = json.dumps({**body, "mac": _checkpoint_mac(body)}, sort_keys=True)
    directory = checkpoint_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / CHECKPOINT_FILE
    with open(path, "a", encoding="utf-8") as handle:
        # Several processes append; the lock keeps lines whole and rotation single.
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if handle.tell() > CHECKPOINT_ROTATE_BYTES:
                stamp = timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%S%f")
                os.replace(path, directory / f"checkpoints-{stamp}.jsonl")
                with open(path, "a", encoding="utf-8") as fresh:
                    fresh.write(line + "\n")
            else:
                handle.write(line + "\n")
                handle.flush()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    checkpoint_log.info(line)


def _checkpoint_on_commit(head_id: int, head_hash: str, kind: str = "append") -> None:
    # After the commit only: a checkpoint naming a rolled-back record would read as a deletion.
    transaction.on_commit(
        lambda: write_checkpoint(head_id=head_id, head_hash=head_hash, kind=kind), robust=True
    )


@dataclass
class _CheckpointRead:
    checkpoints: list[Checkpoint] = field(default_factory=list)
    bad_lines: list[tuple[int, str]] = field(default_factory=list)


def _checkpoint_files() -> list[Path]:
    directory = checkpoint_dir()
    rotated = sorted(directory.glob("checkpoints-*.jsonl"))
    current = directory / CHECKPOINT_FILE
    return [*rotated[-1:], *([current] if current.exists() else [])]


def read_checkpoints() -> _CheckpointRead:
    read = _CheckpointRead()
    current_key = key_id()
    number = 0
    for path in _checkpoint_files():
        with open(path, encoding="utf-8") as handle:
            for text in handle:
                number += 1
                if not text.strip():
                    continue
                try:
                    data = json.loads(text)
                    body = {k: data[k] for k in ("head_id", "head_hash", "at", "kind", "key_id")}
                    mac = str(data["mac"])
                except (ValueError, KeyError, TypeError):
                    read.bad_lines.append(
                        (number, _("checkpoint line %(n)s is not readable") % {"n": number})
                    )
                    continue
                if body["key_id"] != current_key:
                    read.bad_lines.append(
                        (
                            number,
                            _("checkpoint line %(n)s was signed with another key (%(key)s)")
                            % {"n": number, "key": body["key_id"]},
                        )
                    )
                    continue
                if not hmac.compare_digest(mac, _checkpoint_mac(body)):
                    read.bad_lines.append(
                        (number, _("checkpoint line %(n)s was altered") % {"n": number})
                    )
                    continue
                read.checkpoints.append(Checkpoint(**body, line=number))
    return read


# --- appending ---------------------------------------------------------------------------------


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
    return _append(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        result=result,
        detail=detail,
        actor_name=actor_name,
    )


def _append(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    result: str = "ok",
    detail: dict[str, Any] | None = None,
    actor_name: str = "",
    checkpoint_kind: str = "append",
) -> AuditRecord:
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
            scheme=SCHEME,
        )
        record.save(force_insert=True)
        record.hash = _seal(previous_hash, _fields(record))
        AuditRecord.objects.filter(pk=record.pk).update(hash=record.hash)
        _checkpoint_on_commit(record.pk, record.hash, checkpoint_kind)
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

    Under the chain lock the ids are assigned here, one after the last record's, so every seal
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
                scheme=SCHEME,
            )
            record.hash = _seal(previous_hash, _fields(record))
            previous_hash = record.hash
            records.append(record)
        AuditRecord.objects.bulk_create(records, batch_size=batch_size)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [AuditRecord._meta.db_table, records[-1].id],
                )
        _checkpoint_on_commit(records[-1].id, records[-1].hash)
    return len(records)


# --- verifying ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainBreak:
    record_id: int
    reason: str


@dataclass
class VerifyReport:
    """What `audit verify` found: the breaks (empty when intact) and how far the anchor reaches."""

    records: int = 0
    first_id: int | None = None
    head_id: int | None = None
    legacy: int = 0  # records of the public-digest chain, sealed by the first keyed record
    checkpoint: Checkpoint | None = None  # the newest valid checkpoint
    unanchored: int = 0  # records after the newest checkpoint (written since, or checkpoint lost)
    purged_through: int | None = None  # the last record id a recorded purge removed
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks


def audit_verify_report(batch_size: int = 5000) -> VerifyReport:
    """Check the chain, the seals and the anchor; list every break found (the first per kind).

    - a changed record (the seal does not match), also when every later link was recomputed;
    - deleted records inside the trail (a link does not match) and a deleted oldest part unless a
      recorded purge states it;
    - deleted newest records and a replaced database: the newest checkpoint's head is missing or
      has another seal;
    - an altered or foreign checkpoint line.
    """
    report = VerifyReport()
    read = read_checkpoints()
    report.breaks.extend(ChainBreak(0, reason) for _number, reason in read.bad_lines)
    anchored: dict[int, str] = {c.head_id: c.head_hash for c in read.checkpoints}
    purges = {
        str(r["detail"].get("last_purged_hash")): r
        for r in AuditRecord.objects.filter(action="audit.purge").values("id", "detail")
        if isinstance(r["detail"], dict)
    }
    previous_hash: str | None = None
    previous_id = 0
    seen_keyed = False
    for record in _iterate(batch_size):
        report.records += 1
        if previous_hash is None:
            report.first_id = record.id
            if record.previous_hash != GENESIS:
                purge = purges.get(record.previous_hash)
                if purge is None or purge["id"] < record.id:
                    report.breaks.append(
                        ChainBreak(
                            record.id,
                            _("the records before this one were removed without a recorded purge"),
                        )
                    )
                else:
                    report.purged_through = purge["detail"].get("last_purged_id")
            previous_hash = record.previous_hash
        if record.previous_hash != previous_hash:
            if record.id != previous_id + 1:
                reason = _("record(s) %(first)s–%(last)s before this one were deleted") % {
                    "first": previous_id + 1,
                    "last": record.id - 1,
                }
            else:
                reason = _("link to the previous record does not match")
            report.breaks.append(ChainBreak(record.id, reason))
            break
        if record.scheme == LEGACY_SCHEME:
            if seen_keyed:
                report.breaks.append(
                    ChainBreak(record.id, _("an unkeyed record follows keyed ones"))
                )
                break
            report.legacy += 1
        else:
            seen_keyed = True
        if not hmac.compare_digest(_expected(record), record.hash):
            report.breaks.append(ChainBreak(record.id, _("contents were changed after recording")))
            break
        if record.id in anchored and anchored[record.id] != record.hash:
            report.breaks.append(ChainBreak(record.id, _("the record differs from its checkpoint")))
            break
        previous_hash = record.hash
        previous_id = record.id
    report.head_id = previous_id or None
    _check_anchor(report, read.checkpoints, seen_keyed)
    return report


def _check_anchor(report: VerifyReport, checkpoints: list[Checkpoint], keyed: bool) -> None:
    newest = max(checkpoints, key=lambda c: c.head_id, default=None)
    report.checkpoint = newest
    if newest is None:
        if keyed:
            report.breaks.append(
                ChainBreak(
                    report.head_id or 0,
                    _("no checkpoint outside the database anchors the trail (%(dir)s)")
                    % {"dir": checkpoint_dir()},
                )
            )
        return
    head = AuditRecord.objects.filter(id=newest.head_id).only("id", "hash").first()
    if head is None:
        last = report.head_id or 0
        if last < newest.head_id:
            reason = _(
                "the newest records are missing: the checkpoint of %(at)s names record "
                "%(head)s, the trail ends at %(last)s (deleted, or the database was replaced "
                "by an older copy)"
            ) % {"at": newest.at, "head": newest.head_id, "last": last or "—"}
        else:
            reason = _("record %(head)s, named by the checkpoint of %(at)s, is missing") % {
                "head": newest.head_id,
                "at": newest.at,
            }
        report.breaks.append(ChainBreak(newest.head_id, reason))
        return
    if not hmac.compare_digest(head.hash, newest.head_hash):
        report.breaks.append(
            ChainBreak(
                newest.head_id,
                _(
                    "the record differs from the checkpoint of %(at)s: rewritten and re-sealed, "
                    "or the database was replaced"
                )
                % {"at": newest.at},
            )
        )
        return
    report.unanchored = AuditRecord.objects.filter(id__gt=newest.head_id).count()


def audit_verify(batch_size: int = 5000) -> ChainBreak | None:
    """The first break of the trail (chain, seals or anchor), or None when all of it holds."""
    report = audit_verify_report(batch_size)
    return report.breaks[0] if report.breaks else None


def _iterate(batch_size: int) -> Iterator[AuditRecord]:
    last_id = 0
    while True:
        batch = list(AuditRecord.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id


# --- purging -----------------------------------------------------------------------------------


def audit_purge(*, actor: User, before: datetime) -> int:
    """Purge records older than `before`; younger than AUDIT_MIN_RETENTION_DAYS (≥ 6 months, 等保2.0)
    is refused.

    The kept records are not touched: the oldest kept one still links to the last purged seal, and
    the purge is itself a sealed, checkpointed record stating what went (count, last id and seal),
    so `audit verify` accepts the shortened start only because the purge says so.
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
        # Only the oldest part goes, so the kept trail stays one unbroken chain.
        first_kept = AuditRecord.objects.filter(at__gte=before).order_by("id").first()
        doomed = AuditRecord.objects.all()
        if first_kept is not None:
            doomed = doomed.filter(id__lt=first_kept.id)
        last_purged = doomed.order_by("-id").only("id", "hash").first()
        count = doomed.count()
        if count:
            doomed._raw_delete(doomed.db)  # type: ignore[attr-defined]
        _append(
            checkpoint_kind="purge",
            actor=actor,
            action="audit.purge",
            detail={
                "before": before.isoformat(),
                "count": count,
                "last_purged_id": last_purged.id if last_purged else None,
                "last_purged_hash": last_purged.hash if last_purged else None,
            },
        )
    return count
