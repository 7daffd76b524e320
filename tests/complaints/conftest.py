from __future__ import annotations

import pytest

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
