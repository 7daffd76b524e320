"""Browser journey: a citizen complains → the centre transfers → the unit replies → the centre
concludes with an efficiency warning (created in supervision at once) and replies → the citizen
reads the reply and rates it."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import screenshot, sign_in
from tests.factories import PASSWORD
from xiaoneng.complaints.models import Complaint, OutcomeKind
from xiaoneng.complaints.workflow import Status
from xiaoneng.core.roles import Role
from xiaoneng.supervision.models import EfficiencyWarning

pytestmark = pytest.mark.browser


def _act(
    page,
    action: str,
    fields: dict[str, str] | None = None,  # type: ignore[no-untyped-def]
    selects: dict[str, str] | None = None,
) -> None:
    form = page.locator(f"form[data-action='{action}']")
    page.locator("details", has=form).locator("summary").click()
    for name, value in (fields or {}).items():
        form.locator(f"[name='{action}-{name}']").fill(value)
    for name, value in (selects or {}).items():
        form.locator(f"[name='{action}-{name}']").select_option(value)
    # htmx swaps #complaint in place: mark the old one and wait for its replacement.
    page.evaluate("document.getElementById('complaint').dataset.stale = '1'")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#complaint:not([data-stale])")


def test_complaint_journey(browser_page, org_tree, make_user):  # type: ignore[no-untyped-def]
    page = browser_page
    base = page.base_url
    handler = make_user(
        Role.COMPLAINT_HANDLER, organization=org_tree.complaint_centre, username="tousu"
    )
    unit_head = make_user(
        Role.DEPARTMENT_HEAD, organization=org_tree.department, username="kezhang"
    )
    clerk = make_user(Role.REVIEWER, organization=org_tree.department, real_name="周涛")

    # 1. The citizen complains on the portal and keeps the number and code.
    page.goto(f"{base}/complaints/new/")
    form = page.locator("#complaint-form")
    form.locator("[name=category]").select_option("efficiency")
    form.locator("[name=unit]").select_option(str(org_tree.department.pk))
    form.locator("[name=person_name]").fill(clerk.real_name)
    form.locator("[name=title]").fill("营业执照超时未办结")
    form.locator("[name=description]").fill("承诺5个工作日，已过10个工作日仍未办结。")
    form.locator("[name=complainant_name]").fill("刘洋")
    form.locator("[name=complainant_phone]").fill("13905710001")
    form.locator("button[type=submit]").click()
    number = page.locator("#complaint-number").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    screenshot(page, "complaint-submitted")

    # 2. The centre accepts it and transfers it to the unit.
    sign_in(page, base, handler.username, PASSWORD)
    page.goto(f"{base}/workbench/complaints/")
    page.click(f"text={number}")
    screenshot(page, "complaint-handler-detail")
    assert "刘洋" in page.content(), page.url  # handlers see the identity
    _act(page, "accept")
    _act(page, "transfer")
    assert "转被投诉单位办理" in page.locator("#complaint").inner_text()
    assert Complaint.objects.get(number=number).status == Status.TRANSFERRED
    page.context.clear_cookies()

    # 3. The unit finds it in its inbox and replies with its investigation.
    sign_in(page, base, unit_head.username, PASSWORD)
    page.goto(f"{base}/workbench/complaints/inbox/")
    page.click(f"text={number}")
    assert "刘洋" not in page.content()  # masked for the unit
    _act(page, "investigate", {"record": "经查，窗口人员未按时流转材料，情况属实。"})
    page.context.clear_cookies()

    # 4. The centre concludes, decides an efficiency warning and replies.
    sign_in(page, base, handler.username, PASSWORD)
    page.goto(f"{base}/workbench/complaints/{number}/")
    _act(page, "conclude", selects={"conclusion": "founded"})
    _act(page, "outcome", selects={"kind": OutcomeKind.EFFICIENCY_WARNING, "person": str(clerk.pk)})
    _act(page, "reply", {"text": "经查属实，已对相关人员效能告诫，执照已办结。"})
    screenshot(page, "complaint-concluded")
    complaint = Complaint.objects.get(number=number)
    assert complaint.status == Status.REPLIED
    outcome = complaint.outcomes.get(kind=OutcomeKind.EFFICIENCY_WARNING)
    assert outcome.person == clerk
    # The warning now stands in supervision, where the efficiency office counts it.
    assert EfficiencyWarning.objects.get(source_ref=number).number == outcome.supervision_ref
    page.goto(f"{base}/workbench/complaints/{number}/")
    assert outcome.supervision_ref in page.content()
    page.context.clear_cookies()

    # 5. The citizen reads the reply and rates the handling.
    page.goto(f"{base}/complaints/track/")
    page.fill("#track-form [name=number]", number)
    page.fill("#track-form [name=code]", code)
    page.click("#track-form button[type=submit]")
    assert "效能告诫" in page.locator("#complaint-reply").inner_text()
    page.locator("#rate-reply-form input[value=satisfied]").check()
    page.click("#rate-reply-form button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    screenshot(page, "complaint-rated")
    complaint.refresh_from_db()
    assert complaint.status == Status.FOLLOWED_UP
    assert complaint.satisfaction == "satisfied"
