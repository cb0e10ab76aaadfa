"""Small inline SVG charts for the pages, every label escaped."""

from __future__ import annotations

import html


def bar_chart_svg(bars: list[tuple[str, float]], *, title: str, width: int = 340) -> str:
    """Horizontal bars (label, value 0-100) as an inline SVG with an accessible title."""
    e = html.escape
    row, label_w = 22, 110
    height = row * len(bars) + 10
    scale = (width - label_w - 45) / 100
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" '
        f'viewBox="0 0 {width} {height}" width="{width * 1.4:.0f}" style="max-width:100%;height:auto">',
        f'<title id="chart-title">{e(title)}</title>',
    ]
    for n, (label, value) in enumerate(bars):
        y = 5 + n * row
        value = max(0.0, min(100.0, float(value or 0)))
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{e(str(label))[:20]}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{value * scale:.1f}" height="15" '
            f'fill="#2a5d8f"></rect>'
            f'<text x="{label_w + value * scale + 4:.1f}" y="{y + 15}" font-size="12">'
            f"{value:.1f}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart_svg(points: list[tuple[str, float | None]], *, title: str) -> str:
    """Scores across versions as a small line chart (inline SVG); unscored points skipped."""
    e = html.escape
    scored = [(label, v) for label, v in points if v is not None]
    width, height, pad = 320, 90, 18
    n = max(len(scored) - 1, 1)
    coords = [
        (pad + i * (width - 2 * pad) / n, height - pad - (v / 100) * (height - 2 * pad))
        for i, (_, v) in enumerate(scored)
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="history-title" '
        f'viewBox="0 0 {width} {height}" width="{width * 1.4:.0f}" style="max-width:100%;height:auto">',
        f'<title id="history-title">{e(title)}</title>',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#999"></line>',
        f'<text x="2" y="{pad + 4}" font-size="10">100</text>'
        f'<text x="8" y="{height - pad + 4}" font-size="10">0</text>',
    ]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline fill="none" stroke="#2a5d8f" stroke-width="2" points="{path}">')
        parts.append("</polyline>")
    for (label, v), (x, y) in zip(scored, coords, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2a5d8f">'
            f"<title>{e(str(label))}: {v:.1f}</title></circle>"
            f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="10" text-anchor="middle">{v:.1f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
