"""Backups: the database, the uploads (MEDIA_ROOT) and the audit anchor directory in one archive,
taken while the server runs, and restored into a new directory (or database) or in place.

Consistency while the server writes:
1. the audit checkpoints are copied first — each is written after the records it names were
   committed, so every checkpoint in the copy names records the database copy holds;
2. the database is copied as one snapshot: SQLite's online backup API
   (`sqlite3.Connection.backup`, pages copied under a read transaction, restarted by SQLite
   when a writer changes a page), or `pg_dump -Fc` (one repeatable-read snapshot);
3. the uploads last, so every file a row of the copy names is there (files are write-once).

Every archive is verified after it is written: it is unpacked into a scratch directory (and, on
PostgreSQL, restored into a scratch database), SQLite's `PRAGMA integrity_check` must answer
``ok`` and `xiaoneng audit verify` must pass against the copy. The newest BACKUP_KEEP archives
are kept (default 14), older ones deleted.

Archive layout (`xiaoneng-backup-YYYYMMDD-HHMMSS.tar.gz`): ``manifest.json`` (format, engine,
time, the SHA-256 of each file, row counts), ``database/xiaoneng.sqlite3`` or
``database/xiaoneng.dump``, ``uploads/…``, ``audit/…``.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404  (pg_dump, pg_restore and `xiaoneng audit verify`, no shell)
import sys
import tarfile
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
NAME_PATTERN = re.compile(r"^xiaoneng-backup-\d{8}-\d{6}(-\d+)?\.tar\.gz$")
SQLITE_NAME = "database/xiaoneng.sqlite3"
DUMP_NAME = "database/xiaoneng.dump"
PAGES_PER_STEP = 1024  # SQLite backup step: about 4 MiB, so writers are never held up long


class BackupError(Exception):
    """A backup or restore that could not be made or did not verify."""


@dataclass
class VerifyResult:
    integrity: str
    audit: str
    row_counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and self.audit == "ok"


@dataclass
class BackupResult:
    archive: Path
    engine: str
    verify: VerifyResult
    deleted: list[Path]


# --- where things are --------------------------------------------------------------------


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def audit_dir() -> Path:
    return Path(getattr(settings, "AUDIT_CHECKPOINT_DIR", Path(settings.VAR_DIR) / "audit"))


def backup_dir() -> Path:
    return Path(getattr(settings, "BACKUP_DIR", Path(settings.VAR_DIR) / "backups"))


def keep_count() -> int:
    return int(getattr(settings, "BACKUP_KEEP", 14))


def engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def pg_binary(name: str) -> str:
    """pg_dump / pg_restore: XIAONENG_PG_BIN_DIR, else the PATH, else the newest
    /usr/lib/postgresql/<version>/bin (Debian's layout; a dump needs a client at least as new
    as the server)."""
    configured = os.environ.get("XIAONENG_PG_BIN_DIR")
    if configured:
        candidate = Path(configured) / name
        if candidate.exists():
            return str(candidate)
        raise BackupError(f"{candidate} does not exist (XIAONENG_PG_BIN_DIR)")
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: [int(x) for x in re.findall(r"\d+", p.split("/")[4])] or [0],
    )
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise BackupError(f"{name} not found: install the PostgreSQL client or set XIAONENG_PG_BIN_DIR")


def _pg_params(db: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _pg_url(db: Mapping[str, Any], name: str) -> str:
    auth = quote(str(db.get("USER") or ""))
    if db.get("PASSWORD"):
        auth += ":" + quote(str(db["PASSWORD"]))
    host = str(db.get("HOST") or "localhost")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{name}"


def _run(args: list[str], *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-500:]}")
    return done


# --- taking the copy -----------------------------------------------------------------------


def sqlite_copy(source: str, target: Path) -> None:
    """An online, consistent copy of the live SQLite file (WAL included) into `target`."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(str(target))
    try:
        src.execute("PRAGMA busy_timeout=30000")
        src.backup(dst, pages=PAGES_PER_STEP)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the archive
    finally:
        dst.close()
        src.close()


def pg_dump(target: Path) -> None:
    db = settings.DATABASES["default"]
    args, env = _pg_params(db)
    _run([pg_binary("pg_dump"), "-Fc", "--no-owner", *args, "-f", str(target), db["NAME"]], env=env)


def _copy_tree(source: Path, target: Path, *, skip: Callable[[Path], bool] | None = None) -> None:
    target.mkdir(parents=True, exist_ok=True)
    if not source.exists():
        return
    for path in sorted(source.rglob("*")):
        if skip is not None and skip(path):
            continue
        relative = path.relative_to(source)
        if path.is_dir():
            (target / relative).mkdir(parents=True, exist_ok=True)
        elif path.is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path


