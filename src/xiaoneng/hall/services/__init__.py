"""Hall use cases: one typed function per action, each owning its transaction, checking
permission and writing the audit record. Portal, workbench, API, import and demo call these."""

from xiaoneng.hall.services.appointments import (
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointment_check_in_at_kiosk,
    appointment_no_shows_mark,
    appointment_reminders_send,
    appointment_reschedule,
)
from xiaoneng.hall.services.halls import (
    chief_representative_appoint,
    chief_representative_revoke,
    hall_create,
    hall_update,
    window_save,
)
from xiaoneng.hall.services.tickets import (
    ticket_call_next,
    ticket_finish,
    ticket_issue,
    ticket_rate,
    ticket_register_case,
    ticket_skip,
    ticket_start,
    ticket_transfer,
    tickets_wait_alerts_send,
)

__all__ = [
    "appointment_book",
    "appointment_cancel",
    "appointment_check_in",
    "appointment_check_in_at_kiosk",
    "appointment_no_shows_mark",
    "appointment_reminders_send",
    "appointment_reschedule",
    "chief_representative_appoint",
    "chief_representative_revoke",
    "hall_create",
    "hall_update",
    "ticket_call_next",
    "ticket_finish",
    "ticket_issue",
    "ticket_rate",
    "ticket_register_case",
    "ticket_skip",
    "ticket_start",
    "ticket_transfer",
    "tickets_wait_alerts_send",
    "window_save",
]
