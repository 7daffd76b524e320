"""Retries with exponential back-off for tasks: `@task()` over `@retrying(...)`.

A failing attempt that has attempts left enqueues the same task again, to run after
``backoff_seconds * 2**(attempt-1)`` (capped by ``max_backoff_seconds``), and ends normally with
a note of the retry as its result; the last attempt lets the exception through, so the queue
records the task as failed and the system administrator sees it (workbench and API). The
attempt number travels as the keyword argument ``retry_attempt``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task_backends

logger = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def backoff(attempt: int, *, base: float, cap: float) -> float:
    """Seconds to wait after failed attempt `attempt` (1, 2, ...): base, 2·base, 4·base, ...≤ cap."""
    return float(min(cap, base * 2 ** (attempt - 1)))


def retrying(
    *, attempts: int = 5, backoff_seconds: float = 30, max_backoff_seconds: float = 3600
) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        @functools.wraps(func)
        def run(*args: Any, retry_attempt: int = 1, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                if retry_attempt >= attempts:
                    raise
                delay = backoff(retry_attempt, base=backoff_seconds, cap=max_backoff_seconds)
                logger.warning(
                    "task %s attempt %s failed (%r); retrying in %s s",
                    func.__qualname__,
                    retry_attempt,
                    exc,
                    delay,
                )
                _enqueue_again(func, args, kwargs, retry_attempt + 1, delay)
                return {"retry_attempt": retry_attempt + 1, "error": type(exc).__name__}

        return run  # type: ignore[return-value]

    return decorate


def _enqueue_again(
    func: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    attempt: int,
    delay: float,
) -> None:
    task = import_string(f"{func.__module__}.{func.__qualname__}")  # the Task wrapping us
    if task_backends[task.backend].supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    task.enqueue(*args, retry_attempt=attempt, **kwargs)
