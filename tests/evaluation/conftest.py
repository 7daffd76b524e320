"""Evaluation tests assert on the English msgids: run them with English active."""

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """Django's test client, asking for English pages."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")
