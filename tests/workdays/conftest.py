"""Fixtures for the working-day calendar tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from xiaoneng.workdays import WorkdayCalendar, default


@pytest.fixture(scope="session")
def library_calendar() -> WorkdayCalendar:
    """A calendar built from the ``holidays`` library only (no local notices)."""
    return WorkdayCalendar()


@pytest.fixture(autouse=True)
def _fresh_default_calendar() -> Iterator[None]:
    """Every test starts and ends with a default calendar rebuilt from current notices."""
    default.invalidate()
    yield
    default.invalidate()
