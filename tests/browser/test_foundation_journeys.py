"""Foundation journeys: sign-in with lock-out after 5 failures, language switch, navigation by role."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import screenshot, sign_in
from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from xiaoneng.core.models import OrganizationKind
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.browser


def _user(username: str, role: str, kind: str = OrganizationKind.DEPARTMENT):  # type: ignore[no-untyped-def]
    org = OrganizationFactory(name=f"{username}的单位", kind=kind)
    return UserFactory(username=username, organization=org, roles=[role])


def test_sign_in_locks_out_after_five_failures(browser_page):
    _user("lin", Role.REVIEWER)
    page = browser_page
    for _attempt in range(5):
        sign_in(page, page.base_url, "lin", "wrong-Password1")
    sign_in(page, page.base_url, "lin", PASSWORD)  # right password, but locked now
    assert "锁定" in page.content()
    screenshot(page, "sign-in-locked")


def test_sign_in_and_navigation_follow_the_role(browser_page):
    _user("wang", Role.REVIEWER)
    _user("zhao", Role.AUDIT_ADMIN, OrganizationKind.EFFICIENCY_OFFICE)
    page = browser_page
    sign_in(page, page.base_url, "wang", PASSWORD)
    menu = page.locator("nav.sidebar").inner_text()
    assert "审计日志" not in menu
    screenshot(page, "workbench-reviewer")
    page.click("button:has-text('退出')")
    sign_in(page, page.base_url, "zhao", PASSWORD)
    # The audit administrator must first pass the second factor.
    assert "/workbench/account/two-factor/" in page.url
    screenshot(page, "two-factor-setup")


def test_language_switch_to_english_and_back(browser_page):
    page = browser_page
    page.goto(page.base_url + "/")
    assert "登录" in page.content()
    page.select_option("#lang-select", "en")
    page.click("footer button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    assert "Sign in" in page.content()
    screenshot(page, "portal-english")
    page.select_option("#lang-select", "zh-hans")
    page.click("footer button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    assert "登录" in page.content()
