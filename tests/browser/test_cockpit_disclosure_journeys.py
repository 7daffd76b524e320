"""Browser journeys: a leader opens the cockpit and drills down to the cases behind one figure;
a citizen opens the published figures and proposes a topic (Playwright + Debian Chromium)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser.fixtures import screenshot, sign_in
from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from tests.supervision.factories import make_case, make_version
from xiaoneng.core.models import OrganizationKind
from xiaoneng.core.roles import Role
from xiaoneng.disclosure import services
from xiaoneng.disclosure.models import Topic

pytestmark = pytest.mark.browser


def _city():  # type: ignore[no-untyped-def]
    city = OrganizationFactory(name="江州市人民政府", kind=OrganizationKind.GOVERNMENT)
    department = OrganizationFactory(name="江州市市场监督管理局", parent=city)
    office = OrganizationFactory(
        name="江州市效能办", parent=city, kind=OrganizationKind.EFFICIENCY_OFFICE
    )
    version = make_version(department, committed=5, legal=20)
    make_case(version, accepted_on=date(2025, 9, 1), decided_on=date(2025, 9, 3))
    late = make_case(version, accepted_on=date(2025, 9, 1))
    return city, office, late


def test_leader_opens_the_cockpit_and_drills_down_to_the_cases(browser_page):
    city, _office, late = _city()
    UserFactory(username="lingdao", organization=city, roles=[Role.LEADER])
    page = browser_page
    sign_in(page, page.base_url, "lingdao", PASSWORD)
    page.goto(f"{page.base_url}/workbench/cockpit/?as_of=2025-09-26&period=month")
    assert "超期未办结（红灯）" in page.content()
    screenshot(page, "cockpit")
    page.click("a[data-figure=lights_red]")
    assert "/workbench/supervision/cases/" in page.url and "light=red" in page.url
    assert late.number in page.content()


def test_citizen_reads_published_figures_and_proposes_a_topic(browser_page):
    _city_, office, _late = _city()
    supervisor = UserFactory(organization=office, roles=[Role.EFFICIENCY_SUPERVISOR])
    services.snapshot_publish(actor=supervisor, month=date(2025, 9, 1))
    page = browser_page
    page.goto(f"{page.base_url}/disclosure/")
    assert "江州市市场监督管理局" in page.content() and "50.0 %" in page.content()
    screenshot(page, "disclosure-figures")
    page.click("text=我要点题")
    page.fill("input[name=title]", "不动产登记排队时间长")
    page.fill("textarea[name=description]", "上午取号后要排一个多小时，建议督查窗口开放数量。")
    page.click("button:has-text('提交点题')")
    page.wait_for_load_state("domcontentloaded")
    assert Topic.objects.filter(title="不动产登记排队时间长").exists()
    page.click("button:has-text('支持')")
    page.wait_for_load_state("domcontentloaded")
    assert Topic.objects.get(title="不动产登记排队时间长").support_count == 1