def backup_create(*, output: Path | None = None, keep: int | None = None) -> BackupResult:
    """Write one verified archive into `output` (default BACKUP_DIR) and apply the retention."""
    output = Path(output or backup_dir())
    output.mkdir(parents=True, exist_ok=True)
    kind = engine()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = output / f"xiaoneng-backup-{stamp}.tar.gz"
    counter = 1
    while archive.exists():
        archive = output / f"xiaoneng-backup-{stamp}-{counter}.tar.gz"
        counter += 1
    with tempfile.TemporaryDirectory(prefix="xn-backup-", dir=output) as staging_name:
        staging = Path(staging_name)
        _copy_tree(audit_dir(), staging / "audit")  # first: see the module docstring
        (staging / "database").mkdir()
        if kind == "sqlite":
            sqlite_copy(str(settings.DATABASES["default"]["NAME"]), staging / SQLITE_NAME)
        else:
            pg_dump(staging / DUMP_NAME)
        backups = backup_dir().resolve()
        _copy_tree(
            media_root(),
            staging / "uploads",
            skip=lambda p: p.resolve() == backups or backups in p.resolve().parents,
        )
        manifest = {
            "format": FORMAT,
            "engine": kind,
            "created_at": timezone.now().isoformat(),
            "files": {str(p.relative_to(staging)): _sha256(p) for p in _files(staging)},
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            tar.add(staging / "manifest.json", arcname="manifest.json")
            for name in ("database", "uploads", "audit"):
                tar.add(staging / name, arcname=name)
        os.replace(partial, archive)
    try:
        result = backup_verify(archive)
    except BackupError:
        archive.rename(archive.with_name(archive.name + ".failed"))
        raise
    if not result.ok:
        archive.rename(archive.with_name(archive.name + ".failed"))
        raise BackupError(
            f"backup did not verify: integrity {result.integrity}, audit {result.audit}"
        )
    deleted = backup_prune(output, keep=keep_count() if keep is None else keep)
    return BackupResult(archive=archive, engine=kind, verify=result, deleted=deleted)


def backup_prune(directory: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives in `directory` (never anything else)."""
    archives = sorted(p for p in directory.iterdir() if NAME_PATTERN.match(p.name))
    doomed = archives[: max(0, len(archives) - max(keep, 1))]
    for path in doomed:
        path.unlink()
    return doomed


# --- reading it back -----------------------------------------------------------------------


def _safe_extract(archive: Path, target: Path) -> dict[str, Any]:
    """Unpack `archive` into `target` (members only under it) and check every file's hash."""
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(target, filter="data")
    manifest_path = target / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(f"{archive.name}: no manifest.json, not a xiaoneng backup")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive.name}: unknown format {manifest.get('format')!r}")
    for name, digest in manifest["files"].items():
        path = target / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{archive.name}: {name} is missing or damaged")
    return manifest


def sqlite_integrity(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:5])


def sqlite_row_counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
    finally:
        con.close()


def audit_verify_copy(*, var_dir: Path, database_url: str = "") -> str:
    """`xiaoneng audit verify` in a separate process whose settings point at the copy."""
    env = {
        **os.environ,
        "XIAONENG_VAR_DIR": str(var_dir),
        "XIAONENG_AUDIT_CHECKPOINT_DIR": str(var_dir / "audit"),
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE
        ),
    }
    env.pop("XIAONENG_DATABASE_URL", None)
    if database_url:
        env["XIAONENG_DATABASE_URL"] = database_url
    return _audit_verify_process(env)


