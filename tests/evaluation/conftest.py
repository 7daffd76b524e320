"""Evaluation tests assert on the English msgids: run them with English active."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
