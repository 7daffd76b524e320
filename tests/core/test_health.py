"""/healthz: 200/503 with one word per check, no sign-in; /metrics only when enabled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from xiaoneng.jobs.leases import beat

pytestmark = pytest.mark.django_db


def test_healthz_fails_without_a_worker_and_a_sweep_and_passes_with_them(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "ok", "queue": "ok", "worker": "fail", "sweep": "fail"},
    }
    beat("worker:w1")
    beat("done:sweep", duration_seconds=1.5)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_a_stale_worker_fails_but_the_load_balancer_check_passes(client):
    beat("worker:w1", at=timezone.now() - timedelta(minutes=10))
    beat("done:sweep")
    assert client.get("/healthz").json()["checks"]["worker"] == "fail"
    only_db = client.get("/healthz?check=database")
    assert only_db.status_code == 200 and only_db.json()["checks"] == {"database": "ok"}
    assert client.get("/healthz?check=secrets").status_code == 400


def test_metrics_are_off_by_default_and_protected_by_the_token(client, settings):
    assert client.get("/metrics").status_code == 404
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    beat("done:sweep", duration_seconds=2.0)
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    text = response.content.decode()
    assert "xiaoneng_queue_oldest_ready_seconds" in text
    assert "xiaoneng_sweep_duration_seconds 2.0" in text
