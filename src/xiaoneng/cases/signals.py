"""Signals other contexts listen to, so that cases never imports them (supervision → cases).

``case_event_recorded`` (sender=Case, case=..., event=...) is sent once per recorded event:
for live actions after the transaction commits; for imported cases inside the import
transaction, right after each event is written (a receiver's error rolls the case back).
"""

from django.dispatch import Signal

case_event_recorded = Signal()

#: Sent once per batch by the bulk import path (xiaoneng.cases.fastpath), inside its
#: transaction, with ``case_ids=[...]``: the per-event signal is not sent for those cases.
cases_bulk_loaded = Signal()
