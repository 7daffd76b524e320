"""Rule B1 under concurrent issue: 12 threads, each with its own database connection, issue 12
drafts of one unit at the same moment → the numbers are exactly 1…12 (no gap, no duplicate);
6 threads issuing the same draft → one issued, five refused (409). SQLite: the threads share a
file copy of the test database (BEGIN IMMEDIATE serializes the writers); PostgreSQL: each
thread has its own connection (the unit's sequence row is locked, SELECT … FOR UPDATE)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from xiaoneng.core.errors import Conflict
from xiaoneng.core.roles import Role
from xiaoneng.disclosure.models import Bulletin
from xiaoneng.disclosure.publicity import services

pytestmark = pytest.mark.django_db(transaction=True)


def _sqlite_file_copy(tmp_path) -> dict | None:  # type: ignore[no-untyped-def]
    if connection.vendor != "sqlite":
        return None
    path = tmp_path / "concurrent.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return {**connection.settings_dict, "NAME": str(path), "TEST": {"NAME": str(path)}}


def _race(n: int, work: Callable[[int], str], file_settings: dict | None) -> list[str]:
    barrier = threading.Barrier(n)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        if file_settings is not None:
            wrapper_class = type(connections["default"])
            connections["default"] = wrapper_class(dict(file_settings), alias="default")
        try:
            barrier.wait()
            result = work(index)
        except Conflict:
            result = "409"
        except Exception as exc:  # noqa: BLE001  (any other outcome fails the test)
            result = f"error:{exc!r}"
        finally:
            connections["default"].close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _serials(file_settings: dict | None) -> list[int]:
    if file_settings is None:
        return sorted(
            Bulletin.objects.exclude(serial=None).values_list("serial", flat=True)  # type: ignore[arg-type]
        )
    check = sqlite3.connect(file_settings["NAME"])
    rows = check.execute("select serial from disclosure_bulletin where serial is not null")
    serials = sorted(r[0] for r in rows.fetchall())
    check.close()
    return serials


def test_twelve_concurrent_issues_number_one_to_twelve(personas, org_tree, tmp_path):
    office = personas[Role.EFFICIENCY_SUPERVISOR]
    drafts = [
        services.bulletin_draft(
            actor=office, unit=org_tree.efficiency_office, title=f"第{i}份", body="正文"
        )
        for i in range(12)
    ]
    file_settings = _sqlite_file_copy(tmp_path)
    outcomes = _race(
        12,
        lambda i: services.bulletin_issue(actor=office, bulletin=drafts[i]).number,
        file_settings,
    )
    assert not [o for o in outcomes if not o.startswith("〔")], outcomes
    assert len(set(outcomes)) == 12
    assert _serials(file_settings) == list(range(1, 13))


def test_one_draft_issued_by_six_at_once_is_issued_once(personas, org_tree, tmp_path):
    office = personas[Role.EFFICIENCY_SUPERVISOR]
    draft = services.bulletin_draft(
        actor=office, unit=org_tree.efficiency_office, title="同一份", body="正文"
    )
    file_settings = _sqlite_file_copy(tmp_path)
    outcomes = _race(
        6, lambda _i: services.bulletin_issue(actor=office, bulletin=draft).number, file_settings
    )
    assert outcomes.count("409") == 5, outcomes
    assert _serials(file_settings) == [1]
