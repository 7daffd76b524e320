"""API: POST appointments/<number>/reschedule/ and check-in/, POST queue/tickets/<id>/transfer/
(docs/hall.md, "API"): what the services allow, and the refusals — another applicant's
appointment (404), anonymous (401/403), after the cut-off (409), a full slot (409), a clerk of
another city (404), bad bodies (400 naming the field)."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from tests.cases.factories import ApplicantFactory
from tests.factories import UserFactory
from tests.hall.conftest import NOW, SLOT, at
from xiaoneng.core.models import UserKind
from xiaoneng.hall import services
from xiaoneng.hall.models import Appointment
from xiaoneng.hall.workflow import AppointmentStatus, TicketStatus

pytestmark = pytest.mark.django_db

LATER = at("2026-06-02", 11)


def _post(client: Client, path: str, body: object):  # type: ignore[no-untyped-def]
    return client.post(path, body, content_type="application/json")


@pytest.fixture
def booked(hall_desk) -> Appointment:  # type: ignore[no-untyped-def]
    return services.appointment_book(
        actor=hall_desk.account,
        window=hall_desk.window,
        item=hall_desk.item,
        starts_at=SLOT,
        at=NOW,
    )


def test_the_applicant_reschedules_to_another_window(hall_desk, booked, client: Client):  # type: ignore[no-untyped-def]
    d = hall_desk
    client.force_login(d.account)
    with time_machine.travel(NOW, tick=False):
        response = _post(
            client,
            f"/api/v1/appointments/{booked.number}/reschedule/",
            {"starts_at": LATER.isoformat(), "window": d.other_window.pk},
        )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["number"] == booked.number and body["window"] == d.other_window.pk
    booked.refresh_from_db()
    assert booked.starts_at == LATER and booked.slot.booked == 1


@pytest.mark.parametrize(
    ("now", "status"),
    [
        (at("2026-06-02", 7, 59), 200),  # more than 2 hours before 10:00
        (at("2026-06-02", 8, 0), 200),  # exactly the cut-off: still allowed
        (at("2026-06-02", 8, 1), 409),  # within 2 hours (Hall.change_cutoff_hours)
        (at("2026-06-02", 10, 5), 409),  # the slot has begun
    ],
)
def test_reschedule_until_the_cutoff(hall_desk, booked, client: Client, now, status):  # type: ignore[no-untyped-def]
    """Rule (rules.may_change): changes until ``change_cutoff_hours`` before the slot."""
    client.force_login(hall_desk.account)
    with time_machine.travel(now, tick=False):
        response = _post(
            client,
            f"/api/v1/appointments/{booked.number}/reschedule/",
            {"starts_at": LATER.isoformat()},
        )
    assert response.status_code == status, response.json()
    if status == 409:
        assert response.json()["errors"][0]["reason"] == (
            "Appointments can be changed until 2 hours before the slot."
        )
        booked.refresh_from_db()
        assert booked.starts_at == SLOT


def test_reschedule_into_a_full_slot_is_409_and_keeps_the_old_one(hall_desk, booked, client):  # type: ignore[no-untyped-def]
    d = hall_desk
    for _ in range(3):
        services.appointment_book(
            actor=d.clerk,
            window=d.window,
            item=d.item,
            starts_at=LATER,
            applicant=ApplicantFactory(),
            at=NOW,
        )
    client.force_login(d.account)
    with time_machine.travel(NOW, tick=False):
        response = _post(
            client,
            f"/api/v1/appointments/{booked.number}/reschedule/",
            {"starts_at": LATER.isoformat()},
        )
        booking = _post(
            client,
            "/api/v1/appointments/",
            {
                "window": d.window.pk,
                "item": d.item.implementation_code,
                "starts_at": LATER.isoformat(),
            },
        )
    assert response.status_code == 409 and booking.status_code == 409
    assert response.json()["errors"][0] == {
        "field": "starts_at",
        "reason": "This slot is fully booked. Choose another time.",
    }
    booked.refresh_from_db()
    assert booked.starts_at == SLOT and booked.slot.booked == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "starts_at"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"starts_at": "0001-01-01T00:00:00+14:00"}, "starts_at"),
        ({"starts_at": "2026-06-02T11:00:00+08:00", "window": 0}, "window"),
        ({"starts_at": "2026-06-02T11:00:00+08:00", "window": 2**63}, "window"),
        ({"starts_at": "2026-06-02T11:10:00+08:00"}, "starts_at"),  # not a slot
        ([], "non_field_errors"),
    ],
)
def test_bad_reschedule_bodies_are_400_naming_the_field(hall_desk, booked, client, body, field):  # type: ignore[no-untyped-def]
    client.force_login(hall_desk.account)
    with time_machine.travel(NOW, tick=False):
        response = _post(client, f"/api/v1/appointments/{booked.number}/reschedule/", body)
    assert response.status_code == 400, response.json()
    assert response.json()["errors"][0]["field"] == field


def test_check_in_with_the_code_gives_the_appointment_ticket(hall_desk, booked, client):  # type: ignore[no-untyped-def]
    client.force_login(hall_desk.account)
    path = f"/api/v1/appointments/{booked.number}/check-in/"
    with time_machine.travel(at("2026-06-02", 9, 50), tick=False):
        wrong = _post(client, path, {"check_in_code": "x"})
        response = _post(client, path, {"check_in_code": booked.check_in_code})
        again = _post(client, path, {"check_in_code": booked.check_in_code})
    assert wrong.status_code == 403
    assert response.status_code == 201, response.json()
    assert response.json()["number"] == "A001" and response.json()["kind"] == "appointment"
    assert again.status_code == 409
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.CHECKED_IN


@pytest.mark.parametrize(
    ("now", "status"),
    [
        (at("2026-06-02", 8, 59), 409),  # check-in opens an hour before the slot
        (at("2026-06-02", 9, 0), 201),
        (at("2026-06-02", 10, 30), 201),  # until the slot's end (30 minutes)
        (at("2026-06-02", 10, 31), 409),
    ],
)
def test_the_clerk_checks_in_within_the_hour_before_until_the_end(  # type: ignore[no-untyped-def]
    hall_desk, booked, client, now, status
):
    """Rule (appointment_check_in): from CHECK_IN_EARLY before the slot to its end; staff of
    the window need no code."""
    client.force_login(hall_desk.clerk)
    with time_machine.travel(now, tick=False):
        response = _post(client, f"/api/v1/appointments/{booked.number}/check-in/", {})
    assert response.status_code == status, response.json()


def test_transfer_a_waiting_ticket_to_another_window(hall_desk, client):  # type: ignore[no-untyped-def]
    d = hall_desk
    ticket = services.ticket_issue(hall=d.hall, item=d.item)
    called = services.ticket_call_next(actor=d.clerk, window=d.window)
    assert called.pk == ticket.pk
    client.force_login(d.clerk)
    path = f"/api/v1/queue/tickets/{ticket.pk}/transfer/"
    response = _post(client, path, {"window": d.other_window.pk})
    assert response.status_code == 200, response.json()
    assert response.json()["window"] == d.other_window.pk
    assert response.json()["status"] == TicketStatus.WAITING
    same = _post(client, path, {"window": d.other_window.pk})
    assert same.status_code == 400 and same.json()["errors"][0]["field"] == "window"
    for body in ({}, {"window": "x"}, {"window": 0}, []):
        assert _post(client, path, body).status_code == 400


def _someone_else() -> object:
    account = UserFactory(organization=None, kind=UserKind.APPLICANT)
    ApplicantFactory(account=account)
    return account


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/appointments/{number}/cancel/", None),
        ("/api/v1/appointments/{number}/reschedule/", {"starts_at": LATER.isoformat()}),
        ("/api/v1/appointments/{number}/check-in/", {"check_in_code": "{code}"}),
    ],
)
def test_another_applicant_may_not_touch_the_appointment(hall_desk, booked, client, path, body):  # type: ignore[no-untyped-def]
    """Rule (selectors.appointment_list): an applicant reaches only their own appointments."""
    client.force_login(_someone_else())
    if body and "check_in_code" in body:
        body = {"check_in_code": booked.check_in_code}  # even with the right code
    with time_machine.travel(at("2026-06-02", 9, 50), tick=False):
        response = _post(client, path.format(number=booked.number), body or {})
        listed = client.get("/api/v1/appointments/")
    assert response.status_code == 404
    assert booked.number not in {row["number"] for row in listed.json()["results"]}
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.BOOKED and booked.starts_at == SLOT


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/appointments/{number}/reschedule/",
        "/api/v1/appointments/{number}/check-in/",
        "/api/v1/queue/tickets/{ticket}/transfer/",
    ],
)
def test_anonymous_is_refused(hall_desk, booked, client, path):  # type: ignore[no-untyped-def]
    ticket = services.ticket_issue(hall=hall_desk.hall, item=hall_desk.item)
    response = _post(
        client,
        path.format(number=booked.number, ticket=ticket.pk),
        {"starts_at": LATER.isoformat(), "window": hall_desk.other_window.pk},
    )
    assert response.status_code in (401, 403)


def test_staff_of_another_city_may_not_transfer_or_check_in(hall_desk, booked, client):  # type: ignore[no-untyped-def]
    """Rule (selectors.may_serve): only staff serving at the window act on its tickets."""
    d = hall_desk
    ticket = services.ticket_issue(hall=d.hall, item=d.item)
    client.force_login(d.outsider)
    with time_machine.travel(at("2026-06-02", 9, 50), tick=False):
        transfer = _post(
            client, f"/api/v1/queue/tickets/{ticket.pk}/transfer/", {"window": d.other_window.pk}
        )
        check_in = _post(client, f"/api/v1/appointments/{booked.number}/check-in/", {})
    assert transfer.status_code in (403, 404) and check_in.status_code in (403, 404)
    ticket.refresh_from_db()
    assert ticket.window is None
