"""Under the Content-Security-Policy, key pages run without a single violation and htmx still
swaps content (settings CONTENT_SECURITY_POLICY; tests/core/test_csp.py parses every page)."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import sign_in
from tests.cases.factories import ApplicantFactory, make_item
from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from xiaoneng.cases.services import case_submit
from xiaoneng.core.roles import Role

pytestmark = pytest.mark.browser


def _watch(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Console errors and uncaught exceptions of the page, as they come."""
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def _violations(problems: list[str]) -> list[str]:
    return [p for p in problems if "Content Security Policy" in p or "Refused to" in p]


def test_the_violation_check_sees_a_blocked_inline_script(browser_page):  # type: ignore[no-untyped-def]
    """The check below would notice: an injected inline script is refused and reported."""
    page = browser_page
    problems = _watch(page)
    page.goto(page.base_url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.ran") is None
    assert _violations(problems)


def test_key_pages_have_no_violation_and_htmx_swaps(browser_page):  # type: ignore[no-untyped-def]
    agency = OrganizationFactory(name="江州市市场监督管理局")
    clerk = UserFactory(username="chen", organization=agency, roles=[Role.WINDOW_CLERK])
    case = case_submit(
        actor=clerk, item_version=make_item(agency), applicant=ApplicantFactory(), channel="window"
    )
    page = browser_page
    problems = _watch(page)
    for path in ("/", "/workbench/sign-in/", "/complaints/rate/", "/api/v1/docs/"):
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
    sign_in(page, page.base_url, "chen", PASSWORD)
    for path in ("/workbench/", "/workbench/cases/"):
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
    page.goto(f"{page.base_url}/workbench/cases/{case.number}/window/")
    assert page.evaluate("() => typeof window.htmx") == "object"
    page.locator("#action-form").wait_for(state="attached")
    assert page.locator("#action-form form").count() == 0
    page.locator("a[hx-get]").first.click()
    page.locator("#action-form form").wait_for()  # swapped in by htmx, not a page load
    assert page.url.endswith("/window/")
    assert _violations(problems) == []
    assert [p for p in problems if "htmx" in p.lower()] == []


def test_the_api_documentation_renders_under_its_own_policy(browser_page):  # type: ignore[no-untyped-def]
    page = browser_page
    problems = _watch(page)
    page.goto(page.base_url + "/api/v1/docs/")
    page.locator(".swagger-ui .info").wait_for()
    assert _violations(problems) == []


def test_redoc_renders_from_this_server_without_a_violation(browser_page):  # type: ignore[no-untyped-def]
    """The Redoc page loads its script from the sidecar package and no web font from a CDN
    (closed government networks), and renders the document under the docs' policy; Redoc's own
    attribution logo (cdn.redoc.ly) is refused by img-src and never fetched."""
    page = browser_page
    problems = _watch(page)
    fetched: list[str] = []
    page.on("requestfinished", lambda r: fetched.append(r.url))
    page.goto(page.base_url + "/api/v1/redoc/")
    page.locator(".api-content h1").first.wait_for(timeout=60_000)
    assert "xiaoneng" in page.locator(".api-content h1").first.inner_text().lower()
    assert [u for u in fetched if not u.startswith((page.base_url, "blob:", "data:"))] == []
    assert [v for v in _violations(problems) if "cdn.redoc.ly" not in v] == []
