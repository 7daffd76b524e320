"""Supervision listens to the cases context: every recorded event refreshes the case's watch
and is checked for rule breaches (live events after commit, imported ones inside the import
transaction — see xiaoneng.cases.signals)."""

from __future__ import annotations

from typing import Any

from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.supervision.breaches import detect_for_event
from xiaoneng.supervision.clock import watch_refresh


def on_case_event_recorded(
    sender: type[Case], *, case: Case, event: CaseEvent, **kwargs: Any
) -> None:
    watch_refresh(case)
    detect_for_event(case, event)
