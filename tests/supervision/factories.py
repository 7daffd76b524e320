"""Factories for supervision tests."""

from __future__ import annotations

from datetime import date

from xiaoneng.core.models import User
from xiaoneng.supervision.models import Accountability, SourceKind
from xiaoneng.supervision.services import warning_issue


def flag_unit(*, supervisor: User, staff: list[User], year: int = 2026) -> Accountability:
    """Three warnings to the staff's unit in `year` → its Accountability."""
    for month, person in zip((1, 2, 3), staff, strict=False):
        warning_issue(
            actor=supervisor,
            person=person,
            reason="超期",
            source_kind=SourceKind.CASE,
            source_ref=f"SP{year}00000{month}",
            issued_on=date(year, month, 10),
        )
    return Accountability.objects.get(unit=staff[0].organization, year=year)
