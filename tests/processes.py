"""Real `xiaoneng` processes for tests that need more than one (workers, backup under load):
a fresh installation — its own var directory and, when the suite runs on PostgreSQL, its own
database created for the test and dropped after it — and helpers to run commands in it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
POSTGRES_URL = os.environ.get("XIAONENG_DATABASE_URL", "")
ON_POSTGRES = POSTGRES_URL.startswith("postgres")


def _admin_connection(url: str) -> Any:
    import psycopg  # noqa: PLC0415  (only on PostgreSQL runs)

    return psycopg.connect(url, autocommit=True)


@contextmanager
def fresh_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database beside the configured one; its URL. Dropped after."""
    parts = urlsplit(POSTGRES_URL)
    name = f"{parts.path.lstrip('/')}_{prefix}_{uuid.uuid4().hex[:8]}"
    with _admin_connection(POSTGRES_URL) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with _admin_connection(POSTGRES_URL) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def installation_env(
    var_dir: Path, *, database_url: str = "", settings: str = "xiaoneng.config.settings.test"
) -> dict[str, str]:
    """The environment of an installation kept in `var_dir` (SQLite there unless a URL)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XIAONENG_")}
    if "XIAONENG_PG_BIN_DIR" in os.environ:
        env["XIAONENG_PG_BIN_DIR"] = os.environ["XIAONENG_PG_BIN_DIR"]
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        XIAONENG_VAR_DIR=str(var_dir),
        XIAONENG_AUDIT_CHECKPOINT_DIR=str(var_dir / "audit"),
    )
    if database_url:
        env["XIAONENG_DATABASE_URL"] = database_url
    return env


def xiaoneng(
    *args: str, env: dict[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xiaoneng", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def shell_json(script: str, *, env: dict[str, str]) -> Any:
    """Run `script` in `xiaoneng shell`; it prints one JSON line last, returned parsed."""
    done = xiaoneng("shell", "-c", script, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def popen(args: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """A long-running `xiaoneng` command writing its output to `log`."""
    handle = open(log, "wb")  # noqa: SIM115 - the child owns it; closed when the test ends
    return subprocess.Popen(
        [sys.executable, "-m", "xiaoneng", *args],
        cwd=REPO,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
