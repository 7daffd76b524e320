"""同比 and 环比 arithmetic and the periods they compare (cockpit/periods.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xiaoneng.cockpit.periods import (
    Span,
    change,
    current_span,
    previous_span,
    trend_spans,
    year_ago_span,
)

D = date.fromisoformat


@pytest.mark.parametrize(
    ("as_of", "period", "current", "previous", "year_ago"),
    [
        # month to date; 环比 the same days of the previous month, 同比 the same dates last year
        (
            "2025-09-15",
            "month",
            ("2025-09-01", "2025-09-15"),
            ("2025-08-01", "2025-08-15"),
            ("2024-09-01", "2024-09-15"),
        ),
        # 31 March: the previous month is capped at 28 February
        (
            "2025-03-31",
            "month",
            ("2025-03-01", "2025-03-31"),
            ("2025-02-01", "2025-02-28"),
            ("2024-03-01", "2024-03-31"),
        ),
        # quarter: Q3 to 20 August against Q2 to 20 May
        (
            "2025-08-20",
            "quarter",
            ("2025-07-01", "2025-08-20"),
            ("2025-04-01", "2025-05-20"),
            ("2024-07-01", "2024-08-20"),
        ),
        # year; 29 February 2024 → 28 February 2023
        (
            "2024-02-29",
            "year",
            ("2024-01-01", "2024-02-29"),
            ("2023-01-01", "2023-02-28"),
            ("2023-01-01", "2023-02-28"),
        ),
        # January: the previous month is last year's December
        (
            "2026-01-10",
            "month",
            ("2026-01-01", "2026-01-10"),
            ("2025-12-01", "2025-12-10"),
            ("2025-01-01", "2025-01-10"),
        ),
    ],
)
def test_spans_compared(as_of, period, current, previous, year_ago):
    span = current_span(D(as_of), period)
    assert (span.start, span.end) == (D(current[0]), D(current[1]))
    before = previous_span(span, period)
    assert (before.start, before.end) == (D(previous[0]), D(previous[1]))
    last_year = year_ago_span(span)
    assert (last_year.start, last_year.end) == (D(year_ago[0]), D(year_ago[1]))


@pytest.mark.parametrize(
    ("current", "base", "is_rate", "expected"),
    [
        (Decimal("95.0"), Decimal("90.5"), True, Decimal("4.5")),  # points, not %
        (Decimal("80.0"), Decimal("90.0"), True, Decimal("-10.0")),
        (120, 100, False, Decimal("20.0")),  # counts: relative change in %
        (50, 200, False, Decimal("-75.0")),
        (5, 0, False, None),  # no base, no ratio
        (None, 10, False, None),
        (Decimal("90"), None, True, None),
        (0, 0, True, Decimal("0.0")),
    ],
)
def test_change(current, base, is_rate, expected):
    assert change(current, base, is_rate=is_rate) == expected


def test_trend_has_twelve_periods_ending_with_the_current_one():
    spans = trend_spans(D("2025-09-15"), "month")
    assert len(spans) == 12
    assert spans[-1] == Span(D("2025-09-01"), D("2025-09-15"))
    assert spans[0] == Span(D("2024-10-01"), D("2024-10-31"))
    assert all(a.end < b.start for a, b in zip(spans, spans[1:], strict=False))
