"""Browser journey of one visit to the hall, in Chinese (docs/hall.md): a citizen books a slot
on the portal → arrives and checks in at the kiosk with the appointment number and check-in
code → the clerk calls the ticket → the hall display shows it → the clerk registers the case →
the citizen rates the service on the counter tablet.

The clock is moved to 09:40 of the next working day (time-machine moves the live server's
clock too, both run in this process): slots and check-in follow the hall's opening hours and
the working-day calendar, and the journey must not depend on when CI runs it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.browser.fixtures import CHROMIUM, screenshot, sign_in
from tests.factories import PASSWORD
from xiaoneng.complaints.models import Rating
from xiaoneng.hall.models import Appointment, Ticket
from xiaoneng.hall.workflow import TicketStatus
from xiaoneng.workdays import is_workday

pytestmark = pytest.mark.browser

assert CHROMIUM  # the journey drives Debian's Chromium (tests/browser/fixtures.py)


def _next_workday_at(hour: int, minute: int) -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    while not is_workday(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _context(browser, base_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = base_url  # type: ignore[attr-defined]
    return context, page


def test_book_check_in_call_display_register_and_rate(browser, browser_page, hall_desk):  # type: ignore[no-untyped-def]
    d = hall_desk
    d.applicant.id_number = "360102198809152049"  # a valid 居民身份证号码 (GB 11643)
    d.applicant.save(update_fields=["id_number"])
    citizen = browser_page
    base = citizen.base_url
    with time_machine.travel(_next_workday_at(9, 40), tick=True):
        # 1. the citizen books the first free slot today on the portal
        sign_in(citizen, base, d.account.username, PASSWORD, path="/sign-in/")
        citizen.goto(f"{base}/hall/")
        citizen.click(f"text={d.hall.name}")
        citizen.click(f"a:has-text('{d.item.name}') >> nth=0")
        citizen.goto(f"{citizen.url}&from={timezone.localdate().isoformat()}")
        citizen.locator("button.slot:not([disabled])").first.click()
        citizen.wait_for_load_state("domcontentloaded")
        appointment = Appointment.objects.get(applicant=d.applicant)
        assert appointment.check_in_code in citizen.content()

        # 2. hall staff switch the kiosk on; the citizen checks in there without an account
        kiosk_context, kiosk = _context(browser, base)
        sign_in(kiosk, base, d.clerk.username, PASSWORD)
        kiosk.goto(f"{base}/workbench/hall/")
        kiosk.click("button:has-text('将本机启用为取号机')")
        kiosk.wait_for_load_state("domcontentloaded")
        assert kiosk.url.endswith(f"/hall/kiosk/{d.hall.code}/") and "我已预约" in kiosk.content()
        screenshot(kiosk, "hall-kiosk")
        kiosk.fill("#kiosk-number", appointment.number)
        kiosk.fill("#kiosk-code", appointment.check_in_code)
        kiosk.click("button:has-text('签到')")
        kiosk.wait_for_load_state("domcontentloaded")
        ticket = Ticket.objects.get(appointment=appointment)
        assert ticket.number in kiosk.content() and "签到成功" in kiosk.content()
        screenshot(kiosk, "hall-kiosk-ticket")
        # the kiosk holds no staff session: the workbench is closed to it
        kiosk.goto(f"{base}/workbench/hall/")
        assert "/sign-in/" in kiosk.url

        # 3. the clerk calls the ticket; the hall display shows ticket → window
        clerk_context, clerk = _context(browser, base)
        sign_in(clerk, base, d.clerk.username, PASSWORD)
        clerk.goto(f"{base}/workbench/hall/windows/{d.window.pk}/")
        clerk.click("#call-next")
        clerk.wait_for_load_state("domcontentloaded")
        assert ticket.number in clerk.locator("#current-ticket").inner_text()
        display_context, display = _context(browser, base)
        display.goto(f"{base}/workbench/hall/display/{d.hall.code}/")
        latest = display.locator(".display-latest").inner_text()
        assert ticket.number in latest and d.window.label in latest
        screenshot(display, "hall-display")

        # 4. the clerk serves and registers the case at the window
        clerk.click("button[value=start]")
        clerk.wait_for_load_state("domcontentloaded")
        assert clerk.locator("#applicant_name").input_value() == d.applicant.name
        clerk.click("#register-case button[type=submit]")
        clerk.wait_for_load_state("domcontentloaded")
        ticket.refresh_from_db()
        assert ticket.case is not None and ticket.case.number in clerk.content()
        clerk.click("button[value=finish]")
        clerk.wait_for_load_state("domcontentloaded")
        ticket.refresh_from_db()
        assert ticket.status == TicketStatus.DONE

        # 5. the citizen rates on the counter tablet beside the window
        clerk.goto(f"{base}/workbench/hall/windows/{d.window.pk}/counter/")
        assert ticket.number in clerk.content()
        screenshot(clerk, "hall-counter")
        clerk.click("button.score.s1")
        clerk.wait_for_load_state("domcontentloaded")
        assert "感谢您的评价" in clerk.content()
        rating = Rating.objects.get(case=ticket.case)
        assert rating.hall_window == d.window and rating.clerk == d.clerk
        for context in (kiosk_context, clerk_context, display_context):
            context.close()
