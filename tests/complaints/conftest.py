from __future__ import annotations

import pytest

# The browser journey uses the foundation's Chromium fixtures.
from tests.browser.conftest import browser, browser_page  # noqa: F401
from xiaoneng.core.roles import Role


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def handler(personas):  # type: ignore[no-untyped-def]
    return personas[Role.COMPLAINT_HANDLER]


@pytest.fixture
def unit_head(personas):  # type: ignore[no-untyped-def]
    return personas[Role.DEPARTMENT_HEAD]
