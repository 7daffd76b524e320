"""Deadlines computed on a provisional calendar are recomputed when the year's notice arrives.

A deadline that reaches a year the State Council has not yet announced is computed on weekends
only and flagged `is_deadline_provisional` (行政许可法 Art. 82; workdays' known range). That flag
is the record of what depends on the missing notice: when the notice is saved, every flagged
case is recomputed from its acceptance, limits, extension and pauses, and loses the flag once
no deadline depends on an unannounced year any more.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xiaoneng.cases.models import Case
from xiaoneng.cases.services._base import DEADLINE_FIELDS, refresh_deadlines
from xiaoneng.core.audit import audit


def case_deadlines_recompute_provisional() -> int:
    """Recompute every provisional deadline; return how many cases changed."""
    changed: list[str] = []
    with transaction.atomic():
        flagged = Case.objects.select_for_update().filter(
            is_deadline_provisional=True, accepted_on__isnull=False
        )
        for case in flagged.iterator(chunk_size=500):
            before = tuple(getattr(case, field) for field in DEADLINE_FIELDS)
            refresh_deadlines(case)
            if tuple(getattr(case, field) for field in DEADLINE_FIELDS) != before:
                case.save(update_fields=list(DEADLINE_FIELDS))
                changed.append(case.number)
        if changed:
            audit(
                actor=None,
                actor_name="system",
                action="case.deadlines_recomputed",
                object_type="cases.case",
                detail={"cases": changed[:1000], "count": len(changed)},
            )
    return len(changed)


def on_calendar_notice_saved(sender: Any, **kwargs: Any) -> None:
    case_deadlines_recompute_provisional()
