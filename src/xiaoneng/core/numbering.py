"""Gap-free yearly numbers for cases, certificates and official documents."""

from __future__ import annotations

from django.db import transaction

from xiaoneng.core.models import NumberSequence


def number_next(*, key: str, year: int, prefix: str = "", width: int = 6) -> str:
    """Next number of sequence `key` in `year`, e.g. prefix "SP" → "SP2026000042"."""
    with transaction.atomic():
        sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
            key=key, year=year
        )
        sequence.last += 1
        sequence.save(update_fields=["last"])
        return f"{prefix}{year}{sequence.last:0{width}d}"
