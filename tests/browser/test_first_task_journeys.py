"""Every person's first task within two clicks of home, in the demo city (issue 20, "Must show").

In Debian's Chromium, against the demo data (`xiaoneng demo`): each staff role signs in at the
workbench, lands on its home and reaches the work it does first by following the links on its
home page (clicks counted; no typed addresses). Then a citizen types the pinyin initials of an
item into the portal's search box, opens the item's guide and applies online with a material.

The demo is loaded once (it is the expensive part) and every role is tried in its own browser
context, so one role's session never helps another's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from tests.browser.fixtures import screenshot, sign_in
from xiaoneng.cases.models import Case
from xiaoneng.core.demo import DEMO_PASSWORD
from xiaoneng.core.models import User

pytestmark = pytest.mark.browser

MAX_CLICKS = 2


@dataclass(frozen=True)
class FirstTask:
    """A role's first task: the links followed from home (at most MAX_CLICKS), the address the
    last one reaches and a control of the task that page must show (a Playwright selector)."""

    username: str
    clicks: tuple[str, ...]
    url: str  # a regular expression the reached address matches
    control: str  # a selector of what the person acts on there


# One row per role with a home of its own (docs/workbench.md, "Homes by role"). A click is a
# Playwright selector of a link on the page the previous click reached.
FIRST_TASKS = [
    # the window clerk registers an application at the counter
    FirstTask(
        "clerk",
        ("main a:has-text('收件') >> nth=0",),
        r"/workbench/cases/window/$",
        "h1:has-text('窗口收件')",
    ),
    # the reviewer opens the case due soonest (red first) from the review queue
    FirstTask(
        "reviewer",
        ("#home-review table a >> nth=0",),
        r"/workbench/cases/[^/]+/$",
        "main :text('可办理操作')",
    ),
    # the supervisor reads the cases turning yellow
    FirstTask(
        "supervisor",
        ("main a:has-text('黄灯') >> nth=0",),
        r"/workbench/supervision/cases/\?.*light=yellow",
        "main table .light.yellow",
    ),
    # the complaint handler opens the overdue queue, then the first overdue complaint
    FirstTask(
        "handler",
        (
            "main a:has-text('已超期') >> nth=0",
            "main table a[href*='/workbench/complaints/'] >> nth=0",
        ),
        r"/workbench/complaints/[^/?]+/$",
        "main :text('下一步操作')",
    ),
    # the street office decides the community admission requests waiting for it
    FirstTask(
        "street",
        ("main a:has-text('待审批的准入申请') >> nth=0",),
        r"/workbench/community/admissions/",
        "main table button:has-text('批准')",
    ),
    # the community committee sees its admission requests not yet decided
    FirstTask(
        "community",
        ("main a:has-text('尚未决定的准入申请') >> nth=0",),
        r"/workbench/community/admissions/",
        "main table td:has-text('待街道审核')",
    ),
    # the evaluation officer opens the round being scored, with its score sheets
    FirstTask(
        "evaluator",
        ("main a:has-text('2026年度市直部门绩效评估') >> nth=0",),
        r"/workbench/evaluation/rounds/\d+/$",
        "main :text('评分表')",
    ),
    # the leader follows the headline figures into the cockpit
    FirstTask(
        "leader",
        ("main a:has-text('打开领导驾驶舱') >> nth=0",),
        r"/workbench/cockpit/",
        "main h1:has-text('驾驶舱')",
    ),
]


def _first_task(browser, base_url: str, task: FirstTask) -> list[str]:  # type: ignore[no-untyped-def]
    """Sign in, then follow the row's links from home; the problems found (empty: reached)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    problems: list[str] = []
    try:
        sign_in(page, base_url, task.username, DEMO_PASSWORD)
        if not re.search(r"/workbench/$", page.url):
            return [f"{task.username}: signing in lands on {page.url}, not the home"]
        assert len(task.clicks) <= MAX_CLICKS
        for selector in task.clicks:
            link = page.locator(selector)
            if link.count() == 0:
                return [f"{task.username}: no link {selector!r} on {page.url}"]
            link.click()
            page.wait_for_load_state("domcontentloaded")
        if not re.search(task.url, page.url):
            problems.append(f"{task.username}: reached {page.url}, expected {task.url}")
        if page.locator(task.control).count() == 0:
            problems.append(f"{task.username}: {page.url} shows no {task.control!r}")
        screenshot(page, f"first-task-{task.username}")
    finally:
        context.close()
    return problems


def _citizen_applies_by_pinyin(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """个体工商户设立登记 found by its pinyin initials typed into the portal's search box, its
    guide opened, and an application submitted online with every material it asks for."""
    citizen = User.objects.get(username="citizen")
    before = set(Case.objects.filter(applicant__account=citizen).values_list("pk", flat=True))
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        sign_in(page, base_url, "citizen", DEMO_PASSWORD, path="/sign-in/")
        page.goto(f"{base_url}/")
        page.fill("#portal-q", "gtgshsldj")
        page.click("form[role=search] button[type=submit]")
        page.wait_for_url("**/catalog/?**")
        assert "/catalog/" in page.url and "q=gtgshsldj" in page.url, page.url
        page.click("main a:has-text('个体工商户设立登记') >> nth=0")
        page.wait_for_load_state("domcontentloaded")
        assert "办事指南" in page.inner_text("main") or "申请材料" in page.inner_text("main")
        page.click("main a:has-text('在线申办') >> nth=0")
        page.wait_for_load_state("domcontentloaded")
        assert "/cases/apply/" in page.url, page.url
        page.fill("input[name=title]", "个体工商户设立登记（拼音首字母检索后申请）")
        files = page.locator("input[type=file]")
        assert files.count() >= 1, "the form asks for the item's materials"
        for n in range(files.count()):
            files.nth(n).set_input_files(
                files=[
                    {
                        "name": f"材料{n + 1}.pdf",
                        "mimeType": "application/pdf",
                        "buffer": b"%PDF-1.4\n%demo material\n",
                    }
                ]
            )
        page.click("button:has-text('提交申请')")
        page.wait_for_load_state("domcontentloaded")
        screenshot(page, "first-task-citizen-applied")
        created = Case.objects.filter(applicant__account=citizen).exclude(pk__in=before)
        assert created.count() == 1, page.inner_text("main")[:800]
        case = created.get()
        assert case.item_version.item.name == "个体工商户设立登记"
        assert case.number in page.inner_text("main")
    finally:
        context.close()


def test_each_role_reaches_its_first_task_and_a_citizen_applies(
    browser, live_server, transactional_db
):  # type: ignore[no-untyped-def]
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    problems: list[str] = []
    for task in FIRST_TASKS:
        problems += _first_task(browser, live_server.url, task)
    assert not problems, "\n".join(problems)
    _citizen_applies_by_pinyin(browser, live_server.url)


def test_a_missing_link_is_reported(browser, live_server, transactional_db):  # type: ignore[no-untyped-def]
    """The check above can fail: a role whose home lacks the link is reported, not passed."""
    User.objects.create_user(username="nobody", password=DEMO_PASSWORD, kind="staff")
    task = FirstTask("nobody", ("main a:has-text('不存在的入口')",), r"/nowhere/", "h1")
    problems = _first_task(browser, live_server.url, task)
    assert problems and "nobody" in problems[0], problems
