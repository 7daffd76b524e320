"""The hall's kiosk (取号机, docs/hall.md "Kiosk"): applicants take a walk-in ticket or check in
an appointment without an account, on a device hall staff switched on. The device holds no
staff session; every forbidden path is refused (switched off, forged or expired switch, another
hall, an offboarded operator, a wrong check-in code), on the pages and on the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.test import Client

from tests.hall.conftest import NOW, SLOT, at
from xiaoneng.core.models import AuditRecord
from xiaoneng.hall import kiosk, services
from xiaoneng.hall.models import Hall, HallKind, Ticket, TicketKind

pytestmark = pytest.mark.django_db

KIOSK = "/hall/kiosk/JZ01/"


def _switch_on(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.post("/workbench/hall/kiosk/JZ01/switch-on/")
    assert response.status_code == 302 and response["Location"] == KIOSK
    assert kiosk.COOKIE in response.cookies


def test_switching_on_signs_the_staff_member_out_and_the_kiosk_issues_tickets(hall_desk):  # type: ignore[no-untyped-def]
    d = hall_desk
    client = Client()
    _switch_on(client, d.clerk)
    cookie = client.cookies[kiosk.COOKIE]
    assert cookie["httponly"] and cookie["path"] == "/hall/kiosk/"
    # the device holds no staff session: the workbench asks to sign in again
    assert client.get("/workbench/hall/").status_code == 302
    page = client.get(KIOSK)
    assert page.status_code == 200 and d.item.name in page.content.decode()
    issued = client.post(KIOSK, {"action": "walk_in", "item": d.item.pk})
    ticket = Ticket.objects.get()
    assert issued["Location"] == f"{KIOSK}tickets/{ticket.pk}/"
    assert ticket.kind == TicketKind.WALK_IN and ticket.number == "B001"
    slip = client.get(issued["Location"]).content.decode()
    assert "B001" in slip and d.item.name in slip
    second = client.post(KIOSK, {"action": "walk_in", "item": d.item.pk})
    assert "1 person ahead of you." in client.get(second["Location"]).content.decode()
    audit = AuditRecord.objects.filter(action="ticket.issue").first()
    assert audit is not None and audit.actor_id == d.clerk.pk
    assert AuditRecord.objects.filter(action="hall.kiosk_switch_on", actor=d.clerk).exists()


def _forged_for(hall: Hall, user_pk: int) -> str:
    return signing.dumps({"hall": hall.pk, "user": user_pk}, salt="someone-elses-salt")


@pytest.mark.parametrize(
    "case",
    ["no cookie", "tampered", "wrong salt", "other hall", "offboarded operator", "expired"],
)
def test_a_kiosk_not_switched_on_refuses_everything(hall_desk, case):  # type: ignore[no-untyped-def]
    d = hall_desk
    client = Client()
    if case != "no cookie":
        _switch_on(client, d.clerk)  # signs the clerk out on this client
    other = Hall.objects.create(
        code="JZ02",
        name="东区便民服务站",
        kind=HallKind.SERVICE_STATION,
        organization=d.hall.organization,
    )
    if case == "tampered":
        client.cookies[kiosk.COOKIE] = client.cookies[kiosk.COOKIE].value[:-2] + "xx"
    elif case == "wrong salt":
        client.cookies[kiosk.COOKIE] = _forged_for(d.hall, d.clerk.pk)
    elif case == "other hall":
        client.cookies[kiosk.COOKIE] = signing.dumps(
            {"hall": other.pk, "user": d.clerk.pk}, salt="xiaoneng.hall.kiosk"
        )
    elif case == "offboarded operator":
        d.clerk.is_active = False
        d.clerk.save(update_fields=["is_active"])
    with time_machine.travel(timedelta(days=31 if case == "expired" else 0)):
        page = client.get(KIOSK)
        posted = client.post(KIOSK, {"action": "walk_in", "item": d.item.pk})
    assert page.status_code == 403 and "switched off" in page.content.decode()
    assert posted.status_code == 403
    assert not Ticket.objects.exists()


def test_only_hall_staff_may_switch_a_kiosk_on(hall_desk):  # type: ignore[no-untyped-def]
    d = hall_desk
    for user, expected in ((d.outsider, 403), (d.account, 403), (d.coordinator, 302)):
        client = Client()
        client.force_login(user)
        response = client.post("/workbench/hall/kiosk/JZ01/switch-on/")
        assert response.status_code == expected, user
    anonymous = Client().post("/workbench/hall/kiosk/JZ01/switch-on/")
    assert anonymous.status_code == 302 and "sign-in" in anonymous["Location"]
    assert Client().get("/workbench/hall/kiosk/JZ01/switch-on/").status_code in (302, 405)


@pytest.mark.parametrize(
    "number, code, ok",
    [
        ("right", "right", True),
        ("right", "000000", False),  # wrong code
        ("YY2026999999", "right", False),  # unknown number: the same answer
        ("right", "", False),
    ],
)
def test_check_in_at_the_kiosk_needs_the_number_and_its_code(hall_desk, number, code, ok):  # type: ignore[no-untyped-def]
    d = hall_desk
    appointment = services.appointment_book(
        actor=d.account, window=d.window, item=d.item, starts_at=SLOT, at=NOW
    )
    wrong = "111111" if appointment.check_in_code == "000000" else "000000"
    client = Client()
    _switch_on(client, d.clerk)
    with time_machine.travel(at("2026-06-02", 9, 45), tick=False):
        response = client.post(
            KIOSK,
            {
                "action": "check_in",
                "number": appointment.number.lower() if number == "right" else number,
                "check_in_code": appointment.check_in_code
                if code == "right"
                else (wrong if code == "000000" else code),
            },
        )
        if ok:
            ticket = Ticket.objects.get()
            assert ticket.kind == TicketKind.APPOINTMENT and ticket.appointment == appointment
            assert "called first" in client.get(response["Location"]).content.decode()
        else:
            assert response.status_code == 400
            assert "does not match" in response.content.decode()
            assert not Ticket.objects.exists()


def test_a_slip_of_another_day_or_hall_is_not_shown(hall_desk):  # type: ignore[no-untyped-def]
    d = hall_desk
    old = services.ticket_issue(hall=d.hall, item=d.item, at=at("2026-06-01", 10))
    client = Client()
    _switch_on(client, d.clerk)
    assert client.get(f"{KIOSK}tickets/{old.pk}/").status_code == 404


def test_walk_in_for_an_item_no_window_handles_is_refused(hall_desk, org_tree):  # type: ignore[no-untyped-def]
    from tests.cases.factories import make_item

    d = hall_desk
    stranger = make_item(org_tree.department).item
    client = Client()
    _switch_on(client, d.clerk)
    for value in (stranger.pk, "abc", ""):
        response = client.post(KIOSK, {"action": "walk_in", "item": value})
        assert response.status_code == 400 and "Choose a service" in response.content.decode()
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("who, expected", [("clerk", 201), ("outsider", 403), ("account", 403)])
def test_api_issues_a_walk_in_ticket_for_hall_staff_only(hall_desk, who, expected):  # type: ignore[no-untyped-def]
    d = hall_desk
    client = Client()
    client.force_login(getattr(d, who))
    response = client.post(
        "/api/v1/queue/tickets/",
        {"hall": d.hall.code, "item": d.item.pk},
        content_type="application/json",
    )
    assert response.status_code == expected, response.content
    assert Ticket.objects.count() == (1 if expected == 201 else 0)
    if expected == 201:
        assert response.json()["number"] == "B001" and response.json()["kind"] == "walk_in"


def test_api_ticket_issue_needs_sign_in_and_a_valid_body(hall_desk):  # type: ignore[no-untyped-def]
    d = hall_desk
    anonymous = Client().post(
        "/api/v1/queue/tickets/",
        {"hall": "JZ01", "item": d.item.pk},
        content_type="application/json",
    )
    assert anonymous.status_code == 401
    client = Client()
    client.force_login(d.clerk)
    for body, field in (
        ({"hall": "JZ01"}, "item"),
        ({"hall": "JZ01", "item": "x"}, "item"),
        ({"item": d.item.pk}, "hall"),
        ({"hall": "NOPE", "item": d.item.pk}, "hall"),
        ({"hall": "JZ01", "item": 999999}, "item"),
    ):
        response = client.post("/api/v1/queue/tickets/", body, content_type="application/json")
        assert response.status_code in (400, 404), body
        assert field in str(response.json()), (body, response.json())
