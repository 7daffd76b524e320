"""Background work: leases, back-off, the worker with its schedule, failed tasks, import jobs."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tests.complaints.test_import import sample_lines
from tests.core.test_workbench_pages import login_admin
from xiaoneng.core.roles import Role
from xiaoneng.jobs import schedule
from xiaoneng.jobs.leases import beat_at, lease_acquire, lease_release
from xiaoneng.jobs.models import Beat, ImportJob, ImportStatus
from xiaoneng.jobs.retry import backoff, retrying
from xiaoneng.jobs.sweep import SWEEP_LEASE, sweep_once

pytestmark = pytest.mark.django_db
DB_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "imports", "notifications"],
    }
}
CALLS: dict[str, int] = {}


@task()
@retrying(attempts=3, backoff_seconds=0)
def flaky(name: str, failures: int) -> str:
    """Fails `failures` times, then succeeds."""
    CALLS[name] = CALLS.get(name, 0) + 1
    if CALLS[name] <= failures:
        raise RuntimeError(f"failure {CALLS[name]}")
    return "done"


@task()
@retrying(attempts=2, backoff_seconds=600)
def slow_retry() -> None:
    raise ZeroDivisionError


@pytest.fixture
def db_queue(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = DB_TASKS
    CALLS.clear()
    return settings


def run_worker(*args: str) -> str:
    out = io.StringIO()
    call_command("worker", "--batch", "--no-schedule", *args, stdout=out)
    return out.getvalue()


# --- leases -------------------------------------------------------------------------------


def test_lease_is_held_by_one_holder_until_it_expires_or_is_released():
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False) as clock:
        assert lease_acquire(name="job", holder="a", seconds=60)
        assert not lease_acquire(name="job", holder="b", seconds=60)
        assert lease_acquire(name="job", holder="a", seconds=60)  # the holder renews
        clock.shift(timedelta(seconds=61))
        assert lease_acquire(name="job", holder="b", seconds=60)  # expired: taken over
        assert not lease_acquire(name="job", holder="a", seconds=60)
        lease_release(name="job", holder="a")  # not the holder: nothing happens
        assert not lease_acquire(name="job", holder="c", seconds=60)
        lease_release(name="job", holder="b")
        assert lease_acquire(name="job", holder="c", seconds=60)


def test_a_sweep_while_another_holds_the_lease_is_skipped(org_tree):
    assert lease_acquire(name=SWEEP_LEASE, holder="other-worker", seconds=600)
    assert sweep_once() == {"skipped": True}
    assert beat_at("done:sweep") is None
    lease_release(name=SWEEP_LEASE, holder="other-worker")
    report = sweep_once()
    assert "skipped" not in report and report["deadline_alerts"] == 0
    assert beat_at("done:sweep") is not None


# --- back-off and retries ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attempt", "seconds"),
    [(1, 30.0), (2, 60.0), (3, 120.0), (4, 240.0), (8, 3600.0)],  # doubled, capped at 1 h
)
def test_backoff_doubles_after_each_failure_up_to_the_cap(attempt, seconds):
    assert backoff(attempt, base=30, cap=3600) == seconds


def test_a_failing_task_is_retried_and_then_succeeds(db_queue):
    flaky.enqueue("twice", 2)
    run_worker()
    assert CALLS["twice"] == 3
    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.status for r in results] == ["SUCCESSFUL"] * 3
    assert [r.args_kwargs["kwargs"].get("retry_attempt") for r in results] == [None, 2, 3]
    assert results[-1].return_value == "done"
    assert not DBTaskResult.objects.failed().exists()


def test_the_retry_waits_for_its_back_off(db_queue):
    assert slow_retry.call() == {"retry_attempt": 2, "error": "ZeroDivisionError"}
    with pytest.raises(ZeroDivisionError):
        slow_retry.call(retry_attempt=2)  # the last attempt lets the error through
    queued = DBTaskResult.objects.get()
    assert queued.run_after > timezone.now() + timedelta(seconds=590)
    assert not DBTaskResult.objects.ready().exists()


def test_the_last_failure_is_shown_to_the_system_administrator_only(db_queue, personas, client):
    flaky.enqueue("always", 99)
    run_worker()
    assert CALLS["always"] == 3
    failed = DBTaskResult.objects.failed().get()
    assert failed.exception_class_path == "builtins.RuntimeError"

    login_admin(client, personas[Role.SYSTEM_ADMIN])  # with the second factor
    api = client.get("/api/v1/tasks/failed/").json()["results"]
    assert [(r["task"], r["error"]) for r in api] == [
        ("tests.core.test_tasks.flaky", "RuntimeError: failure 3")
    ]
    page = client.get("/workbench/jobs/failed/")
    assert page.status_code == 200 and "tests.core.test_tasks.flaky" in page.content.decode()

    for role in (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        login_admin(client, personas[role])
        assert client.get("/api/v1/tasks/failed/").status_code == 403, role
        assert client.get("/workbench/jobs/failed/").status_code == 403, role
    for role in (Role.COMPLAINT_HANDLER, Role.LEADER):
        client.force_login(personas[role])
        assert client.get("/api/v1/tasks/failed/").status_code == 403, role
        assert client.get("/workbench/jobs/failed/").status_code == 403, role
    client.logout()
    assert client.get("/api/v1/tasks/failed/").status_code in (401, 403)


# --- the worker and its schedule -----------------------------------------------------------


def test_the_worker_enqueues_the_sweep_once_per_interval_and_runs_it(db_queue, org_tree):
    db_queue.SWEEP_INTERVAL_MINUTES = 5
    with time_machine.travel("2026-12-01 10:00 +0800", tick=True) as clock:
        call_command("worker", "--batch", stdout=io.StringIO())
        call_command("worker", "--batch", stdout=io.StringIO())  # a second worker, same interval
        sweeps = DBTaskResult.objects.filter(task_path="xiaoneng.jobs.sweep.sweep_run")
        assert sweeps.count() == 1
        assert sweeps.get().status == "SUCCESSFUL"
        assert Beat.objects.filter(name__startswith="worker:").count() == 2
        assert beat_at("done:sweep") is not None
        clock.shift(timedelta(minutes=5, seconds=1))
        call_command("worker", "--batch", stdout=io.StringIO())
        assert sweeps.count() == 2


def test_no_schedule_when_the_interval_is_zero(db_queue):
    db_queue.SWEEP_INTERVAL_MINUTES = 0
    assert "sweep" not in schedule.enqueue_due()
    assert not DBTaskResult.objects.filter(task_path="xiaoneng.jobs.sweep.sweep_run").exists()


# --- imports in the background ---------------------------------------------------------------


def complaint_lines() -> list[str]:
    return sample_lines()


@pytest.mark.parametrize(
    ("headers", "query"), [({"HTTP_PREFER": "respond-async"}, ""), ({}, "?background=1")]
)
def test_a_complaint_import_asked_for_in_the_background_answers_202_and_reports(
    personas, client, headers, query, django_capture_on_commit_callbacks
):
    handler = personas[Role.COMPLAINT_HANDLER]
    client.force_login(handler)
    upload = io.BytesIO("\n".join(complaint_lines()).encode())
    upload.name = "complaints.jsonl"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/complaints/import/{query}", {"file": upload}, **headers)
    assert response.status_code == 202, response.content
    location = response["Location"]
    assert location.endswith(f"/api/v1/imports/{response.json()['id']}/")
    job = client.get(location).json()  # the immediate backend in tests has run it already
    assert job["status"] == ImportStatus.FINISHED and job["kind"] == "complaints"
    assert job["report"]["complaints_created"] >= 1
    assert job["done_items"] == job["total_lines"]
    page = client.get(f"/workbench/jobs/imports/{job['id']}/")
    assert page.status_code == 200
    assert client.get("/workbench/jobs/imports/").status_code == 200


def test_a_large_case_import_runs_as_a_task(
    personas, client, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_LINES = 2
    importer = personas[Role.CENTRE_COORDINATOR]
    client.force_login(importer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/cases/import/", data="{}\n{}\n", content_type="application/x-ndjson"
        )
    assert response.status_code == 202, response.content
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FINISHED
    assert job.report is not None and len(job.report["rejected"]) >= 1  # two empty objects


def test_a_small_import_still_answers_at_once(personas, client):
    client.force_login(personas[Role.COMPLAINT_HANDLER])
    upload = io.BytesIO("\n".join(complaint_lines()).encode())
    upload.name = "complaints.jsonl"
    response = client.post("/api/v1/complaints/import/", {"file": upload})
    assert response.status_code in (200, 400)
    assert not ImportJob.objects.exists()


def test_an_import_job_is_visible_to_its_author_only(personas, client):
    handler = personas[Role.COMPLAINT_HANDLER]
    client.force_login(handler)
    upload = io.BytesIO(b'{"not": "a complaint"}\n')
    upload.name = "x.jsonl"
    response = client.post(
        "/api/v1/complaints/import/", {"file": upload}, HTTP_PREFER="respond-async"
    )
    location = response["Location"]
    for role in (Role.SYSTEM_ADMIN, Role.EFFICIENCY_SUPERVISOR, Role.REVIEWER):
        client.force_login(personas[role])
        assert client.get(location).status_code in (403, 404), role  # 403: no second factor
        job_id = json.loads(response.content)["id"]
        page = client.get(f"/workbench/jobs/imports/{job_id}/")
        assert page.status_code in (302, 404), role  # 302: to the second factor first


def test_who_may_not_import_may_not_queue_an_import(personas, client):
    client.force_login(personas[Role.REVIEWER])
    upload = io.BytesIO(b"{}\n")
    upload.name = "x.jsonl"
    response = client.post(
        "/api/v1/complaints/import/", {"file": upload}, HTTP_PREFER="respond-async"
    )
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_healthz_and_sweep_use_the_same_day(org_tree):
    """The sweep's report names the local day it swept (Asia/Shanghai)."""
    with time_machine.travel("2026-12-01 23:30 +0000", tick=False):  # 07:30 on the 2nd in China
        assert sweep_once()["as_of"] == date(2026, 12, 2).isoformat()
