"""Reporting periods of the cockpit and the arithmetic of 同比 and 环比 (pure functions).

A period runs from its first day to `as_of` (period to date). 环比 compares it with the
previous period up to the same point (the same day of month, one period earlier, capped at that
period's end: 31 March → 28 February);
同比 with the same dates one year earlier (29 February → 28 February). Rates compare in
percentage points; counts compare as a relative change in %.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Period(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}


@dataclass(frozen=True)
class Span:
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m}" if self.start.day == 1 else f"{self.start:%Y-%m-%d}"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def period_start(as_of: date, period: str) -> date:
    """First day of the month, quarter or year that contains `as_of`."""
    size = MONTHS[Period(period)]
    month = (as_of.month - 1) // size * size + 1
    return date(as_of.year, month, 1)


def current_span(as_of: date, period: str) -> Span:
    return Span(period_start(as_of, period), as_of)


def previous_span(span: Span, period: str) -> Span:
    """环比: the previous period up to the same point (its end moved back one period)."""
    size = MONTHS[Period(period)]
    start = _add_months(span.start, -size)
    full_end = span.start - timedelta(days=1)
    return Span(start, min(full_end, _add_months(span.end, -size)))


def year_ago_span(span: Span) -> Span:
    """同比: the same dates one year earlier."""
    return Span(_add_months(span.start, -12), _add_months(span.end, -12))


def trend_spans(as_of: date, period: str, count: int = 12) -> list[Span]:
    """The `count` periods ending with the current one (to date), oldest first."""
    size = MONTHS[Period(period)]
    start = period_start(as_of, period)
    spans = [Span(start, as_of)]
    for _i in range(count - 1):
        end = start - timedelta(days=1)
        start = _add_months(start, -size)
        spans.append(Span(start, end))
    return spans[::-1]


def change(
    current: Decimal | int | None, base: Decimal | int | None, *, is_rate: bool
) -> Decimal | None:
    """Change against a base: percentage points for rates, relative % for counts.

    None when either side is unknown or, for counts, when the base is 0 (no ratio exists).
    """
    if current is None or base is None:
        return None
    if is_rate:
        return (Decimal(current) - Decimal(base)).quantize(Decimal("0.1"))
    if base == 0:
        return None
    return ((Decimal(current) - Decimal(base)) / Decimal(base) * 100).quantize(Decimal("0.1"))
