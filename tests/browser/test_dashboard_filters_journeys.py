"""Browser journeys of the dashboards' filters (issue 20, part 3) on the supervision dashboard,
in Debian's Chromium: the unit type-ahead (type part of a name, pick the option, submit: the
dashboard narrows), the same combobox by keyboard only, and the Chinese date picker (opens with
Chinese month names; picking a day writes YYYY-MM-DD). Screenshots of the three dashboards go
to docs/img/ for docs/workbench.md."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from playwright.sync_api import expect

from tests.browser.fixtures import sign_in
from tests.complaints.factories import make_complaint
from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from tests.supervision.factories import make_case, make_version
from xiaoneng.core.models import Level, OrganizationKind, User
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.browser
AS_OF = "2025-09-26"
DASHBOARD = f"/workbench/supervision/?as_of={AS_OF}"


def _city():  # type: ignore[no-untyped-def]
    """Two departments: one open case at the market regulator, two at civil affairs."""
    city = OrganizationFactory(name="江州市人民政府", kind=OrganizationKind.GOVERNMENT)
    market = OrganizationFactory(name="江州市市场监督管理局", parent=city)
    civil = OrganizationFactory(
        name="江州市民政局", parent=city, kind=OrganizationKind.CIVIL_AFFAIRS
    )
    office = OrganizationFactory(
        name="江州市效能办", parent=city, kind=OrganizationKind.EFFICIENCY_OFFICE
    )
    make_case(make_version(market, committed=5, legal=20), accepted_on=date(2025, 9, 1))
    civil_version = make_version(civil, committed=5, legal=20)
    for day in (1, 22):
        make_case(civil_version, accepted_on=date(2025, 9, day))
    UserFactory(username="jiancha", organization=office, roles=[Role.EFFICIENCY_SUPERVISOR])
    return city, market, civil


def _open_figure(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("#summary li").first.locator(".figure").inner_text()


def test_type_ahead_picks_a_unit_and_the_dashboard_narrows(browser_page):  # type: ignore[no-untyped-def]
    _city_, _market, civil = _city()
    page = browser_page
    sign_in(page, page.base_url, "jiancha", PASSWORD)
    page.goto(page.base_url + DASHBOARD)
    assert _open_figure(page) == "3"
    unit = page.locator("input[name=unit]")
    unit.click()
    unit.press_sequentially("民政局", delay=50)  # "民政" alone is also in 人民政府
    option = page.locator("[role=listbox] [role=option]", has_text="江州市民政局")
    option.wait_for()
    assert unit.get_attribute("aria-expanded") == "true"
    expect(page.locator("[role=listbox] [role=option]")).to_have_count(1)  # what matches
    option.click()
    assert unit.input_value() == "江州市民政局"
    assert page.locator("input[name=organization]").input_value() == str(civil.pk)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert f"organization={civil.pk}" in page.url
    assert _open_figure(page) == "2"
    assert page.locator("input[name=unit]").input_value() == "江州市民政局"


def test_combobox_by_keyboard_only(browser_page):  # type: ignore[no-untyped-def]
    _city_, market, _civil = _city()
    page = browser_page
    sign_in(page, page.base_url, "jiancha", PASSWORD)
    page.goto(page.base_url + DASHBOARD)
    unit = page.locator("input[name=unit]")
    for _ in range(120):  # Tab from the top of the page until the unit field has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "unit":
            break
    assert page.evaluate("document.activeElement.name") == "unit"
    page.keyboard.type("市场", delay=50)
    page.locator("[role=listbox] [role=option]").first.wait_for()
    page.keyboard.press("Escape")  # closes the list, keeps the text
    assert unit.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # opens it again
    page.locator("[role=listbox]:not([hidden]) [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")  # first option active
    active = unit.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    assert "市场监督管理局" in page.locator(f"#{active}").inner_text()
    page.keyboard.press("Enter")  # picks it, does not submit
    assert unit.input_value() == "江州市市场监督管理局"
    assert page.locator("input[name=organization]").input_value() == str(market.pk)
    assert "organization=" not in page.url
    page.keyboard.press("Enter")  # the list is closed: Enter submits the filter
    page.wait_for_url(re.compile(f"organization={market.pk}"))
    assert _open_figure(page) == "1"


def test_date_picker_is_chinese_and_writes_iso_dates(browser_page):  # type: ignore[no-untyped-def]
    _city()
    page = browser_page
    sign_in(page, page.base_url, "jiancha", PASSWORD)
    page.goto(page.base_url + DASHBOARD)
    as_of = page.locator("input[name=as_of]")
    assert as_of.input_value() == AS_OF
    as_of.click()
    calendar = page.locator(".flatpickr-calendar.open")
    calendar.wait_for()
    month = calendar.locator(".flatpickr-monthDropdown-months option:checked").inner_text()
    assert month == "九月"  # September, in Chinese
    weekdays = calendar.locator(".flatpickr-weekday").all_inner_texts()
    assert any("周" in w for w in weekdays)
    calendar.locator(
        ".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)", has_text=re.compile(r"^15$")
    ).click()
    assert as_of.input_value() == "2025-09-15"
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert "as_of=2025-09-15" in page.url
    assert page.locator("input[name=as_of]").input_value() == "2025-09-15"


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("dashboard-supervision", DASHBOARD),
        ("dashboard-complaints", "/workbench/complaints/figures/?date_from=2025-01-01"),
        ("dashboard-community", "/workbench/community/?year=2025"),
    ],
)
def test_screenshots_of_the_dashboards(browser_page, name, path):  # type: ignore[no-untyped-def]
    """Not an assertion of looks: the pictures in docs/img/ that docs/workbench.md shows."""
    city, market, _civil = _city()
    county = OrganizationFactory(
        name="江南区人民政府", kind=OrganizationKind.GOVERNMENT, level=Level.COUNTY, parent=city
    )
    street = OrganizationFactory(
        name="滨江街道办事处", kind=OrganizationKind.STREET_OFFICE, level=Level.TOWN, parent=county
    )
    for community in ("幸福社区居民委员会", "和平社区居民委员会"):
        OrganizationFactory(
            name=community, parent=street, level=Level.VILLAGE, kind=OrganizationKind.COMMUNITY
        )
    UserFactory(
        username="zhuren",
        organization=city,
        roles=[Role.EFFICIENCY_SUPERVISOR, Role.COMPLAINT_HANDLER, Role.LEADER],
    )
    if name == "dashboard-complaints":
        _complaints(market, civil=_civil)
    page = browser_page
    sign_in(page, page.base_url, "zhuren", PASSWORD)
    page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("#summary").is_visible()
    page.screenshot(path=f"docs/img/{name}.png", full_page=False)


def _complaints(market, civil):  # type: ignore[no-untyped-def]
    handler = User.objects.get(username="zhuren")
    at = datetime.fromisoformat("2025-03-03T10:00:00+08:00")
    for unit, state in ((market, "closed"), (market, "accepted"), (civil, "closed")):
        make_complaint(handler=handler, unit=unit, state=state, at=at)
