"""Charts rendered on the server as inline SVG: no JavaScript library, no CDN (closed networks).

Every chart is shown beside its table, so the figures stay readable without the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#1f4e79", "#2e7d32", "#f9a825", "#c62828", "#6a1b9a", "#00838f", "#ef6c00"]


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str = "",
    color: str = PALETTE[0],
    width: int = 640,
    unit: str = "",
) -> SafeString:
    """Horizontal bar chart; one bar per label."""
    row, left, top = 26, 180, 30 if title else 8
    height = top + row * len(labels) + 10
    peak = max([float(v) for v in values] + [0.0]) or 1.0
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(f'<text x="0" y="18" font-size="14" font-weight="bold">{escape(title)}</text>')
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        length = (width - left - 70) * float(value) / peak
        parts.append(
            f'<text x="{left - 6}" y="{y + 16}" font-size="12" text-anchor="end">'
            f"{escape(str(label))[:24]}</text>"
        )
        parts.append(
            f'<rect x="{left}" y="{y + 4}" width="{length:.1f}" height="16" fill="{color}"/>'
        )
        parts.append(
            f'<text x="{left + length + 4:.1f}" y="{y + 16}" font-size="12">'
            f"{escape(_fmt(value))}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every interpolated text is escaped)


def stacked_bar_chart(
    labels: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    colors: dict[str, str] | None = None,
    title: str = "",
    width: int = 640,
) -> SafeString:
    """Horizontal stacked bars (e.g. green/yellow/red lights per department)."""
    names = list(series)
    colors = colors or {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}
    row, left, top = 26, 180, 52 if title else 30
    height = top + row * len(labels) + 10
    totals = [sum(float(series[n][i]) for n in names) for i in range(len(labels))]
    peak = max(totals + [0.0]) or 1.0
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(f'<text x="0" y="18" font-size="14" font-weight="bold">{escape(title)}</text>')
    x = left
    for name in names:
        parts.append(f'<rect x="{x}" y="{top - 22}" width="12" height="12" fill="{colors[name]}"/>')
        parts.append(f'<text x="{x + 16}" y="{top - 12}" font-size="12">{escape(name)}</text>')
        x += 20 + 14 * len(name)
    for i, label in enumerate(labels):
        y = top + i * row
        parts.append(
            f'<text x="{left - 6}" y="{y + 16}" font-size="12" text-anchor="end">'
            f"{escape(str(label))[:24]}</text>"
        )
        x0 = float(left)
        for name in names:
            length = (width - left - 60) * float(series[name][i]) / peak
            if length > 0:
                parts.append(
                    f'<rect x="{x0:.1f}" y="{y + 4}" width="{length:.1f}" height="16" '
                    f'fill="{colors[name]}"><title>{escape(name)}: '
                    f"{escape(_fmt(series[name][i]))}</title></rect>"
                )
            x0 += length
        parts.append(
            f'<text x="{x0 + 4:.1f}" y="{y + 16}" font-size="12">{escape(_fmt(totals[i]))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


def _fmt(value: float) -> str:
    return f"{value:.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:g}"
