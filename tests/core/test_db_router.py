"""The read-only scope's fallback when the replica fails (core/db_router.py): no page fails or
waits because the replica is down. Driven here without a replica server (the router's
decisions, with the replica's health replaced); tests/core/test_replica_routing.py shows the
same with a real primary and streaming replica on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from xiaoneng.core import db_router
from xiaoneng.core.db_router import PrimaryReplicaRouter, reading_from_replica


@pytest.fixture
def replica(monkeypatch):  # type: ignore[no-untyped-def]
    """A configured replica whose health each test sets: state["up"] (connects) and
    state["answers"] (answers a probe after an error)."""
    state = {"up": True, "answers": True, "failed": 0}
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    monkeypatch.setattr(db_router, "_down_until", 0.0)

    def usable() -> bool:
        return state["up"] and db_router._down_until == 0.0

    def answers() -> bool:
        if not state["answers"]:
            state["failed"] += 1
            db_router._down_until = 1.0  # as _replica_failed marks it
        return bool(state["answers"])

    monkeypatch.setattr(db_router, "_replica_usable", usable)
    monkeypatch.setattr(db_router, "_replica_answers", answers)
    return state


def _where_reads_go() -> str:
    return PrimaryReplicaRouter().db_for_read(object)


# (replica connects, replica answers after the view's error, the view fails on its first
#  call) → where each call of the view read, and whether the error reaches the caller
TABLE = [
    # healthy: one call, on the replica
    (True, True, False, ["replica"], False),
    # down before the request: the scope reads the primary, no error
    (False, True, False, ["default"], False),
    # the replica dies during the request: the same view once more on the primary
    (True, False, True, ["replica", "default"], False),
    # the view's own database error with a healthy replica: raised, not retried
    (True, True, True, ["replica"], True),
]


@pytest.mark.parametrize(("up", "answers", "fails", "reads", "raised"), TABLE)
def test_a_routed_view_survives_the_replica(replica, up, answers, fails, reads, raised):  # type: ignore[no-untyped-def]
    replica.update(up=up, answers=answers)
    calls: list[str] = []

    @reading_from_replica()
    def view() -> str:
        calls.append(_where_reads_go())
        if fails and len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return "page"

    if raised:
        with pytest.raises(OperationalError):
            view()
    else:
        assert view() == "page"
    assert calls == reads
    assert _where_reads_go() == "default"  # outside the scope: the primary


def test_outside_the_scope_and_in_a_block_reads_stay_on_the_primary(replica):  # type: ignore[no-untyped-def]
    assert _where_reads_go() == "default"
    with reading_from_replica():
        assert _where_reads_go() == "replica"
    assert _where_reads_go() == "default"


def test_without_a_replica_the_scope_changes_nothing():
    with reading_from_replica():
        assert _where_reads_go() == "default"