def _audit_verify_process(env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "xiaoneng", "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode == 0:
        return "ok"
    return (done.stderr.strip() or done.stdout.strip())[-500:] or f"exit {done.returncode}"


def _pg_scratch_database() -> str:
    return f"xn_verify_{uuid.uuid4().hex[:12]}"


def _pg_admin(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def pg_restore(dump: Path, *, database: str) -> None:
    db = settings.DATABASES["default"]
    args, env = _pg_params(db)
    _run(
        [
            pg_binary("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            *args,
            "-d",
            database,
            str(dump),
        ],
        env=env,
    )


def backup_verify(archive: Path) -> VerifyResult:
    """Unpack into a scratch directory (and database) and check it as if restored."""
    with tempfile.TemporaryDirectory(prefix="xn-verify-") as scratch_name:
        scratch = Path(scratch_name)
        manifest = _safe_extract(archive, scratch)
        layout = _as_var_dir(scratch, scratch / "var")
        if manifest["engine"] == "sqlite":
            db_path = layout / "xiaoneng.sqlite3"
            integrity = sqlite_integrity(db_path)
            counts = sqlite_row_counts(db_path)
            audit = audit_verify_copy(var_dir=layout) if integrity == "ok" else "not checked"
            return VerifyResult(integrity=integrity, audit=audit, row_counts=counts)
        if engine() != "postgresql":
            raise BackupError("a PostgreSQL backup is verified from a PostgreSQL installation")
        name = _pg_scratch_database()
        _pg_admin(f'CREATE DATABASE "{name}"')
        try:
            pg_restore(scratch / DUMP_NAME, database=name)
            url = _pg_url(settings.DATABASES["default"], name)
            audit = audit_verify_copy(var_dir=layout, database_url=url)
            return VerifyResult(integrity="ok", audit=audit)
        finally:
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')


def _as_var_dir(unpacked: Path, var_dir: Path) -> Path:
    """Arrange an unpacked archive as a VAR_DIR: xiaoneng.sqlite3, uploads/, audit/."""
    var_dir.mkdir(parents=True, exist_ok=True)
    if (unpacked / SQLITE_NAME).exists():
        os.replace(unpacked / SQLITE_NAME, var_dir / "xiaoneng.sqlite3")
    for name in ("uploads", "audit"):
        if (unpacked / name).exists():
            os.replace(unpacked / name, var_dir / name)
    if (unpacked / DUMP_NAME).exists() and unpacked != var_dir:
        (var_dir / "database").mkdir(exist_ok=True)
        shutil.copy2(unpacked / DUMP_NAME, var_dir / DUMP_NAME)
    return var_dir


@dataclass
class RestoreResult:
    target: Path
    engine: str
    database: str
    verify: VerifyResult


def backup_restore(
    archive: Path, *, target: Path | None = None, database_url: str = "", in_place: bool = False
) -> RestoreResult:
    """Restore `archive`.

    With `target`: into that directory laid out as a VAR_DIR (``xiaoneng.sqlite3``,
    ``uploads/``, ``audit/``) — start a server on it with XIAONENG_VAR_DIR=<target>; a
    PostgreSQL dump goes into the (empty) database `database_url`. With `in_place`: over this
    installation's database, MEDIA_ROOT and audit directory — the server and the workers must
    be stopped first. Either way the restored copy is then verified like a new backup.
    """
    if target is None and not in_place:
        raise BackupError("name a --target directory, or restore in place explicitly")
    with tempfile.TemporaryDirectory(prefix="xn-restore-") as scratch_name:
        scratch = Path(scratch_name)
        manifest = _safe_extract(archive, scratch)
        kind = manifest["engine"]
        if target is not None:
            target = Path(target)
            if target.exists() and any(target.iterdir()):
                raise BackupError(f"{target} is not empty")
            layout = _as_var_dir(scratch, target)
            database = str(layout / "xiaoneng.sqlite3")
            if kind == "postgresql":
                if not database_url:
                    raise BackupError("a PostgreSQL backup needs --database-url for the copy")
                _run(
                    [
                        pg_binary("pg_restore"),
                        "--no-owner",
                        "--exit-on-error",
                        "-d",
                        database_url,
                        str(layout / DUMP_NAME),
                    ]
                )
                database = database_url
            integrity = sqlite_integrity(Path(database)) if kind == "sqlite" else "ok"
            audit = audit_verify_copy(
                var_dir=layout, database_url=database_url if kind == "postgresql" else ""
            )
            counts = sqlite_row_counts(Path(database)) if kind == "sqlite" else {}
            return RestoreResult(layout, kind, database, VerifyResult(integrity, audit, counts))
        return _restore_in_place(scratch, kind)


def _restore_in_place(scratch: Path, kind: str) -> RestoreResult:
    if kind != engine():
        raise BackupError(f"this installation runs {engine()}, the backup holds {kind}")
    if kind == "sqlite":
        live = Path(settings.DATABASES["default"]["NAME"])
        connection.close()
        staged = live.with_name(live.name + ".restoring")
        shutil.copy2(scratch / SQLITE_NAME, staged)
        for suffix in ("-wal", "-shm"):
            Path(str(live) + suffix).unlink(missing_ok=True)
        os.replace(staged, live)
        database = str(live)
    else:
        db = settings.DATABASES["default"]
        args, env = _pg_params(db)
        connection.close()
        _run(
            [
                pg_binary("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                *args,
                "-d",
                db["NAME"],
                str(scratch / DUMP_NAME),
            ],
            env=env,
        )
        database = db["NAME"]
    for name, live_dir in (("uploads", media_root()), ("audit", audit_dir())):
        if live_dir.exists():
            shutil.rmtree(live_dir)
        _copy_tree(scratch / name, live_dir)
    var_dir = Path(settings.VAR_DIR)
    integrity = sqlite_integrity(Path(database)) if kind == "sqlite" else "ok"
    return RestoreResult(var_dir, kind, database, VerifyResult(integrity, audit_verify_live()))


def audit_verify_live() -> str:
    """`xiaoneng audit verify` in a separate process with this installation's settings."""
    return _audit_verify_process({**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE})
