"""The applicant's notices, from the cases context's `case_event_recorded`.

Only live events notify: an imported history (`event.is_imported`) happened long ago and its
applicants were told at the time. The dedupe key is the event itself, so a signal sent twice
never notifies twice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.cases.workflow import EventKind
from xiaoneng.core.notifications import notify
from xiaoneng.notifications.kinds import MessageKind

#: Which case events the applicant hears about, and as which kind of message.
EVENT_KINDS: dict[str, str] = {
    EventKind.ACCEPTED: MessageKind.CASE_ACCEPTED,
    EventKind.DEEMED_ACCEPTED: MessageKind.CASE_ACCEPTED,
    EventKind.SUPPLEMENT_REQUESTED: MessageKind.SUPPLEMENT_REQUESTED,
    EventKind.REFUSED: MessageKind.CASE_REFUSED,
    EventKind.APPROVED: MessageKind.CASE_DECIDED,
    EventKind.DENIED: MessageKind.CASE_DECIDED,
    EventKind.DELIVERED: MessageKind.CASE_DELIVERED,
}


def _day(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def case_message_context(case: Case, event: CaseEvent) -> dict[str, Any]:
    """The placeholders' values for a case event (kinds.PLACEHOLDERS)."""
    payload = event.payload or {}
    reason = event.reason
    if event.kind == EventKind.DENIED and payload.get("remedies"):
        reason = f"{reason}\n{payload['remedies']}".strip()
    has_account = case.applicant.account_id is not None
    due_on = case.committed_due_on
    if event.kind in (EventKind.APPROVED, EventKind.DENIED):
        due_on = case.delivery_due_on
    return {
        "case_number": case.number,
        "item_name": case.item_version.name,
        "applicant_name": case.applicant.name,
        "agency_name": case.agency.name,
        "link": f"/cases/mine/{case.number}/" if has_account else "/cases/track/",
        "accepted_on": _day(case.accepted_on),
        "due_on": _day(due_on),
        "materials": "、".join(str(m) for m in payload.get("materials", [])),
        "reason": reason,
        "decision": str(EventKind(event.kind).label),
        "delivered_on": _day(case.delivered_on),
        "method": str(payload.get("method", "")),
    }


def on_case_event_recorded(
    sender: type[Case], *, case: Case, event: CaseEvent, **kwargs: Any
) -> None:
    kind = EVENT_KINDS.get(event.kind)
    if kind is None or event.is_imported:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = case_message_context(case, event)
    notify(
        applicants=[case.applicant],
        kind=kind,
        context=context,
        link=context["link"],
        dedupe_key=f"case:{case.pk}:event:{event.sequence}",
    )
