"""Double booking of a full slot is refused (409) also under concurrent requests: 20 threads,
each with its own database connection, book one slot of capacity 3 → exactly 3 booked, 17
refused. SQLite: each thread opens the same database file (BEGIN IMMEDIATE serializes the
writers); PostgreSQL: each thread has its own connection to the test database."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.db import connection, connections

from tests.cases.factories import ApplicantFactory
from tests.hall.conftest import NOW, SLOT
from xiaoneng.core.errors import Conflict
from xiaoneng.hall.models import Appointment, AppointmentSlot
from xiaoneng.hall.services import appointment_book

pytestmark = pytest.mark.django_db(transaction=True)


def _sqlite_file_copy(tmp_path) -> dict | None:  # type: ignore[no-untyped-def]
    """On SQLite the test database lives in memory: copy it to a file the threads share."""
    if connection.vendor != "sqlite":
        return None
    path = tmp_path / "concurrent.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return {**connection.settings_dict, "NAME": str(path), "TEST": {"NAME": str(path)}}


def test_twenty_concurrent_bookings_for_three_places(hall_desk, tmp_path):  # type: ignore[no-untyped-def]
    desk = hall_desk
    applicants = [ApplicantFactory() for _ in range(20)]
    file_settings = _sqlite_file_copy(tmp_path)
    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(index: int) -> None:
        if file_settings is not None:
            wrapper_class = type(connections["default"])
            connections["default"] = wrapper_class(dict(file_settings), alias="default")
        try:
            barrier.wait()
            appointment_book(
                actor=desk.clerk,
                window=desk.window,
                item=desk.item,
                starts_at=SLOT,
                applicant=applicants[index],
                at=NOW,
            )
            result = "booked"
        except Conflict as exc:
            result = f"409:{exc.status_code}"
        except Exception as exc:  # noqa: BLE001  (any other outcome fails the test below)
            result = f"error:{exc!r}"
        finally:
            connections["default"].close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert outcomes.count("booked") == 3, outcomes
    assert outcomes.count("409:409") == 17, outcomes
    if file_settings is None:  # PostgreSQL: the rows are in the test database itself
        assert Appointment.objects.filter(starts_at=SLOT).count() == 3
        assert AppointmentSlot.objects.get(window=desk.window, starts_at=SLOT).booked == 3
    else:
        check = sqlite3.connect(file_settings["NAME"])
        booked = check.execute("select booked from hall_appointmentslot").fetchall()
        count = check.execute("select count(*) from hall_appointment").fetchone()[0]
        check.close()
        assert booked == [(3,)] and count == 3
