"""Unified sign-in in Chromium: the workbench's sign-in page → the identity platform's own form
(django-oauth-toolkit in its own process) → back in the workbench, signed in; and a citizen
through the portal."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import screenshot
from tests.factories import OrganizationFactory, UserFactory
from tests.oidc_provider.fixtures import PASSWORD
from xiaoneng.core.models import Applicant
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.browser


def _platform_sign_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("#provider-sign-in")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#provider-sign-in")
    page.wait_for_load_state("domcontentloaded")


def test_staff_sign_in_through_the_unified_platform(browser_page, realms):
    org = OrganizationFactory(name="江州市市场监督管理局")
    UserFactory(username="liwei", real_name="李伟", organization=org, roles=[Role.REVIEWER])
    page = browser_page
    page.goto(f"{page.base_url}/workbench/sign-in/")
    screenshot(page, "sso-staff-sign-in-page")
    page.click("#sso-sign-in")
    assert "统一身份认证平台" in page.content()
    screenshot(page, "sso-platform-form")
    _platform_sign_in(page, "liwei")
    page.wait_for_url(f"{page.base_url}/workbench/")
    assert "李伟" in page.content()
    screenshot(page, "sso-staff-signed-in")


def test_an_administrator_is_sent_back_to_the_second_factor(browser_page, realms):
    org = OrganizationFactory(name="江州市效能办")
    UserFactory(username="sysadmin", organization=org, roles=[Role.SYSTEM_ADMIN])
    page = browser_page
    page.goto(f"{page.base_url}/workbench/sign-in/")
    page.click("#sso-sign-in")
    _platform_sign_in(page, "sysadmin")
    page.wait_for_url(f"{page.base_url}/workbench/sign-in/?sso=failed")
    assert "管理员须在本页以账号密码和动态口令登录" in page.content()
    screenshot(page, "sso-admin-refused")


def test_a_citizen_signs_in_through_the_portal(browser_page, realms):
    page = browser_page
    page.goto(f"{page.base_url}/sign-in/")
    page.click("#sso-sign-in")
    _platform_sign_in(page, "zhangsan")
    page.wait_for_url(f"{page.base_url}/")
    assert Applicant.objects.filter(name="张三", account__isnull=False).exists()
    screenshot(page, "sso-citizen-signed-in")
