"""Book → check in → call → register the case → finish → rate at the counter; the chief
representative decides an authorised item; the forbidden paths on the API and the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.hall.conftest import NOW, SLOT, at
from xiaoneng.cases.services import case_accept, case_approve
from xiaoneng.complaints.models import Rating
from xiaoneng.core.errors import Conflict, NotPermitted
from xiaoneng.core.models import AuditRecord
from xiaoneng.hall import services
from xiaoneng.hall.models import Appointment, Ticket
from xiaoneng.hall.workflow import AppointmentStatus, TicketStatus

pytestmark = pytest.mark.django_db


def test_book_check_in_call_register_rate(hall_desk):  # type: ignore[no-untyped-def]
    d = hall_desk
    appointment = services.appointment_book(
        actor=d.account, window=d.window, item=d.item, starts_at=SLOT, at=NOW
    )
    assert appointment.channel == "portal" and appointment.status == AppointmentStatus.BOOKED
    walk_in = services.ticket_issue(hall=d.hall, item=d.item, at=at("2026-06-02", 9, 40))
    ticket = services.appointment_check_in(
        appointment=appointment, check_in_code=appointment.check_in_code, at=at("2026-06-02", 9, 50)
    )
    assert ticket.number == "A001" and walk_in.number == "B001"
    # the appointment's slot has begun at 10:02: it is called before the earlier walk-in
    called = services.ticket_call_next(actor=d.clerk, window=d.window, at=at("2026-06-02", 10, 2))
    assert called.pk == ticket.pk and called.status == TicketStatus.CALLED
    assert called.wait_seconds == 120  # counted from the slot's start, not the early arrival
    case = services.ticket_register_case(actor=d.clerk, ticket=called, applicant=d.applicant)
    assert case.channel == "window" and case.hall_ticket.pk == ticket.pk
    called.refresh_from_db()
    services.ticket_finish(actor=d.clerk, ticket=called)
    rating = services.ticket_rate(
        ticket=Ticket.objects.get(pk=ticket.pk), overall=1, dimensions={"attitude": 2}
    )
    assert (
        rating.hall_window == d.window and rating.clerk == d.clerk and rating.channel == "on_site"
    )
    assert Rating.objects.filter(window=d.window.label).count() == 1
    assert AuditRecord.objects.filter(action="appointment.book").exists()


def test_cancel_after_the_cutoff_is_refused(hall_desk):  # type: ignore[no-untyped-def]
    d = hall_desk
    appointment = services.appointment_book(
        actor=d.account, window=d.window, item=d.item, starts_at=SLOT, at=NOW
    )
    with pytest.raises(Conflict):
        services.appointment_cancel(
            actor=d.account, appointment=appointment, at=at("2026-06-02", 9)
        )
    services.appointment_cancel(actor=d.account, appointment=appointment, at=at("2026-06-02", 7))
    appointment.slot.refresh_from_db()
    assert appointment.slot.booked == 0


def test_three_no_shows_block_online_but_not_phone_booking(hall_desk):  # type: ignore[no-untyped-def]
    d = hall_desk
    for day in ("2026-05-12", "2026-05-13", "2026-05-14"):
        a = services.appointment_book(
            actor=d.account, window=d.window, item=d.item, starts_at=at(day, 10), at=at(day, 8)
        )
        services.appointment_no_shows_mark(at=at(day, 12))
        a.refresh_from_db()
        assert a.status == AppointmentStatus.NO_SHOW
    with pytest.raises(Conflict) as refused:
        services.appointment_book(
            actor=d.account, window=d.window, item=d.item, starts_at=SLOT, at=NOW
        )
    assert refused.value.code == "booking_blocked"
    phone = services.appointment_book(
        actor=d.clerk, window=d.window, item=d.item, starts_at=SLOT, applicant=d.applicant, at=NOW
    )
    assert phone.channel == "phone"


def test_reminder_the_day_before_once(hall_desk):  # type: ignore[no-untyped-def]
    d = hall_desk
    services.appointment_book(actor=d.account, window=d.window, item=d.item, starts_at=SLOT, at=NOW)
    assert services.appointment_reminders_send(at=at("2026-06-01", 18)) == 1
    assert services.appointment_reminders_send(at=at("2026-06-01", 19)) == 0
    assert d.account.notifications.filter(title__contains="Reminder").count() == 1


def test_chief_representative_decides_an_authorised_item(hall_desk, org_tree, make_user):  # type: ignore[no-untyped-def]
    from xiaoneng.core.roles import Role

    d = hall_desk
    chief = make_user(Role.WINDOW_CLERK, organization=org_tree.department)
    services.chief_representative_appoint(
        actor=d.head, hall=d.hall, department=org_tree.department, person=chief, items=[d.item]
    )
    assert AuditRecord.objects.filter(action="hall.chief_representative_authorise").exists()
    ticket = services.ticket_issue(hall=d.hall, item=d.item)
    called = services.ticket_call_next(actor=d.clerk, window=d.window)
    case = services.ticket_register_case(actor=d.clerk, ticket=called, applicant=d.applicant)
    case_accept(actor=chief, case=case)
    case_approve(actor=chief, case=case)  # a window clerk without CASE_DECIDE: decided in the hall
    assert case.status == "approved" and ticket.pk == called.pk
    with pytest.raises(NotPermitted):
        services.chief_representative_appoint(
            actor=d.clerk, hall=d.hall, department=org_tree.department, person=chief, items=[]
        )


def test_an_outsider_is_refused_on_the_api_and_the_pages(hall_desk, client: Client):  # type: ignore[no-untyped-def]
    d = hall_desk
    services.ticket_issue(hall=d.hall, item=d.item)
    client.force_login(d.outsider)
    api = client.post(
        "/api/v1/queue/tickets/call-next/", {"window": d.window.pk}, content_type="application/json"
    )
    assert api.status_code in (403, 404)
    page = client.get(f"/workbench/hall/windows/{d.window.pk}/")
    assert page.status_code in (403, 404)
    client.logout()
    client.force_login(d.clerk)
    ok = client.post(
        "/api/v1/queue/tickets/call-next/", {"window": d.window.pk}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["number"] == "B001"
    empty = client.post(
        "/api/v1/queue/tickets/call-next/", {"window": d.window.pk}, content_type="application/json"
    )
    assert empty.status_code == 409
    assert client.get(f"/workbench/hall/windows/{d.window.pk}/").status_code == 200
    assert client.get(f"/workbench/hall/display/{d.hall.code}/board/").status_code == 200


def test_a_full_slot_is_409_on_the_api(hall_desk, client: Client):  # type: ignore[no-untyped-def]
    import time_machine

    d = hall_desk
    client.force_login(d.account)
    with time_machine.travel(NOW, tick=False):
        first = client.post(
            "/api/v1/appointments/",
            {
                "window": d.other_window.pk,
                "item": d.item.implementation_code,
                "starts_at": SLOT.isoformat(),
            },
            content_type="application/json",
        )
        assert first.status_code == 201, first.json()
        slots = client.get(
            f"/api/v1/hall/slots/?item={d.item.implementation_code}&from=2026-06-02&to=2026-06-02"
        )
        assert slots.status_code == 200 and slots.json()["results"]
    assert Appointment.objects.count() == 1
