"""`xiaoneng backup` of a PostgreSQL installation while another process writes, then `xiaoneng
restore` into a new directory and a new, empty database: the copy is one consistent moment of
the live installation (issue 16, part 5; pg_dump takes one snapshot of the whole database).

Real processes, a real PostgreSQL server (the one the suite runs on: this test needs
XIAONENG_DATABASE_URL) and the real commands; the live and the restored databases are created
for the test and dropped after it. Nothing is mocked.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.core.test_backup_under_load import WRITER
from tests.processes import (
    ON_POSTGRES,
    REPO,
    _admin_connection,
    fresh_database,
    installation_env,
    xiaoneng,
)

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="the PostgreSQL deployment")


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with _admin_connection(url) as connection:
        return connection.execute(sql).fetchall()


def _count(url: str) -> int:
    return int(_rows(url, "SELECT COUNT(*) FROM core_auditrecord")[0][0])  # type: ignore[call-overload]


def test_backup_under_write_load_restores_a_consistent_copy_on_postgresql(tmp_path):
    live_dir, restored_dir = tmp_path / "live", tmp_path / "restored"
    live_dir.mkdir()
    with fresh_database("bkl") as live, fresh_database("bkr") as copy_url:
        env = installation_env(live_dir, database_url=live)
        migrated = xiaoneng("migrate", "--noinput", "-v0", env=env)
        assert migrated.returncode == 0, migrated.stderr
        (live_dir / "uploads").mkdir(exist_ok=True)
        (live_dir / "uploads" / "材料.txt").write_text("申请材料", encoding="utf-8")
        errors = open(tmp_path / "writer.log", "w")  # noqa: SIM115 - closed below
        writer = subprocess.Popen(
            [sys.executable, "-m", "xiaoneng", "shell", "-c", WRITER],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        try:
            deadline = time.monotonic() + 60
            while _count(live) < 20:
                assert writer.poll() is None, (tmp_path / "writer.log").read_text()[-2000:]
                assert time.monotonic() < deadline
                time.sleep(0.1)
            backup = xiaoneng("backup", "--output", str(tmp_path / "backups"), env=env)
            assert backup.returncode == 0, backup.stderr
            after = _count(live)
            deadline = time.monotonic() + 60
            while _count(live) < after + 10:
                assert time.monotonic() < deadline, "the writer stopped writing"
                time.sleep(0.1)
            alive_after_backup = writer.poll() is None
        finally:
            writer.terminate()
            writer.wait(timeout=30)
            errors.close()
        assert alive_after_backup, (tmp_path / "writer.log").read_text()[-2000:]
        archives = sorted((tmp_path / "backups").glob("xiaoneng-backup-*.tar.gz"))
        assert len(archives) == 1

        restore = xiaoneng(
            "restore",
            str(archives[0]),
            "--target",
            str(restored_dir),
            "--database-url",
            copy_url,
            env=env,
        )
        assert restore.returncode == 0, restore.stderr + restore.stdout

        copied = _rows(copy_url, "SELECT id, hash FROM core_auditrecord ORDER BY id")
        current = dict(_rows(live, "SELECT id, hash FROM core_auditrecord"))
        assert len(copied) >= 20
        assert len(current) > len(copied), "the writer kept writing after the snapshot"
        # One moment: the copy's trail is the start of the live trail, record for record.
        assert all(current[record_id] == seal for record_id, seal in copied)
        ids = [record_id for record_id, _seal in copied]
        assert ids == sorted(current)[: len(ids)]
        # Rows written in the same transactions as the records stay in step.
        written = _rows(
            copy_url, "SELECT COUNT(*) FROM core_organization WHERE name LIKE '写入单位%'"
        )[0][0]
        records = _rows(
            copy_url, "SELECT COUNT(*) FROM core_auditrecord WHERE action = 'test.write'"
        )[0][0]
        assert written == records
        assert (restored_dir / "uploads" / "材料.txt").read_text(encoding="utf-8") == "申请材料"
        # The restored copy verifies on its own, against the checkpoints it carries.
        verify = xiaoneng(
            "audit", "verify", env=installation_env(restored_dir, database_url=copy_url)
        )
        assert verify.returncode == 0, verify.stderr + verify.stdout
