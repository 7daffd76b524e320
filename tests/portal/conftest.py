"""Portal tests read the English msgids; test_translations.py checks the Chinese pages."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
