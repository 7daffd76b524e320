"""Tamper tests for the hash-chained audit trail (等保2.0 level 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from xiaoneng.core.audit import audit, audit_purge, audit_verify
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role


@pytest.fixture
def chain(db):
    return [
        audit(actor=None, actor_name="system", action=f"test.action{i}", detail={"n": i})
        for i in range(6)
    ]


def test_intact_chain_verifies(chain):
    assert audit_verify() is None
    call_command("audit", "verify")


def test_edited_row_is_named(chain):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditrecord SET action = %s WHERE id = %s", ["forged", chain[3].id]
        )
    broken = audit_verify()
    assert broken is not None and broken.record_id == chain[3].id
    with pytest.raises(CommandError, match=f" {chain[3].id} "):
        call_command("audit", "verify")


def test_deleted_row_is_named(chain):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE id = %s", [chain[2].id])
    broken = audit_verify()
    assert broken is not None
    assert broken.record_id == chain[3].id
    assert str(chain[2].id) in broken.reason


def test_purging_records_younger_than_six_months_is_refused(chain, personas):
    with pytest.raises(InvalidInput):
        audit_purge(actor=personas[Role.AUDIT_ADMIN], before=timezone.now())


def test_purging_old_records_keeps_the_chain_valid(chain, personas):
    AuditRecord.objects.filter(pk__in=[chain[0].pk, chain[1].pk]).update(
        at=timezone.now() - timedelta(days=400)
    )
    # The backdated rows no longer match their hashes; purge removes exactly them.
    count = audit_purge(
        actor=personas[Role.AUDIT_ADMIN], before=timezone.now() - timedelta(days=200)
    )
    assert count == 2
    assert audit_verify() is None


def test_records_carry_request_context(client, personas):
    user = personas[Role.REVIEWER]
    client.force_login(user)
    client.get("/workbench/", REMOTE_ADDR="10.1.2.3")
    record = AuditRecord.objects.filter(action="auth.sign_in").last()
    assert record is not None and record.actor_id == user.pk
