"""The embedded periodic sweep of the development server (settings.SUPERVISION_SWEEP_SECONDS).

Started from SupervisionConfig.ready() only under `runserver` (in the reloader's child process);
production runs `xiaoneng supervise` from cron or a systemd timer instead (docs/supervision.md).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)
_started = threading.Event()


def _loop(interval: float, stop: threading.Event) -> None:
    from xiaoneng.supervision.sweep import supervise  # noqa: PLC0415  (apps must be ready)

    while not stop.wait(interval):
        close_old_connections()
        try:
            supervise()
        except Exception:  # the dev server must keep running; the error is logged
            logger.exception("supervision sweep failed")
        finally:
            close_old_connections()


def start_periodic_sweep(stop: threading.Event | None = None) -> threading.Thread | None:
    """Start the daemon thread once per process; None when disabled (0 seconds)."""
    interval = float(getattr(settings, "SUPERVISION_SWEEP_SECONDS", 0) or 0)
    if interval <= 0 or _started.is_set():
        return None
    _started.set()
    thread = threading.Thread(
        target=_loop,
        args=(interval, stop or threading.Event()),
        name="supervision-sweep",
        daemon=True,
    )
    thread.start()
    logger.info("supervision sweep every %s s", interval)
    return thread
