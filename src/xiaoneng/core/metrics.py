"""Prometheus metrics, off unless XIAONENG_METRICS=1 (settings.METRICS_ENABLED).

- ``xiaoneng_request_seconds`` (histogram): latency of each request by method, route pattern
  (never the raw path, so case numbers do not become labels) and status class; observed by
  `MetricsMiddleware` in each web process. Under gunicorn with several processes set
  PROMETHEUS_MULTIPROC_DIR (an empty directory, cleared at start) so /metrics adds them up.
- ``xiaoneng_queue_ready_tasks`` / ``xiaoneng_queue_oldest_ready_seconds`` /
  ``xiaoneng_tasks_failed``: read from the queue's table at each scrape, so every app server
  reports the same shared queue.
- ``xiaoneng_sweep_duration_seconds`` / ``xiaoneng_sweep_age_seconds``: the last sweep, as the
  worker recorded it.

`/metrics` answers 404 while metrics are off; with METRICS_TOKEN set it wants
``Authorization: Bearer <token>`` (401 otherwise).
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from xiaoneng.core.health import oldest_ready_age_seconds
from xiaoneng.jobs.models import Beat

REQUEST_SECONDS = Histogram(
    "xiaoneng_request_seconds",
    "Time to answer a request",
    ["method", "route", "status"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


def metrics_enabled() -> bool:
    return bool(getattr(settings, "METRICS_ENABLED", False))


class MetricsMiddleware:
    """Observe each request's latency; removed from the stack when metrics are off."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not metrics_enabled():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None and match.route else "unmatched"
        REQUEST_SECONDS.labels(
            request.method or "", route[:100], f"{response.status_code // 100}xx"
        ).observe(time.perf_counter() - started)
        return response


class QueueCollector(Collector):
    """Queue and sweep figures read from the database at scrape time."""

    def collect(self) -> Iterator[Metric]:
        ready = GaugeMetricFamily(
            "xiaoneng_queue_ready_tasks", "Tasks ready to run, by queue", labels=["queue"]
        )
        counts = (
            DBTaskResult.objects.ready()
            .values("queue_name")
            .annotate(n=Count("id"))
            .values_list("queue_name", "n")
        )
        for queue, count in counts:
            ready.add_metric([queue], count)
        yield ready
        yield GaugeMetricFamily(
            "xiaoneng_queue_oldest_ready_seconds",
            "How long the first ready task has waited",
            value=oldest_ready_age_seconds(),
        )
        yield GaugeMetricFamily(
            "xiaoneng_tasks_failed",
            "Tasks whose last attempt failed (kept in the queue's table)",
            value=DBTaskResult.objects.failed().count(),
        )
        last = Beat.objects.filter(name="done:sweep").first()
        if last is not None:
            yield GaugeMetricFamily(
                "xiaoneng_sweep_duration_seconds",
                "Duration of the last supervision sweep",
                value=last.duration_seconds or 0.0,
            )
            yield GaugeMetricFamily(
                "xiaoneng_sweep_age_seconds",
                "Time since the last supervision sweep finished",
                value=(timezone.now() - last.at).total_seconds(),
            )


def _registry() -> Any:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(_Default())
    registry.register(QueueCollector())
    return registry


class _Default(Collector):
    """This process's own metrics (request latency, process and platform)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def _authorized(request: HttpRequest) -> bool:
    token = str(getattr(settings, "METRICS_TOKEN", "") or "")
    if not token:
        return True
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not metrics_enabled():
        raise Http404
    if not _authorized(request):
        response = HttpResponse("unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
