"""Browser journey on the portal in Chinese: sign in as the applicant → choose the hall and the
item → book a free slot → my appointments shows it with its check-in code → reschedule →
cancel (docs/hall.md, "Portal")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.fixtures import screenshot, sign_in
from tests.factories import PASSWORD
from xiaoneng.hall.models import Appointment
from xiaoneng.hall.workflow import AppointmentStatus
from xiaoneng.workdays import is_workday

pytestmark = pytest.mark.browser


def _next_workday():  # type: ignore[no-untyped-def]
    day = timezone.localdate() + timedelta(days=1)
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def test_book_reschedule_and_cancel_on_the_portal(browser_page, hall_desk):  # type: ignore[no-untyped-def]
    d = hall_desk
    page = browser_page
    sign_in(page, page.base_url, d.account.username, PASSWORD, path="/sign-in/")
    page.goto(f"{page.base_url}/hall/")
    page.click(f"text={d.hall.name}")
    page.click(f"a:has-text('{d.item.name}') >> nth=0")
    assert "预约办事" in page.content()
    day = _next_workday().isoformat()
    page.goto(f"{page.url}&from={day}")
    page.locator("button.slot:not([disabled])").first.click()
    page.wait_for_load_state("domcontentloaded")
    appointment = Appointment.objects.get(applicant=d.applicant)
    assert page.url.endswith("/hall/appointments/")
    assert f"预约 {appointment.number} 成功" in page.content()
    assert appointment.check_in_code in page.content()
    screenshot(page, "hall-portal-booked")

    page.click("a:has-text('改约')")
    # The new slot is on the same next workday: a slot of today could fall within the hall's
    # cut-off, and then the page rightly offers no cancel.
    page.goto(f"{page.url}{'&' if '?' in page.url else '?'}from={day}")
    page.locator("button.slot:not([disabled])").nth(1).click()
    page.wait_for_load_state("domcontentloaded")
    assert "已改约至" in page.content()
    moved = Appointment.objects.get(pk=appointment.pk)
    assert moved.starts_at != appointment.starts_at

    page.click("button:has-text('取消') >> nth=0")
    page.wait_for_load_state("domcontentloaded")
    assert f"预约 {appointment.number} 已取消" in page.content()
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.CANCELLED
