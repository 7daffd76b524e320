"""Tamper tests for the keyed audit chain and its checkpoints outside the database.

等保2.0 level 3 asks that audit records be protected against deletion, change and overwriting;
docs/adr/0006-audit-anchor.md gives the threat model: someone who can write the database but
holds neither the key (XIAONENG_AUDIT_KEY) nor the checkpoint directory.
"""

from __future__ import annotations

import hashlib
import hmac as hmac_module
import json
import shutil
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone, translation

from xiaoneng.core import audit as audit_module
from xiaoneng.core.audit import (
    GENESIS,
    AuditEntry,
    audit,
    audit_many,
    audit_purge,
    audit_verify,
    audit_verify_report,
    checkpoint_dir,
)
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """The reasons are asserted in English; the command prints them in the user's language."""
    with translation.override("en"):
        yield


@pytest.fixture
def chain(db, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    records = []
    for i in range(6):
        # One transaction per record, as in the running system: each commit writes a checkpoint.
        with django_capture_on_commit_callbacks(execute=True):
            records.append(
                audit(actor=None, actor_name="system", action=f"test.action{i}", detail={"n": i})
            )
    return records


def _sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _public_digest(previous: str, record: AuditRecord) -> str:
    """What an attacker without the key can compute: the chain's public digest."""
    h = hashlib.new(audit_module.HASH_ALGORITHM)
    h.update(previous.encode())
    h.update(
        json.dumps(
            audit_module._fields(record), sort_keys=True, ensure_ascii=False, default=str
        ).encode()
    )
    return h.hexdigest()


def test_intact_chain_verifies(chain):
    report = audit_verify_report()
    assert report.intact and report.records == 6
    assert report.checkpoint is not None and report.checkpoint.head_id == chain[-1].id
    assert report.unanchored == 0
    assert audit_verify() is None
    call_command("audit", "verify")


def test_records_are_sealed_with_the_key_not_the_public_digest(chain):
    record = AuditRecord.objects.get(pk=chain[2].pk)
    assert record.scheme.startswith("hmac-")
    assert record.hash != _public_digest(record.previous_hash, record)


def test_edited_row_is_named(chain):
    _sql("UPDATE core_auditrecord SET action = %s WHERE id = %s", ["forged", chain[3].id])
    broken = audit_verify()
    assert broken is not None and broken.record_id == chain[3].id
    with pytest.raises(CommandError, match=f" {chain[3].id}"):
        call_command("audit", "verify")


def test_deleted_row_is_named(chain):
    _sql("DELETE FROM core_auditrecord WHERE id = %s", [chain[2].id])
    broken = audit_verify()
    assert broken is not None
    assert broken.record_id == chain[3].id
    assert str(chain[2].id) in broken.reason


def test_deleted_tail_is_named(chain):
    """Before the anchor, deleting the newest record left verify green."""
    _sql("DELETE FROM core_auditrecord WHERE id >= %s", [chain[4].id])
    broken = audit_verify()
    assert broken is not None and broken.record_id == chain[5].id
    assert "newest records are missing" in broken.reason
    with pytest.raises(CommandError, match="newest records are missing"):
        call_command("audit", "verify")


def test_rewritten_and_rehashed_with_the_public_digest_is_named(chain):
    """The attacker changes record 2 and recomputes every later link with the public digest."""
    _sql("UPDATE core_auditrecord SET actor_name = %s WHERE id = %s", ["nobody", chain[2].id])
    records = list(AuditRecord.objects.order_by("id"))
    previous = records[1].hash
    for record in records[2:]:
        new_hash = _public_digest(previous, record)
        _sql(
            "UPDATE core_auditrecord SET previous_hash = %s, hash = %s, scheme = %s WHERE id = %s",
            [previous, new_hash, "digest", record.id],
        )
        previous = new_hash
    broken = audit_verify()
    assert broken is not None and broken.record_id == chain[2].id


def test_rewritten_record_resealed_with_a_guessed_key_is_named(chain):
    """Without the real key, a re-seal of every later record fails on the first changed one."""
    _sql("UPDATE core_auditrecord SET result = %s WHERE id = %s", ["refused", chain[1].id])
    records = list(AuditRecord.objects.order_by("id"))
    previous = records[0].hash
    for record in records[1:]:
        mac = hmac_module.new(b"guessed", digestmod=audit_module.HASH_ALGORITHM)
        mac.update(previous.encode())
        mac.update(audit_module._canonical(audit_module._fields(record)))
        _sql(
            "UPDATE core_auditrecord SET previous_hash = %s, hash = %s WHERE id = %s",
            [previous, mac.hexdigest(), record.id],
        )
        previous = mac.hexdigest()
    broken = audit_verify()
    assert broken is not None and broken.record_id == chain[1].id
    assert "changed" in broken.reason


def test_replaced_database_is_named(chain, settings):
    """An older copy of the database: all its seals are genuine, but the checkpoint is newer."""
    # The copy ends at record 3; records 4–5 were never in it.
    _sql("DELETE FROM core_auditrecord WHERE id > %s", [chain[3].id])
    report = audit_verify_report()
    assert not report.intact
    assert report.breaks[-1].record_id == chain[5].id
    assert "replaced" in report.breaks[-1].reason


def test_a_database_built_elsewhere_with_the_same_length_is_named(chain):
    """Another trail of the same length sealed with the real key still differs from the anchor."""
    AuditRecord.objects.all().delete()
    # Rebuild records with the same ids but other contents (as if imported from elsewhere).
    previous = GENESIS
    for record in chain:
        forged = AuditRecord(
            id=record.id,
            at=record.at,
            actor_name="elsewhere",
            action=record.action,
            detail={},
            previous_hash=previous,
            hash="",
            scheme=audit_module.SCHEME,
        )
        forged.hash = audit_module._seal(previous, audit_module._fields(forged))
        forged.save(force_insert=True)
        previous = forged.hash
    report = audit_verify_report()
    assert not report.intact
    assert report.breaks[-1].record_id == chain[5].id
    assert "differs from" in report.breaks[-1].reason


def test_removed_checkpoints_are_named(chain):
    shutil.rmtree(checkpoint_dir())
    broken = audit_verify()
    assert broken is not None and "no checkpoint" in broken.reason


def test_an_altered_checkpoint_line_is_named(chain):
    path = checkpoint_dir() / "checkpoints.jsonl"
    lines = path.read_text().splitlines()
    last = json.loads(lines[-1])
    last["head_id"] = last["head_id"] - 2  # pretend the trail ended earlier
    lines[-1] = json.dumps(last, sort_keys=True)
    path.write_text("\n".join(lines) + "\n")
    broken = audit_verify()
    assert broken is not None and "altered" in broken.reason


def test_a_checkpoint_signed_with_another_key_is_named(chain, settings):
    settings.AUDIT_KEY = "another-key-of-at-least-thirty-two-characters"
    report = audit_verify_report()
    assert not report.intact
    assert any("another key" in b.reason for b in report.breaks)


def test_records_after_the_newest_checkpoint_are_counted_unanchored(chain):
    audit(actor=None, actor_name="system", action="test.after")  # no commit: no checkpoint
    report = audit_verify_report()
    assert report.intact and report.unanchored == 1


def test_a_rolled_back_append_leaves_no_checkpoint(chain, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                audit(actor=None, actor_name="system", action="test.rolled_back")
                raise RuntimeError
        except RuntimeError:
            pass
    assert audit_verify_report().checkpoint.head_id == chain[-1].id  # type: ignore[union-attr]
    assert audit_verify() is None


def test_a_bulk_append_is_sealed_and_checkpointed(chain, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        count = audit_many(
            actor=None,
            entries=[
                AuditEntry(action="test.bulk", object_type="x", object_id=i) for i in range(5)
            ],
        )
    report = audit_verify_report()
    assert count == 5 and report.intact and report.records == 11 and report.unanchored == 0


def test_legacy_digest_records_are_accepted_only_as_the_oldest_part(
    db, django_capture_on_commit_callbacks
):
    previous = GENESIS
    for i in range(3):  # written before the key, by the public-digest chain
        record = AuditRecord(
            at=timezone.now(),
            action=f"legacy{i}",
            previous_hash=previous,
            hash="x",
            scheme="digest",
        )
        record.save(force_insert=True)
        record.hash = _public_digest(previous, record)
        AuditRecord.objects.filter(pk=record.pk).update(hash=record.hash)
        previous = record.hash
    assert audit_verify_report().intact  # not yet anchored, but nothing contradicts it
    with django_capture_on_commit_callbacks(execute=True):
        keyed = audit(actor=None, actor_name="system", action="after.upgrade")
    report = audit_verify_report()
    assert report.intact and report.legacy == 3
    # Rewriting a legacy record and its digests breaks the link to the first keyed record.
    first = AuditRecord.objects.order_by("id").first()
    assert first is not None
    _sql("UPDATE core_auditrecord SET action = %s WHERE id = %s", ["forged", first.id])
    records = list(AuditRecord.objects.filter(scheme="digest").order_by("id"))
    prev = GENESIS
    for record in records:
        new_hash = _public_digest(prev, record)
        _sql(
            "UPDATE core_auditrecord SET hash = %s, previous_hash = %s WHERE id = %s",
            [new_hash, prev, record.id],
        )
        prev = new_hash
    broken = audit_verify()
    assert broken is not None and broken.record_id == keyed.id


def test_purging_records_younger_than_six_months_is_refused(chain, personas):
    with pytest.raises(InvalidInput):
        audit_purge(actor=personas[Role.AUDIT_ADMIN], before=timezone.now())


def _backdate(records: list[AuditRecord], days: int) -> None:
    """Age records as time would, re-sealing them with the key (a test's privilege)."""
    previous = GENESIS
    for record in AuditRecord.objects.order_by("id"):
        if record.pk in {r.pk for r in records}:
            record.at = timezone.now() - timedelta(days=days)
        record.previous_hash = previous
        record.hash = audit_module._seal(previous, audit_module._fields(record))
        AuditRecord.objects.filter(pk=record.pk).update(
            at=record.at, previous_hash=previous, hash=record.hash
        )
        previous = record.hash
    shutil.rmtree(checkpoint_dir())  # the old checkpoints name the seals before the re-seal
    audit_module.write_checkpoint(head_id=record.pk, head_hash=record.hash)


def test_purge_keeps_the_kept_records_untouched_and_says_what_went(
    chain, personas, django_capture_on_commit_callbacks
):
    _backdate(chain[:2], days=400)
    kept_before = {r.pk: r.hash for r in AuditRecord.objects.filter(pk__gte=chain[2].pk)}
    with django_capture_on_commit_callbacks(execute=True):
        count = audit_purge(
            actor=personas[Role.AUDIT_ADMIN], before=timezone.now() - timedelta(days=200)
        )
    assert count == 2
    kept_after = {r.pk: r.hash for r in AuditRecord.objects.filter(pk__in=kept_before)}
    assert kept_after == kept_before  # no re-hashing hides what went
    first = AuditRecord.objects.order_by("id").first()
    assert first is not None and first.pk == chain[2].pk and first.previous_hash != GENESIS
    purge = AuditRecord.objects.get(action="audit.purge")
    assert purge.detail["count"] == 2 and purge.detail["last_purged_id"] == chain[1].pk
    assert purge.detail["last_purged_hash"] == first.previous_hash
    report = audit_verify_report()
    assert report.intact and report.purged_through == chain[1].pk
    assert report.checkpoint is not None and report.checkpoint.kind == "purge"


def test_deleting_the_oldest_records_without_a_purge_is_named(chain):
    _sql("DELETE FROM core_auditrecord WHERE id <= %s", [chain[1].id])
    broken = audit_verify()
    assert broken is not None and broken.record_id == chain[2].id
    assert "without a recorded purge" in broken.reason


def test_checkpoints_go_to_the_log_too(chain, caplog, django_capture_on_commit_callbacks):
    with (
        caplog.at_level("INFO", logger="xiaoneng.audit.checkpoint"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        record = audit(actor=None, actor_name="system", action="test.logged")
    line = json.loads(caplog.records[-1].getMessage())
    assert line["head_id"] == record.pk and line["head_hash"] == record.hash and line["mac"]


def test_records_carry_request_context(client, personas):
    user = personas[Role.REVIEWER]
    client.force_login(user)
    client.get("/workbench/", REMOTE_ADDR="10.1.2.3")
    record = AuditRecord.objects.filter(action="auth.sign_in").last()
    assert record is not None and record.actor_id == user.pk


def test_the_workbench_names_a_deleted_tail(chain, client, personas):
    from tests.core.test_workbench_pages import login_admin

    login_admin(client, personas[Role.AUDIT_ADMIN])
    _sql("DELETE FROM core_auditrecord WHERE id >= %s", [chain[4].id])
    response = client.get("/workbench/audit/?verify=1", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["chain_break"].record_id == chain[5].id
    assert response.context["report"].checkpoint.head_id == chain[5].id
