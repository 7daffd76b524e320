"""The portal's booking journey (/hall/): choose a hall and an item → free slots → book → my
appointments → reschedule → cancel; and the refusals on the pages: another applicant's
appointment is not found, anonymous visitors are sent to sign in, staff accounts are sent home,
a full slot and the cut-off are explained with the form (docs/hall.md, "Appointments")."""

from __future__ import annotations

from html import unescape

import pytest
import time_machine
from django.test import Client

from tests.cases.factories import ApplicantFactory
from tests.factories import UserFactory
from tests.hall.conftest import NOW, SLOT, at
from xiaoneng.core.models import UserKind
from xiaoneng.hall import services
from xiaoneng.hall.models import Appointment, AppointmentSlot
from xiaoneng.hall.workflow import AppointmentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield NOW


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.content.decode())


def _book_page(d) -> str:  # type: ignore[no-untyped-def]
    return f"/hall/halls/{d.hall.code}/book/?item={d.item.implementation_code}"


def _book(client: Client, d, window, starts_at):  # type: ignore[no-untyped-def]
    return client.post(
        _book_page(d),
        {"item": d.item.implementation_code, "window": window.pk, "starts_at": starts_at},
    )


def test_the_journey_book_list_reschedule_cancel(hall_desk, client: Client, now):  # type: ignore[no-untyped-def]
    d = hall_desk
    assert d.hall.name in _text(client.get("/hall/"))
    hall_page = _text(client.get(f"/hall/halls/{d.hall.code}/"))
    assert d.item.name in hall_page and d.window.name in hall_page
    client.force_login(d.account)
    page = client.get(_book_page(d) + f"&window={d.window.pk}&from=2026-06-02")
    assert page.status_code == 200
    html = _text(page)
    assert SLOT.isoformat() in html and "3 places left" in html

    booked = _book(client, d, d.window, SLOT.isoformat())
    assert booked.status_code == 302 and booked["Location"] == "/hall/appointments/"
    appointment = Appointment.objects.get()
    assert appointment.channel == "portal" and appointment.applicant == d.applicant

    mine = _text(client.get("/hall/appointments/"))
    assert appointment.number in mine and appointment.check_in_code in mine
    detail = client.get(f"/hall/appointments/{appointment.number}/")
    assert detail.status_code == 200 and appointment.check_in_code in _text(detail)

    later = at("2026-06-02", 11)
    form = client.get(f"/hall/appointments/{appointment.number}/reschedule/?from=2026-06-02")
    assert form.status_code == 200 and later.isoformat() in _text(form)
    moved = client.post(
        f"/hall/appointments/{appointment.number}/reschedule/",
        {"window": d.window.pk, "starts_at": later.isoformat()},
    )
    assert moved.status_code == 302
    appointment.refresh_from_db()
    assert appointment.starts_at == later
    assert AppointmentSlot.objects.get(window=d.window, starts_at=SLOT).booked == 0

    cancelled = client.post(f"/hall/appointments/{appointment.number}/cancel/")
    assert cancelled.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_a_full_slot_is_refused_with_a_message(hall_desk, client: Client, now):  # type: ignore[no-untyped-def]
    """The other window takes 2 per slot; both places taken by phone → the page says so."""
    d = hall_desk
    for _ in range(2):
        services.appointment_book(
            actor=d.other_clerk,
            window=d.other_window,
            item=d.item,
            starts_at=SLOT,
            applicant=ApplicantFactory(),
        )
    client.force_login(d.account)
    page = client.get(_book_page(d) + f"&window={d.other_window.pk}&from=2026-06-02")
    assert "Fully booked" in _text(page)
    refused = _book(client, d, d.other_window, SLOT.isoformat())
    assert refused.status_code == 200
    assert "This slot is fully booked. Choose another time." in _text(refused)
    assert not Appointment.objects.filter(applicant=d.applicant).exists()


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        ("", "This field is required."),
        ("tomorrow", "Enter a valid date/time."),
        ("0001-01-01T10:00:00+14:00", "Choose one of the slots shown."),
        ("2026-06-02T10:10:00+08:00", "This is not a slot of the hall's opening hours."),
        ("2026-06-01T09:00:00+08:00", "This slot has begun or is over."),
    ],
)
def test_bad_slot_input_is_explained_not_a_500(hall_desk, client: Client, now, starts_at, message):  # type: ignore[no-untyped-def]
    d = hall_desk
    client.force_login(d.account)
    page = _book(client, d, d.window, starts_at)
    assert page.status_code == 200 and message in _text(page)
    assert not Appointment.objects.exists()


