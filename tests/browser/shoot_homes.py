"""Screenshots of each demo role's workbench home for docs/workbench.md (docs/img/home-*.png).

Against a running demo server (`xiaoneng demo`, then `xiaoneng runserver`), in Debian's
Chromium with the Noto CJK fonts, 1280 px wide, the whole page:

    .venv/bin/python -m tests.browser.shoot_homes http://127.0.0.1:8000
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.fixtures import CHROMIUM, CHROMIUM_ARGS

DEMO_PASSWORD = os.environ.get("XIAONENG_DEMO_PASSWORD", "Demo@2026xn")  # core/demo.py

# One demo account per role with a home of its own (core/demo.py).
ROLES = {
    "clerk": "clerk",
    "reviewer": "reviewer",
    "supervisor": "supervisor",
    "handler": "handler",
    "street": "street",
    "community": "community",
    "evaluator": "evaluator",
    "leader": "leader",
}
OUT = Path(__file__).resolve().parents[2] / "docs" / "img"


def main(base_url: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for role, username in ROLES.items():
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(f"{base_url}/workbench/sign-in/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(f"{base_url}/workbench/")
            page.screenshot(path=str(OUT / f"home-{role}.png"), full_page=True)
            print(OUT / f"home-{role}.png")  # noqa: T201
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
