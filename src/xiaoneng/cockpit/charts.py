"""Trend lines of the cockpit as inline SVG (offline, no chart library; see core/charts.py)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from xiaoneng.cockpit.selectors import Cockpit
from xiaoneng.core.charts import PALETTE


def line_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str = "",
    width: int = 320,
    height: int = 90,
) -> SafeString:
    """A small line over the periods; unknown values leave a gap, the last point is labelled."""
    known = [float(v) for v in values if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    span = (high - low) or 1.0
    step = (width - 20) / max(len(values) - 1, 1)
    points = [
        (10 + i * step, height - 18 - (float(v) - low) / span * (height - 34))
        for i, v in enumerate(values)
        if v is not None
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    parts = [
        f'<svg class="chart trend" role="img" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
        f'<polyline fill="none" stroke="{PALETTE[0]}" stroke-width="2" points="{path}"/>',
    ]
    for x, y in points:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{PALETTE[0]}"/>')
    if labels:
        parts.append(
            f'<text x="10" y="{height - 3}" font-size="10">{escape(labels[0])}</text>'
            f'<text x="{width - 10}" y="{height - 3}" font-size="10" text-anchor="end">'
            f"{escape(labels[-1])}</text>"
        )
    if points and values[-1] is not None:
        x, y = points[-1]
        parts.append(
            f'<text x="{x - 4:.1f}" y="{max(y - 6, 10):.1f}" font-size="11" text-anchor="end">'
            f"{escape(str(values[-1]))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every interpolated text is escaped)


def headline_charts(cockpit: Cockpit) -> dict[str, SafeString]:
    return {
        h.code: line_chart(
            [p.label for p in h.trend],
            [None if p.value is None else float(p.value) for p in h.trend],
            title=h.label,
        )
        for h in cockpit.headlines
    }