def test_reschedule_after_the_cutoff_is_refused_on_the_page(hall_desk, client: Client):  # type: ignore[no-untyped-def]
    """Cut-off 2 hours (Hall.change_cutoff_hours): at 08:30 a 10:00 appointment stays."""
    d = hall_desk
    appointment = services.appointment_book(
        actor=d.account, window=d.window, item=d.item, starts_at=SLOT, at=NOW
    )
    client.force_login(d.account)
    with time_machine.travel(at("2026-06-02", 8, 30), tick=False):
        assert "Reschedule" not in _text(client.get("/hall/appointments/"))
        page = client.post(
            f"/hall/appointments/{appointment.number}/reschedule/",
            {"window": d.window.pk, "starts_at": at("2026-06-02", 11).isoformat()},
        )
        cancel = client.post(f"/hall/appointments/{appointment.number}/cancel/")
    message = "Appointments can be changed until 2 hours before the slot."
    assert page.status_code == 200 and message in _text(page)
    assert cancel.status_code == 200 and message in _text(cancel)
    appointment.refresh_from_db()
    assert appointment.starts_at == SLOT and appointment.status == AppointmentStatus.BOOKED


def _other_applicants_appointment(d):  # type: ignore[no-untyped-def]
    account = UserFactory(organization=None, kind=UserKind.APPLICANT)
    ApplicantFactory(account=account)
    return account, services.appointment_book(
        actor=account, window=d.window, item=d.item, starts_at=SLOT, at=NOW
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/hall/appointments/{number}/"),
        ("post", "/hall/appointments/{number}/cancel/"),
        ("get", "/hall/appointments/{number}/reschedule/"),
        ("post", "/hall/appointments/{number}/reschedule/"),
    ],
)
def test_another_applicants_appointment_is_not_found(hall_desk, client: Client, now, method, path):  # type: ignore[no-untyped-def]
    """Rule: an applicant sees and changes only their own appointments (404 for others')."""
    d = hall_desk
    _owner, appointment = _other_applicants_appointment(d)
    client.force_login(d.account)
    data = {"window": d.window.pk, "starts_at": at("2026-06-02", 11).isoformat()}
    response = getattr(client, method)(path.format(number=appointment.number), data)
    assert response.status_code == 404
    assert appointment.number not in _text(client.get("/hall/appointments/"))
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED and appointment.starts_at == SLOT


@pytest.mark.parametrize(
    "path",
    [
        "/hall/halls/JZ01/book/?item=x",
        "/hall/appointments/",
        "/hall/appointments/YY2026000001/",
        "/hall/appointments/YY2026000001/reschedule/",
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(hall_desk, client: Client, path):  # type: ignore[no-untyped-def]
    """Rule: booking and my appointments need sign-in (the portal's sign-in page)."""
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/?next=")
    post = client.post("/hall/appointments/YY2026000001/cancel/")
    assert post.status_code == 302 and post["Location"].startswith("/sign-in/?next=")


def test_a_staff_account_is_sent_home_from_the_portal_booking(hall_desk, client: Client, now):  # type: ignore[no-untyped-def]
    d = hall_desk
    client.force_login(d.clerk)
    response = _book(client, d, d.window, SLOT.isoformat())
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/hall/appointments/").status_code == 302
    assert not Appointment.objects.exists()


def test_an_item_the_hall_does_not_book_goes_back_to_the_hall(hall_desk, client: Client, now):  # type: ignore[no-untyped-def]
    d = hall_desk
    client.force_login(d.account)
    response = client.get(f"/hall/halls/{d.hall.code}/book/?item=nothing")
    assert response.status_code == 302 and response["Location"] == f"/hall/halls/{d.hall.code}/"
    assert client.get("/hall/halls/NOPE/").status_code == 404
    bad_day = client.get(_book_page(d) + "&from=2026-13-01&window=abc")
    html = _text(bad_day)
    assert bad_day.status_code == 200 and "Enter a date as YYYY-MM-DD." in html
    assert "Choose one of the windows shown." in html


def test_the_portal_menu_links_booking_and_my_appointments(hall_desk, client: Client):  # type: ignore[no-untyped-def]
    home = _text(client.get("/"))
    assert 'href="/hall/"' in home and 'href="/hall/appointments/"' in home


def test_the_full_slot_message_is_chinese_on_the_chinese_portal(hall_desk, client: Client, now):  # type: ignore[no-untyped-def]
    d = hall_desk
    for _ in range(2):
        services.appointment_book(
            actor=d.other_clerk,
            window=d.other_window,
            item=d.item,
            starts_at=SLOT,
            applicant=ApplicantFactory(),
        )
    client.force_login(d.account)
    refused = client.post(
        _book_page(d),
        {"item": d.item.implementation_code, "window": d.other_window.pk, "starts_at": SLOT},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert refused.status_code == 200
    assert "该时段已约满，请选择其他时间。" in _text(refused)
