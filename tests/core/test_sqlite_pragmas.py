"""Every SQLite connection runs in WAL mode with foreign keys and a busy timeout (ADR 0002),
both for the default file in the var directory and for a file named by XIAONENG_DATABASE_URL
(a second app server, the load benchmark and a backup restore all name the file that way), and
in both cases the connection is kept between requests."""

from __future__ import annotations

import pytest

from tests.processes import installation_env, shell_json

PRAGMAS = """
import json
from django.db import connection
with connection.cursor() as cursor:
    values = {}
    for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous"):
        cursor.execute(f"PRAGMA {name}")
        values[name] = cursor.fetchone()[0]
print(json.dumps({"vendor": connection.vendor, "name": str(connection.settings_dict["NAME"]),
                  "conn_max_age": connection.settings_dict["CONN_MAX_AGE"],
                  "conn_health_checks": connection.settings_dict["CONN_HEALTH_CHECKS"],
                  **values}))
"""


@pytest.mark.parametrize("named_by_url", [False, True], ids=["default file", "database url"])
def test_sqlite_connections_get_wal_foreign_keys_and_busy_timeout(tmp_path, named_by_url):
    database = tmp_path / "elsewhere" / "city.sqlite3"
    database.parent.mkdir()
    url = f"sqlite:///{database}" if named_by_url else ""
    env = installation_env(tmp_path / "var", database_url=url)
    (tmp_path / "var").mkdir()
    seen = shell_json(PRAGMAS, env=env)
    assert seen["vendor"] == "sqlite"
    expected = database if named_by_url else tmp_path / "var" / "xiaoneng.sqlite3"
    assert seen["name"] == str(expected)
    assert seen["journal_mode"] == "wal"
    assert seen["foreign_keys"] == 1
    assert seen["busy_timeout"] == 20000
    assert seen["synchronous"] == 1  # NORMAL
    # kept between requests, checked before reuse: a connection per request cost ~3 ms of CPU
    assert seen["conn_max_age"] == 60
    assert seen["conn_health_checks"] is True
