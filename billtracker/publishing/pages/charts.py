"""Small inline SVG charts for the pages: the geometry here, the markup in the Jinja macros
of ``templates/_bt_charts.html`` (autoescaped, so every label is escaped)."""

from __future__ import annotations

from markupsafe import Markup

from billtracker import templates


def bar_chart_svg(bars: list[tuple[str, float]], *, title: str, width: int = 340) -> Markup:
    """Horizontal bars (label, value 0-100) as an inline SVG with an accessible title."""
    row, label_w = 22, 110
    scale = (width - label_w - 45) / 100
    shown = []
    for n, (label, value) in enumerate(bars):
        y = 5 + n * row
        value = max(0.0, min(100.0, float(value or 0)))
        shown.append(
            {
                "label": str(label)[:20],
                "text_y": y + 15,
                "bar_y": y + 3,
                "width": f"{value * scale:.1f}",
                "value_x": f"{label_w + value * scale + 4:.1f}",
                "value": f"{value:.1f}",
            }
        )
    chart = {
        "title": title,
        "width": width,
        "height": row * len(bars) + 10,
        "shown_width": f"{width * 1.4:.0f}",
        "label_x": label_w - 6,
        "bar_x": label_w,
        "bars": shown,
    }
    return templates.macro("_bt_charts.html", "bar_chart")(chart)


def line_chart_svg(points: list[tuple[str, float | None]], *, title: str) -> Markup:
    """Scores across versions as a small line chart (inline SVG); unscored points skipped."""
    scored = [(label, v) for label, v in points if v is not None]
    width, height, pad = 320, 90, 18
    n = max(len(scored) - 1, 1)
    coords = [
        (pad + i * (width - 2 * pad) / n, height - pad - (v / 100) * (height - 2 * pad))
        for i, (_, v) in enumerate(scored)
    ]
    chart = {
        "title": title,
        "width": width,
        "height": height,
        "shown_width": f"{width * 1.4:.0f}",
        "pad": pad,
        "axis_y": height - pad,
        "axis_end": width - pad,
        "path": " ".join(f"{x:.1f},{y:.1f}" for x, y in coords) if len(coords) > 1 else "",
        "points": [
            {
                "x": f"{x:.1f}",
                "y": f"{y:.1f}",
                "label_y": f"{y - 8:.1f}",
                "label": str(label),
                "value": f"{v:.1f}",
            }
            for (label, v), (x, y) in zip(scored, coords, strict=True)
        ],
    }
    return templates.macro("_bt_charts.html", "line_chart")(chart)


def history_chart_svg(history: list[dict], *, title: str) -> Markup:
    """Scores of a bill's versions on a dated axis (inline SVG): ``history`` holds
    ``{"label", "score", "date"}`` per version; dated versions are placed by date, each
    point's date written under the axis ("date not recorded" when a version has none)."""
    scored = [h for h in history if h["score"] is not None]
    width, height, pad, bottom = 360, 120, 26, 34
    days = [_day(h.get("date")) for h in scored]
    known = [d for d in days if d is not None]
    span = (max(known) - min(known)) if len(known) > 1 else 0
    n = max(len(scored) - 1, 1)
    points = []
    for i, (h, day) in enumerate(zip(scored, days, strict=True)):
        if span and day is not None and len(known) == len(scored):
            x = pad + (day - min(known)) / span * (width - 2 * pad)
        else:
            x = pad + (i / n if len(scored) > 1 else 0.5) * (width - 2 * pad)
        y = height - bottom - (h["score"] / 100) * (height - bottom - pad)
        points.append(
            {
                "x": f"{x:.1f}",
                "y": f"{y:.1f}",
                "label_y": f"{y - 8:.1f}",
                "label": str(h["label"]),
                "value": f"{h['score']:.1f}",
                "date": h.get("date") or "date not recorded",
                "date_y": height - bottom + 14 + (i % 2) * 12,
            }
        )
    chart = {
        "title": title,
        "width": width,
        "height": height,
        "shown_width": f"{width * 1.4:.0f}",
        "pad": pad,
        "axis_y": height - bottom,
        "axis_end": width - pad,
        "path": " ".join(f"{p['x']},{p['y']}" for p in points) if len(points) > 1 else "",
        "points": points,
    }
    return templates.macro("_bt_charts.html", "history_chart")(chart)


def _day(date: str | None) -> int | None:
    """A ``YYYY-MM-DD`` date as a day number (None when missing or unreadable)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat((date or "")[:10]).toordinal()
    except ValueError:
        return None
