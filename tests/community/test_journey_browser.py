"""Browser journey (rule 5): a street department asks for a meeting → the street head approves →
the meeting is registered → a fifth street meeting that month is warned and, once held, shows
as a violation on the dashboard."""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser.fixtures import screenshot, sign_in
from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from xiaoneng.community.models import Meeting
from xiaoneng.community.services import meetings as meeting_services
from xiaoneng.core.models import Level, OrganizationKind
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.browser


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.click("form[action$='/workbench/sign-out/'] button")
    page.wait_for_load_state("domcontentloaded")


def test_department_meeting_approved_then_fifth_meeting_warned_and_a_violation(
    browser_page,  # noqa: F811
):
    city = OrganizationFactory(name="江州市人民政府", kind=OrganizationKind.GOVERNMENT)
    county = OrganizationFactory(
        name="江南区人民政府", kind=OrganizationKind.GOVERNMENT, level=Level.COUNTY, parent=city
    )
    street = OrganizationFactory(
        name="滨江街道办事处", kind=OrganizationKind.STREET_OFFICE, level=Level.TOWN, parent=county
    )
    department = OrganizationFactory(
        name="滨江街道社区工作科",
        parent=street,
        level=Level.TOWN,
        kind=OrganizationKind.STREET_DEPARTMENT,
    )
    community = OrganizationFactory(
        name="幸福社区居民委员会",
        parent=street,
        level=Level.VILLAGE,
        kind=OrganizationKind.COMMUNITY,
    )
    UserFactory(username="keyuan", organization=department, roles=[Role.STREET_OFFICE_STAFF])
    head = UserFactory(
        username="zhuren",
        organization=street,
        roles=[Role.STREET_OFFICE_STAFF, Role.DEPARTMENT_HEAD],
    )
    today = date.today()
    day = today.replace(day=min(today.day, 20))
    page = browser_page
    base = page.base_url + "/workbench/community/meetings/"

    # 1. The street department asks for a meeting with the community's staff.
    sign_in(page, page.base_url, "keyuan", PASSWORD)
    page.goto(base)
    page.fill("input[name=held_on]", day.replace(day=1).isoformat())
    page.fill("input[name=topic]", "网格员业务培训")
    page.check(f"input[name=communities][value='{community.pk}']")
    page.click("#main-submit")
    page.wait_for_load_state("domcontentloaded")
    assert "网格员业务培训" in page.content()
    meeting = Meeting.objects.get(topic="网格员业务培训")
    assert meeting.status == "awaiting_approval"
    screenshot(page, "community-meeting-requested")
    _sign_out(page)

    # 2. The street head approves it; it is registered.
    sign_in(page, page.base_url, "zhuren", PASSWORD)
    page.goto(base)
    page.click(f"form[action$='/meetings/{meeting.pk}/approve/']:has(input[value='1']) button")
    page.wait_for_load_state("domcontentloaded")
    meeting.refresh_from_db()
    assert meeting.status == "registered"

    # 3. Three more street meetings this month (4 in all), then a fifth is warned.
    for i in range(3):
        meeting_services.meeting_register(
            actor=head,
            organizer=street,
            held_on=day.replace(day=2 + i),
            topic=f"部署会{i}",
            communities=[community],
        )
    page.goto(base)
    page.fill("input[name=held_on]", day.isoformat())
    page.fill("input[name=topic]", "第五次工作会议")
    page.check(f"input[name=communities][value='{community.pk}']")
    page.click("#main-submit")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("#quota-warning").is_visible()
    assert not Meeting.objects.filter(topic="第五次工作会议").exists()
    screenshot(page, "community-meeting-quota-warning")
    page.click("#main-form button[name=confirm_over_quota]")
    page.wait_for_load_state("domcontentloaded")
    fifth = Meeting.objects.get(topic="第五次工作会议")
    assert fifth.is_over_quota

    # 4. Once held, it shows as a violation on the dashboard.
    page.click(f"form[action$='/meetings/{fifth.pk}/held/'] button")
    page.wait_for_load_state("domcontentloaded")
    page.goto(page.base_url + f"/workbench/community/?year={day.year}")
    row = page.locator("tr", has_text=community.name).first
    cells = row.locator("td").all_inner_texts()
    assert cells[7] == "1"  # the "violations" column
    screenshot(page, "community-dashboard-violation")
    page.goto(page.base_url + "/workbench/community/violations/")
    assert "第五次工作会议" in page.content()
