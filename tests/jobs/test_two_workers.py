"""Two real `xiaoneng worker` processes share the scheduled supervision sweep (issue 16, part 3):
the schedule enqueues it once per interval whichever worker looks first; sweeps queued at the
same time run one at a time (lease ``sweep``: a worker that gets one while the other runs it
skips it); every task is claimed once and finishes; every deadline alert is sent exactly once.

Real processes on a real database (a fresh SQLite file, or a fresh PostgreSQL database when the
suite runs on PostgreSQL), the demo city's data, nothing mocked.
"""

from __future__ import annotations

import signal
import time
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

import pytest

from tests.processes import (
    ON_POSTGRES,
    fresh_database,
    installation_env,
    popen,
    shell_json,
    xiaoneng,
)

pytestmark = pytest.mark.slow
QUEUED_AT_ONCE = 8

RESULTS = """
import json
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.filter(task_path="xiaoneng.jobs.sweep.sweep_run").order_by("enqueued_at")
print(json.dumps([
    {"status": r.status, "workers": r.worker_ids, "value": r.return_value} for r in rows
]))
"""
ENQUEUE = f"""
import json
from xiaoneng.jobs.sweep import sweep_run
print(json.dumps([sweep_run.enqueue().id for _ in range({QUEUED_AT_ONCE})]))
"""
ALERTS = """
import json
from xiaoneng.core.models import Notification
from xiaoneng.jobs.models import Beat
sent = Notification.objects.filter(dedupe_key__startswith="deadline:")
print(json.dumps({
    "alerts": sent.count(),
    "distinct": sent.values("recipient", "dedupe_key").distinct().count(),
    "beats": sorted(Beat.objects.filter(name__startswith="worker:").values_list("name", flat=True)),
}))
"""


def _wait_for(condition, *, env, seconds: float, workers) -> list[dict]:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while True:
        rows = shell_json(RESULTS, env=env)
        if condition(rows):
            return rows
        assert all(w.poll() is None for w in workers), "a worker died"
        assert time.monotonic() < deadline, rows
        time.sleep(1)


def _finished(rows: list[dict]) -> bool:
    return all(r["status"] in {"SUCCESSFUL", "FAILED"} for r in rows)


def test_two_workers_run_the_scheduled_sweep_one_at_a_time(tmp_path: Path) -> None:
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database("workers")) if ON_POSTGRES else ""
        env = installation_env(tmp_path, database_url=url, settings="xiaoneng.config.settings.dev")
        env["XIAONENG_SWEEP_INTERVAL_MINUTES"] = "60"  # one scheduled sweep during the test
        for command in (["migrate", "--noinput", "-v0"], ["demo"]):
            done = xiaoneng(*command, env=env)
            assert done.returncode == 0, done.stderr[-3000:]

        workers = [
            popen(
                ["worker", "--interval", "0.2", "--worker-id", name],
                env=env,
                log=tmp_path / f"{name}.log",
            )
            for name in ("w1", "w2")
        ]

        def stop() -> None:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                worker.wait(timeout=60)

        stack.callback(stop)
        # Both look at the schedule when they start; one of them enqueues the sweep.
        rows = _wait_for(
            lambda rows: len(rows) == 1 and _finished(rows), env=env, seconds=180, workers=workers
        )
        queued = shell_json(ENQUEUE, env=env)
        assert len(queued) == QUEUED_AT_ONCE
        rows = _wait_for(
            lambda rows: len(rows) == 1 + QUEUED_AT_ONCE and _finished(rows),
            env=env,
            seconds=180,
            workers=workers,
        )
        alerts = shell_json(ALERTS, env=env)
        stop()  # SIGTERM: each finishes its task and exits (again at exit: a no-op)
        logs = {p.name: p.read_text(errors="replace")[-2000:] for p in tmp_path.glob("w?.log")}
    assert [w.returncode for w in workers] == [0, 0], logs

    # Nothing lost, nothing run twice: every task finished, each claimed by one worker once.
    assert [r["status"] for r in rows] == ["SUCCESSFUL"] * (1 + QUEUED_AT_ONCE), rows
    assert all(len(r["workers"]) == 1 and r["workers"][0] in {"w1", "w2"} for r in rows), rows
    assert alerts["beats"] == ["worker:w1", "worker:w2"]  # both were alive and polling

    # One at a time: the runs that were not skipped held the lease in turn.
    ran = [r["value"] for r in rows if not r["value"].get("skipped")]
    assert ran, rows
    spans = sorted(
        (datetime.fromisoformat(v["started_at"]), datetime.fromisoformat(v["finished_at"]))
        for v in ran
    )
    for (_, earlier_end), (later_start, _) in zip(spans, spans[1:], strict=False):
        assert earlier_end <= later_start, spans

    # Each deadline alert was sent once, by whichever run reached it first.
    assert alerts["alerts"] > 0
    assert sum(v["deadline_alerts"] for v in ran) == alerts["alerts"] == alerts["distinct"]
