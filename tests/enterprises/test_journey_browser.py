"""Browser journey: a monitored enterprise reports a problem on the portal; the responsible unit
replies before its deadline; the enterprise rates the reply; the figure appears in the cockpit
(the efficiency office opens /workbench/cockpit/ before the reply and after the rating and sees
the on-time reply rate go from "—" to 100) and on the enterprise figures page."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import screenshot, sign_in
from tests.factories import PASSWORD
from xiaoneng.enterprises.models import Problem

pytestmark = pytest.mark.browser

ON_TIME_LABEL = "企业问题按期答复率（%）"  # the cockpit's headline, in its zh_Hans catalogue


def _cockpit_value(page, base: str, label: str) -> str:  # type: ignore[no-untyped-def]
    """The value cell of the cockpit's headline table row labelled `label`."""
    page.goto(f"{base}/workbench/cockpit/")
    row = page.locator("table tbody tr").filter(has=page.locator("td", has_text=label))
    return str(row.locator("td").nth(2).inner_text()).strip()


def test_enterprise_problem_journey(browser_page, desk):  # type: ignore[no-untyped-def]
    page = browser_page
    base = page.base_url

    # 1. The enterprise signs in on the portal and reports a problem.
    sign_in(page, base, desk.account.username, PASSWORD, path="/sign-in/")
    page.goto(f"{base}/enterprises/")
    page.fill("[name=title]", "用地审批进度慢")
    page.fill("[name=description]", "项目用地预审材料已提交两周，尚无答复。")
    page.select_option("[name=unit]", str(desk.unit.pk))
    page.click("#problem-form button[type=submit]")
    page.wait_for_selector("ul.messages", timeout=10000)
    problem = Problem.objects.get()
    screenshot(page, "enterprises-portal-reported")
    assert problem.number in page.content()

    # The office's cockpit: nothing replied yet, so no on-time rate.
    page.context.clear_cookies()
    sign_in(page, base, desk.supervisor.username, PASSWORD)
    assert _cockpit_value(page, base, ON_TIME_LABEL) == "—"

    # 2. The responsible unit replies before the deadline.
    page.context.clear_cookies()
    sign_in(page, base, desk.replier.username, PASSWORD)
    page.goto(f"{base}/workbench/enterprises/problems/")
    screenshot(page, "enterprises-problems")
    page.click(f"text={problem.number}")
    page.fill("[name=reply]", "已协调自然资源部门完成预审。")
    page.click("#reply-form button[type=submit]")
    page.wait_for_url(f"**/problems/{problem.number}/")
    page.wait_for_load_state("domcontentloaded")
    problem.refresh_from_db()
    assert problem.replied_on is not None and problem.replied_on <= problem.due_on

    # 3. The enterprise rates the reply.
    page.context.clear_cookies()
    sign_in(page, base, desk.account.username, PASSWORD, path="/sign-in/")
    page.goto(f"{base}/enterprises/")
    page.select_option(f"[name='{problem.number}-satisfaction']", "satisfied")
    page.click(f"form[action$='/{problem.number}/rate/'] button")
    page.wait_for_load_state("domcontentloaded")
    problem.refresh_from_db()
    assert problem.satisfaction == "satisfied"

    # 4. The office opens the cockpit: the reply on time shows; the headline drills down to the
    # enterprise figures, where the enterprise's rating shows.
    page.context.clear_cookies()
    sign_in(page, base, desk.supervisor.username, PASSWORD)
    assert _cockpit_value(page, base, ON_TIME_LABEL) == "100.0"
    screenshot(page, "enterprises-cockpit")
    row = page.locator("table tbody tr").filter(has=page.locator("td", has_text=ON_TIME_LABEL))
    row.locator("td").nth(2).locator("a").click()
    page.wait_for_url("**/workbench/enterprises/figures/**")
    assert page.locator("#satisfaction-rate").inner_text().strip() == "100%"
    page.goto(f"{base}/workbench/enterprises/figures/?start=2000-01-01")
    assert page.locator("#satisfaction-rate").inner_text().strip() == "100%"
    screenshot(page, "enterprises-figures")
