"""Browser journey (Debian Chromium): the evaluation office opens a round → a unit enters its
self-assessment → a functional department scores → results are published and the ranking shows.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.browser.fixtures import screenshot, sign_in
from tests.evaluation.factories import SMALL_TREE
from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from xiaoneng.core.models import Level, OrganizationKind
from xiaoneng.core.roles import Role
from xiaoneng.evaluation.models import ScorerRole, UnitKind
from xiaoneng.evaluation.services.indicators import system_create, system_save_tree
from xiaoneng.evaluation.services.rounds import round_assign, round_create

pytestmark = pytest.mark.browser


def _setting():  # type: ignore[no-untyped-def]
    city = OrganizationFactory(
        name="江州市人民政府", kind=OrganizationKind.GOVERNMENT, level=Level.CITY
    )
    office = OrganizationFactory(
        name="江州市绩效评估办公室", parent=city, kind=OrganizationKind.EVALUATION_OFFICE
    )
    market = OrganizationFactory(name="江州市市场监督管理局", parent=city)
    civil = OrganizationFactory(
        name="江州市民政局", parent=city, kind=OrganizationKind.CIVIL_AFFAIRS
    )
    statistics = OrganizationFactory(name="江州市统计局", parent=city)
    officer = UserFactory(username="kaoping", organization=office, roles=[Role.EVALUATION_OFFICER])
    UserFactory(username="shichang", organization=market, roles=[Role.DEPARTMENT_HEAD])
    UserFactory(username="tongji", organization=statistics, roles=[Role.DEPARTMENT_HEAD])
    system = system_create(
        actor=officer,
        name="市直部门绩效评估指标",
        year=2026,
        unit_kind=UnitKind.CITY_DEPARTMENT,
        owner=city,
    )
    system_save_tree(actor=officer, system=system, nodes=SMALL_TREE)
    evaluation_round = round_create(
        actor=officer,
        name="2026年度市直部门绩效评估",
        system=system,
        units=[market, civil],
        score_deadline=timezone.localdate() + timedelta(days=30),
        shares={
            ScorerRole.SELF_ASSESSMENT: Decimal(40),
            ScorerRole.FUNCTIONAL_DEPARTMENT: Decimal(60),
        },
    )
    round_assign(
        actor=officer,
        evaluation_round=evaluation_round,
        indicator=system.indicators.get(code="1"),
        department=statistics,
    )
    return evaluation_round, system, market


def _fill(page, system, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for code, value in values.items():
        field = f"[name=value_{system.indicators.get(code=code).pk}]"
        if page.locator(f"select{field}").count():
            page.select_option(f"select{field}", value)
        else:
            page.fill(f"input{field}", value)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def test_round_from_opening_to_published_ranking(browser_page):  # noqa: F811
    evaluation_round, system, market = _setting()
    page, base = browser_page, browser_page.base_url
    round_url = f"{base}/workbench/evaluation/rounds/{evaluation_round.pk}/"

    sign_in(page, base, "kaoping", PASSWORD)
    page.goto(round_url)
    page.click("form[action$='/open/'] button")
    page.wait_for_load_state("domcontentloaded")
    assert (
        page.locator("#round-status").inner_text() == "评分中"
        or "scoring" in page.url
        or page.locator("form[action$='/close/']").count() == 1
    )
    page.context.clear_cookies()

    sign_in(page, base, "shichang", PASSWORD)
    page.goto(round_url)
    page.click("a[href*='role=self_assessment']")
    page.wait_for_load_state("domcontentloaded")
    _fill(page, system, {"1.1": "95", "1.2": "A", "2.1": "0", "2.2": "B", "2.3": "1"})
    screenshot(page, "evaluation-self-assessment")
    assert page.locator(".error").count() == 0
    page.context.clear_cookies()

    sign_in(page, base, "tongji", PASSWORD)
    page.goto(round_url)
    page.click(f"a[href*='unit={market.pk}'][href*='role=functional_department']")
    page.wait_for_load_state("domcontentloaded")
    _fill(page, system, {"1.1": "90.25", "1.2": "B"})
    assert page.locator(".error").count() == 0
    page.context.clear_cookies()

    sign_in(page, base, "kaoping", PASSWORD)
    page.goto(round_url)
    page.click("form[action$='/close/'] button")
    page.wait_for_load_state("domcontentloaded")
    page.click("form[action$='/publish/'] button")
    page.wait_for_load_state("domcontentloaded")
    page.goto(f"{round_url}results/")
    ranking = page.locator("#ranking tbody tr")
    assert ranking.count() == 2
    first = ranking.nth(0).inner_text()
    # 1.1: 0.4×40 + 0.6×38 = 38.80; 1.2: 0.4×20 + 0.6×16 = 17.60; 2.x self only: 25 + 12 + 1
    assert "江州市市场监督管理局" in first and "94.40" in first
    assert ranking.nth(0).locator("td").first.inner_text() == "1"
    screenshot(page, "evaluation-ranking")
