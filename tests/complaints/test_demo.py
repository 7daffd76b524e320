"""The demo year: builds quickly through the services and shows figures and signals."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from xiaoneng.complaints import demo
from xiaoneng.complaints.models import Complaint, Consultation, Rating
from xiaoneng.complaints.selectors.stats import complaint_figures
from xiaoneng.core.demo import build as build_city

pytestmark = pytest.mark.django_db


def test_demo_year_builds_fast_with_signals():  # type: ignore[no-untyped-def]
    context = build_city()
    started = time.monotonic()
    demo.build(context)
    assert time.monotonic() - started < 10
    assert Complaint.objects.count() == 312
    assert Rating.objects.filter(follow_up__isnull=False).exists()
    assert Consultation.objects.filter(is_published=True).exists()
    today = timezone.localdate()
    figures = complaint_figures(
        queryset=Complaint.objects.all(),
        date_from=today.replace(year=today.year - 1),
        date_to=today,
        as_of=today,
    )
    assert figures.due > figures.closed > 0
    assert {s.kind for s in figures.signals} >= {"unit", "person"}
