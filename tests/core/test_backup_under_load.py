"""`xiaoneng backup` while another process writes, then `xiaoneng restore` into a new directory:
the copy is one consistent moment of the live installation (issue 16, part 5).

Real processes, a real SQLite file in WAL mode and the real commands; nothing is mocked. The
writer appends audit records (each commit also writes a checkpoint outside the database), so the
copy's trail must verify against the copy's own checkpoints, and every record in the copy must be
the live record with the same id and seal.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

WRITER = """
import time
from django.db import transaction
from xiaoneng.core.audit import audit
from xiaoneng.core.models import Organization
n = 0
while True:
    n += 1
    with transaction.atomic():
        Organization.objects.create(name=f"写入单位{n}", kind="department", level=3)
        audit(actor=None, actor_name="writer", action="test.write", detail={"n": n})
    time.sleep(0.005)
"""


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XIAONENG_")}
    env.update(
        DJANGO_SETTINGS_MODULE="xiaoneng.config.settings.test",
        XIAONENG_VAR_DIR=str(var_dir),
        XIAONENG_AUDIT_CHECKPOINT_DIR=str(var_dir / "audit"),
    )
    return env


def _xiaoneng(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xiaoneng", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


@pytest.mark.skipif(
    os.environ.get("XIAONENG_DATABASE_URL", "").startswith("postgres"),
    reason="the SQLite embedded set-up; pg_dump is exercised by the PostgreSQL deployment",
)
def test_backup_under_write_load_restores_a_consistent_copy(tmp_path):
    live = tmp_path / "live"
    live.mkdir()
    env = _env(live)
    migrated = _xiaoneng("migrate", "--noinput", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    (live / "uploads").mkdir(exist_ok=True)
    (live / "uploads" / "材料.txt").write_text("申请材料", encoding="utf-8")
    errors = open(tmp_path / "writer.log", "w")  # noqa: SIM115 - closed below
    writer = subprocess.Popen(
        [sys.executable, "-m", "xiaoneng", "shell", "-c", WRITER],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors,  # a file: every checkpoint is also logged, which would fill a pipe
    )
    try:
        deadline = time.monotonic() + 60
        database = live / "xiaoneng.sqlite3"
        while _rows(database, "SELECT COUNT(*) FROM core_auditrecord")[0][0] < 20:
            assert writer.poll() is None, (tmp_path / "writer.log").read_text()
            assert time.monotonic() < deadline
            time.sleep(0.1)
        backup = _xiaoneng("backup", "--output", str(tmp_path / "backups"), env=env)
        assert backup.returncode == 0, backup.stderr
        # The writer goes on after the snapshot (it may have waited on the copy meanwhile).
        after = _rows(database, "SELECT COUNT(*) FROM core_auditrecord")[0][0]
        deadline = time.monotonic() + 60
        while _rows(database, "SELECT COUNT(*) FROM core_auditrecord")[0][0] < after + 10:
            assert time.monotonic() < deadline, "the writer stopped writing"
            time.sleep(0.1)
        alive_after_backup = writer.poll() is None
    finally:
        writer.terminate()
        writer.wait(timeout=30)
        errors.close()
    assert alive_after_backup, (tmp_path / "writer.log").read_text()[-2000:]
    assert "audit ok" in backup.stdout or "审计 ok" in backup.stdout, backup.stdout
    archives = sorted((tmp_path / "backups").glob("xiaoneng-backup-*.tar.gz"))
    assert len(archives) == 1

    restored = tmp_path / "restored"
    restore = _xiaoneng("restore", str(archives[0]), "--target", str(restored), env=env)
    assert restore.returncode == 0, restore.stderr + restore.stdout

    copy = restored / "xiaoneng.sqlite3"
    copied = _rows(copy, "SELECT id, hash FROM core_auditrecord ORDER BY id")
    current = dict(_rows(database, "SELECT id, hash FROM core_auditrecord"))
    assert len(copied) >= 20
    assert len(current) > len(copied), "the writer kept writing after the snapshot"
    # One moment: the copy's trail is the start of the live trail, record for record.
    assert all(current[record_id] == seal for record_id, seal in copied)
    ids = [record_id for record_id, _ in copied]
    assert ids == sorted(current)[: len(ids)]
    # Rows written in the same transactions as records stay in step (the writer's pairs).
    written = _rows(copy, "SELECT COUNT(*) FROM core_organization WHERE name LIKE '写入单位%'")[0][
        0
    ]
    records = _rows(copy, "SELECT COUNT(*) FROM core_auditrecord WHERE action = 'test.write'")
    assert written == records[0][0]  # each pair was one transaction: never half of one
    assert (restored / "uploads" / "材料.txt").read_text(encoding="utf-8") == "申请材料"
    # The restored copy verifies on its own, against the checkpoints it carries.
    verify = _xiaoneng("audit", "verify", env=_env(restored))
    assert verify.returncode == 0, verify.stderr + verify.stdout
