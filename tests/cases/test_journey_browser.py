"""Browser journey: apply online → the window asks for a supplement → the applicant
supplements → accepted → the reviewer approves → the applicant downloads the decision."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.browser.fixtures import screenshot, sign_in
from tests.cases.factories import ApplicantFactory, make_item
from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from xiaoneng.cases.models import Case
from xiaoneng.cases.workflow import Status
from xiaoneng.catalog.models import ItemMaterial
from xiaoneng.core.models import UserKind
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _staff_page(chromium, base_url: str, username: str):  # type: ignore[no-untyped-def]
    context = chromium.new_context(locale="zh-CN")
    context.set_default_timeout(15000)
    page = context.new_page()
    sign_in(page, base_url, username, PASSWORD)
    return page


def _act(page, base_url: str, number: str, action: str, fill: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/workbench/cases/{number}/")
    page.click(f"a[href='/workbench/cases/{number}/act/{action}/']")
    form = page.locator("#action-form form")
    form.wait_for()
    for name, value in (fill or {}).items():
        form.locator(f"[name={name}]").fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_apply_supplement_accept_approve_download(browser_page, browser, settings, tmp_path):  # type: ignore[no-untyped-def]  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "zh-hans"
    city = OrganizationFactory(name="江州市人民政府", kind="government")
    agency = OrganizationFactory(name="江州市市场监督管理局", parent=city)
    UserFactory(username="clerk", organization=agency, roles=[Role.WINDOW_CLERK])
    UserFactory(username="reviewer", organization=agency, roles=[Role.REVIEWER])
    account = UserFactory(username="zhangsan", organization=None, kind=UserKind.APPLICANT)
    ApplicantFactory(account=account, name="张三")
    version = make_item(agency)
    code = version.item.implementation_code
    page = browser_page
    base = page.base_url

    # 1. The applicant applies online with a material.
    sign_in(page, base, "zhangsan", PASSWORD, path="/sign-in/")
    page.goto(f"{base}/cases/apply/?item={code}")
    first = ItemMaterial.objects.filter(version=version).order_by("order").first()
    page.fill("input[name=title]", "开办餐饮店")
    page.set_input_files(
        f"input[name=material-{first.pk}]",
        {"name": "申请书.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    with page.expect_navigation():
        page.click("form[enctype] button[type=submit]")
    case = Case.objects.get()
    assert f"/cases/mine/{case.number}/" in page.url
    screenshot(page, "cases-applied")

    # 2. The window asks for the missing material in one notice.
    clerk = _staff_page(browser, base, "clerk")
    _act(clerk, base, case.number, "request_supplement", {"materials": "身份证明"})
    case.refresh_from_db()
    assert case.status == Status.SUPPLEMENT_REQUESTED

    # 3. The applicant supplements.
    page.goto(f"{base}/cases/mine/{case.number}/")
    assert "身份证明" in page.content()
    page.set_input_files(
        "input[name=files]", {"name": "身份证.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    with page.expect_navigation():
        page.click("form[enctype] button[type=submit]")
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED

    # 4. The window accepts; 5. the reviewer approves.
    _act(clerk, base, case.number, "accept")
    reviewer = _staff_page(browser, base, "reviewer")
    _act(reviewer, base, case.number, "approve", {"legal_basis": "《食品安全法》第三十五条"})
    case.refresh_from_db()
    assert case.status == Status.APPROVED
    screenshot(reviewer, "cases-approved")

    # 6. The applicant sees the decision and downloads it.
    page.goto(f"{base}/cases/mine/{case.number}/")
    assert "准予" in page.content()
    link = page.locator("a[href$='.docx']").last
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as handle:
        data = handle.read()
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert case.number in text and "准予行政许可" in text
