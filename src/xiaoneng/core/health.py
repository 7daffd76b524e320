"""`/healthz` for the load balancer and monitoring: 200 when every check passes, 503 otherwise.

Checks: ``database`` (a query answers), ``queue`` (the oldest task ready to run waits less than
HEALTH_QUEUE_MAX_SECONDS), ``worker`` (some `xiaoneng worker` was alive within
HEALTH_WORKER_MAX_SECONDS), ``sweep`` (the supervision sweep finished within
HEALTH_SWEEP_MAX_SECONDS; by default three sweep intervals, at least 15 minutes). ``?check=``
names the checks to run (comma-separated): a load balancer in front of several app servers asks
``?check=database`` so that a stopped worker does not take the web servers out of rotation.

No sign-in, and nothing beyond one word per check: no error text, versions, host names or ages
(those are in the protected metrics).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult, get_date_max

from xiaoneng.jobs.models import Beat

OK = "ok"
FAIL = "fail"


def _seconds(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def sweep_max_seconds() -> float:
    interval = float(getattr(settings, "SWEEP_INTERVAL_MINUTES", 5)) * 60
    return _seconds("HEALTH_SWEEP_MAX_SECONDS", max(3 * interval, 900))


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return FAIL
    return OK


def oldest_ready_age_seconds() -> float:
    """How long the task first in line has been ready to run (0 with an empty queue)."""
    now = timezone.now()
    oldest = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", "run_after")
        .first()
    )
    if oldest is None:
        return 0.0
    enqueued_at, run_after = oldest
    ready_since = enqueued_at if run_after == get_date_max() else max(enqueued_at, run_after)
    return max(0.0, (now - ready_since).total_seconds())


def check_queue() -> str:
    max_age = _seconds("HEALTH_QUEUE_MAX_SECONDS", 600)
    return OK if oldest_ready_age_seconds() <= max_age else FAIL


def check_worker() -> str:
    since = timezone.now() - timedelta(seconds=_seconds("HEALTH_WORKER_MAX_SECONDS", 120))
    alive = Beat.objects.filter(name__startswith="worker:", at__gte=since).exists()
    return OK if alive else FAIL


def check_sweep() -> str:
    since = timezone.now() - timedelta(seconds=sweep_max_seconds())
    return OK if Beat.objects.filter(name="done:sweep", at__gte=since).exists() else FAIL


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "queue": check_queue,
    "worker": check_worker,
    "sweep": check_sweep,
}


def health_report(names: list[str] | None = None) -> dict[str, str]:
    """Each named check's word; the others are skipped once the database has failed."""
    results: dict[str, str] = {}
    for name in names or list(CHECKS):
        if name != "database" and results.get("database") == FAIL:
            results[name] = FAIL
            continue
        try:
            results[name] = CHECKS[name]()
        except DatabaseError:
            results[name] = FAIL
    return results


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    asked = [n for n in request.GET.get("check", "").split(",") if n]
    if any(name not in CHECKS for name in asked):
        return JsonResponse({"errors": [{"field": "check", "reason": sorted(CHECKS)}]}, status=400)
    checks = health_report(asked or None)
    healthy = all(word == OK for word in checks.values())
    return JsonResponse(
        {"status": OK if healthy else FAIL, "checks": checks}, status=200 if healthy else 503
    )
