"""Browser journeys: Playwright driving Debian's Chromium (never a downloaded browser).

Registered once for the whole suite from tests/conftest.py (`pytest_plugins`): one session-wide
Playwright instance, so journeys of every context can run in one session. Use the
`browser_page` fixture (a fresh page in a zh-CN context against the live server) and
`sign_in(page, base_url, username, password)`. Tests are marked `browser` and run by
`make browser` (and .ci/run), not by `make test`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = os.environ.get("XIAONENG_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def browser_page(browser, live_server, transactional_db):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def sign_in(
    page,
    base_url: str,
    username: str,
    password: str,  # type: ignore[no-untyped-def]
    path: str = "/workbench/sign-in/",
) -> None:
    page.goto(f"{base_url}{path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Save a screenshot under var/screenshots/ to look at what users see."""
    os.makedirs("var/screenshots", exist_ok=True)
    page.screenshot(path=f"var/screenshots/{name}.png", full_page=True)
