"""Browser journey: a supervisor opens the dashboard, drills down to the red cases, and issues
an efficiency warning (Playwright + Debian Chromium; run by `make browser`)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser.fixtures import screenshot, sign_in
from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from tests.supervision.factories import make_case, make_version
from xiaoneng.core.models import OrganizationKind
from xiaoneng.core.roles import Role
from xiaoneng.supervision.models import EfficiencyWarning

pytestmark = pytest.mark.browser


def test_supervisor_drills_down_to_red_cases_and_warns(browser_page):  # noqa: F811
    city = OrganizationFactory(name="江州市人民政府", kind=OrganizationKind.GOVERNMENT)
    department = OrganizationFactory(name="江州市市场监督管理局", parent=city)
    office = OrganizationFactory(
        name="江州市效能办", parent=city, kind=OrganizationKind.EFFICIENCY_OFFICE
    )
    UserFactory(username="jian", organization=office, roles=[Role.EFFICIENCY_SUPERVISOR])
    reviewer = UserFactory(
        username="shen", real_name="沈审核", organization=department, roles=[Role.REVIEWER]
    )
    case = make_case(make_version(department, committed=5, legal=20), accepted_on=date(2025, 9, 1))
    page = browser_page
    sign_in(page, page.base_url, "jian", PASSWORD)
    page.click("nav.sidebar >> text=监察总览")
    page.fill("input[name=as_of]", "2025-09-09")
    page.click("button:has-text('查询')")
    assert "江州市市场监督管理局" in page.content()
    screenshot(page, "supervision-dashboard")
    page.click("a[href*='light=red']")
    assert case.number in page.content()
    page.click("nav.sidebar >> text=效能告诫")
    page.select_option("select[name=person]", str(reviewer.pk))
    page.fill("textarea[name=reason]", "承诺件超期未办结")
    page.select_option("select[name=source_kind]", "case")
    page.fill("input[name=source_ref]", case.number)
    page.click("button:has-text('发出告诫')")
    assert "已发出效能告诫" in page.content()
    assert EfficiencyWarning.objects.get().person == reviewer
    screenshot(page, "supervision-warning-issued")
