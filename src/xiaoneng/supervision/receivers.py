"""Supervision listens to the cases context: every recorded event refreshes the case's watch
and is checked for rule breaches (live events after commit, imported ones inside the import
transaction — see xiaoneng.cases.signals). The bulk import path sends one
`cases_bulk_loaded` per batch instead: each case of the batch is then refreshed and all its
events are checked. A saved holiday notice (`calendar_notice_saved`) shifts the positions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.catalog.models import ServiceItemVersion
from xiaoneng.core.id_sets import in_ids
from xiaoneng.core.models import Organization
from xiaoneng.supervision.breaches import breaches_for_batch, breaches_insert, detect_for_event
from xiaoneng.supervision.clock import (
    provisional_flags_sync,
    watch_refresh,
    watches_create_bulk,
    watches_shift,
)
from xiaoneng.supervision.models import SupervisionSettings


def on_case_event_recorded(
    sender: type[Case], *, case: Case, event: CaseEvent, **kwargs: Any
) -> None:
    watch_refresh(case)
    detect_for_event(case, event)


def on_cases_bulk_loaded(sender: type[Case], *, case_ids: Iterable[int], **kwargs: Any) -> None:
    """A batch from the bulk import: new cases' watches are inserted in bulk, cases that were
    already watched are refreshed one by one, then every event of the batch is checked at once
    (`breaches_for_batch`, the set-based twin of the per-event rules)."""
    defaults = SupervisionSettings.current()
    cases = _batch_cases(list(case_ids))
    for case in watches_create_bulk(cases, defaults=defaults):
        watch_refresh(case, defaults=defaults)
    breaches_insert(breaches_for_batch(cases))


#: What the watches and the rules read of a case (clock.py, breaches.py): the other columns
#: (the applicant, the title, times the rules do not read) are not loaded, since building
#: every column of thousands of rows cost more than the rules themselves.
BATCH_CASE_FIELDS = (
    "number",
    "agency",
    "item_version",
    "assignee",
    "status",
    "handling_type",
    "is_joint",
    "received_at",
    "accepted_on",
    "is_deemed_accepted",
    "committed_limit_days",
    "legal_limit_days",
    "extension_days",
    "paused_workdays",
    "committed_due_on",
    "legal_due_on",
    "is_deadline_provisional",
    "decided_on",
    "forwarded_on",
    "fee_charged",
    "last_event_at",
)


def _batch_cases(case_ids: list[int]) -> list[Case]:
    """The batch's cases with their agency and item version (and item): the few agencies and
    versions of a batch are read once each and shared, not joined onto every case row."""
    cases = list(Case.objects.filter(in_ids("pk", case_ids)).only(*BATCH_CASE_FIELDS))
    agencies = Organization.objects.in_bulk({case.agency_id for case in cases})
    versions = ServiceItemVersion.objects.select_related("item").in_bulk(
        {case.item_version_id for case in cases}
    )
    for case in cases:
        case.agency = agencies[case.agency_id]
        case.item_version = versions[case.item_version_id]
    return cases


def on_calendar_notice_saved(
    sender: Any, *, changed_days: Iterable[Any] = (), **kwargs: Any
) -> None:
    """A year's holiday notice changed some days: shift the stored working-day positions, then
    take over the deadlines the cases context has just recomputed (it is connected first)."""
    watches_shift(changed_days)
    provisional_flags_sync()
