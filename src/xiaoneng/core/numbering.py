"""Gap-free yearly numbers for cases, certificates and official documents."""

from __future__ import annotations

from django.db import transaction

from xiaoneng.core.models import NumberSequence


def sequence_next(*, key: str, year: int) -> int:
    """Next value (1, 2, …) of sequence `key` in `year`. The row is locked until the caller's
    transaction ends, and a rolled-back transaction gives its value back: no gaps."""
    with transaction.atomic():
        sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
            key=key, year=year
        )
        sequence.last += 1
        sequence.save(update_fields=["last"])
        return sequence.last


def number_next(*, key: str, year: int, prefix: str = "", width: int = 6) -> str:
    """Next number of sequence `key` in `year`, e.g. prefix "SP" → "SP2026000042"."""
    return f"{prefix}{year}{sequence_next(key=key, year=year):0{width}d}"
