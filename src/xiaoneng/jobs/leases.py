"""Leases: a named lock with an expiry, held in the database so that it works across processes
and machines, on SQLite and on PostgreSQL alike (ADR 0002: no engine-specific locking).

`lease_acquire` is one conditional UPDATE — "take it if it is free or expired, or already mine" —
and an INSERT the first time a name is used. On PostgreSQL a concurrent UPDATE waits for the row
and re-checks the condition against the committed row, so the second taker sees the new expiry
and gets nothing; on SQLite writers are serialized by the immediate transaction. A holder that
dies loses the lease when it expires; a live holder renews it by acquiring again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from xiaoneng.jobs.models import Beat, Lease


def lease_acquire(*, name: str, holder: str, seconds: float) -> bool:
    """Take (or renew) the lease `name` for `seconds`; False when someone else holds it."""
    now = timezone.now()
    until = now + timedelta(seconds=seconds)
    with transaction.atomic():
        taken = (
            Lease.objects.filter(name=name)
            .filter(Q(expires_at__lte=now) | Q(holder=holder))
            .update(holder=holder, expires_at=until)
        )
    if taken:
        return True
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, holder=holder, expires_at=until)
    except IntegrityError:
        return False  # the row exists and is held by someone else
    return True


def lease_release(*, name: str, holder: str) -> None:
    """Give the lease back at once (only its holder can)."""
    Lease.objects.filter(name=name, holder=holder).update(expires_at=timezone.now())


def beat(name: str, *, duration_seconds: float | None = None, at: datetime | None = None) -> None:
    """Record that `name` happened now (a worker alive, a job finished)."""
    Beat.objects.update_or_create(
        name=name, defaults={"at": at or timezone.now(), "duration_seconds": duration_seconds}
    )


def beat_at(name: str) -> datetime | None:
    return Beat.objects.filter(name=name).values_list("at", flat=True).first()
