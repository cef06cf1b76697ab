"""Server-side SVG for indicators: a line over the years, need against action, a shaded map.

Pure functions over plain numbers, built like `charts.py` (same frame, same text): `role="img"`,
`<title>` and `<desc>`, values or names written as text so nothing depends on colour alone, and
the pages show the same data as a table next to each chart.
"""

from collections.abc import Sequence
from math import cos, radians

from markupsafe import Markup, escape

from actiondays.charts import BRAND, FONT, LINE, MUTED, _frame, _text

#: Five shades from light to dark, each with a class number written on the mark.
SHADES = ("#dbe7f3", "#a9c6e3", "#6a9fd0", "#2f6fae", "#0b3c6b")
ALERT = "#b3261e"


def _fmt(value: float) -> str:
    text = f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    return text.replace(",", " ")


def line_chart(chart_id: str, title: str, desc: str, points: Sequence[tuple[int, float]]) -> Markup:
    """Values over the years as a line with a labelled dot per year."""
    width, height, left, right, top, bottom = 600.0, 260.0, 60.0, 20.0, 20.0, 40.0
    if not points:
        return _frame(chart_id, title, desc, width, 60, _text(10, 30, desc))
    years = [year for year, _v in points]
    values = [value for _y, value in points]
    low, high = min(0.0, min(values)), max(values) or 1.0
    span_x = max(max(years) - min(years), 1)

    def x_of(year: int) -> float:
        if len(points) == 1:
            return left + (width - left - right) / 2
        return left + (year - min(years)) / span_x * (width - left - right)

    def y_of(value: float) -> float:
        return top + (high - value) / (high - low or 1) * (height - top - bottom)

    parts = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        f'stroke="{LINE}"/>'
    ]
    path = " ".join(f"{x_of(y):.1f},{y_of(v):.1f}" for y, v in points)
    parts.append(f'<polyline points="{path}" fill="none" stroke="{BRAND}" stroke-width="2"/>')
    for year, value in points:
        x, y = x_of(year), y_of(value)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BRAND}"/>')
        parts.append(_text(x, y - 8, _fmt(value), anchor="middle", size=12))
        parts.append(_text(x, height - bottom + 18, year, anchor="middle", size=12))
    return _frame(chart_id, title, desc, width, height, "".join(parts))


def scatter_plot(
    chart_id: str,
    title: str,
    desc: str,
    points: Sequence[dict],
    x_label: str,
    y_label: str,
    median_x: float | None = None,
    median_y: float | None = None,
) -> Markup:
    """Need (x) against action (y) per region. Points with `focus` are drawn as red squares
    carrying their `number` in the list beside the chart (names would overlap); the dashed
    lines are the medians that split need and action."""
    width, height, left, right, top, bottom = 640.0, 440.0, 70.0, 30.0, 20.0, 60.0
    usable = [p for p in points if p["x"] is not None and p["y"] is not None]
    if not usable:
        return _frame(chart_id, title, desc, width, 60, _text(10, 30, desc))
    xs = [p["x"] for p in usable]
    ys = [p["y"] for p in usable]
    x_low, x_high = min(xs), max(xs)
    y_high = max(ys) or 1.0
    x_span = (x_high - x_low) or 1.0

    def x_of(value: float) -> float:
        return left + (value - x_low) / x_span * (width - left - right)

    def y_of(value: float) -> float:
        return top + (y_high - value) / y_high * (height - top - bottom)

    parts = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        f'stroke="{MUTED}"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="{MUTED}"/>',
        _text(left, height - bottom + 18, _fmt(x_low), anchor="middle", size=12),
        _text(width - right, height - bottom + 18, _fmt(x_high), anchor="middle", size=12),
        _text((left + width - right) / 2, height - 12, x_label, anchor="middle"),
        _text(left - 8, y_of(0) + 4, "0", anchor="end", size=12),
        _text(left - 8, top + 4, _fmt(y_high), anchor="end", size=12),
        f'<text x="16" y="{(top + height - bottom) / 2:.1f}" text-anchor="middle" '
        f'font-size="13" {FONT} transform="rotate(-90 16 {(top + height - bottom) / 2:.1f})">'
        f"{escape(y_label)}</text>",
    ]
    if median_x is not None:
        parts.append(
            f'<line x1="{x_of(median_x):.1f}" y1="{top}" x2="{x_of(median_x):.1f}" '
            f'y2="{height - bottom}" stroke="{MUTED}" stroke-dasharray="4 4"/>'
        )
    if median_y is not None:
        parts.append(
            f'<line x1="{left}" y1="{y_of(median_y):.1f}" x2="{width - right}" '
            f'y2="{y_of(median_y):.1f}" stroke="{MUTED}" stroke-dasharray="4 4"/>'
        )
    for point in sorted(usable, key=lambda p: p["focus"]):
        x, y = x_of(point["x"]), y_of(point["y"])
        label = f"{point['name']}: {_fmt(point['x'])} / {_fmt(point['y'])}"
        if point["focus"]:
            parts.append(
                f"<g><title>{escape(label)}</title>"
                f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{ALERT}"/>'
                + _text(x, y - 8, point.get("number", ""), anchor="middle", size=11)
                + "</g>"
            )
        else:
            parts.append(
                f"<g><title>{escape(label)}</title>"
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{BRAND}" '
                f'fill-opacity="0.75"/></g>'
            )
    return _frame(chart_id, title, desc, width, height, "".join(parts))


def shaded_map(
    chart_id: str, title: str, desc: str, regions: Sequence[dict], legend: Sequence[str]
) -> Markup:
    """Centroid map: one square per region, shaded in five classes, the class number written
    on it (so the class never depends on colour). Regions without a value are hollow."""
    located = [r for r in regions if r.get("latitude") is not None and r.get("longitude")]
    width, height, pad, legend_h = 600.0, 560.0, 30.0, 70.0
    if not located:
        return _frame(chart_id, title, desc, width, 60, _text(10, 30, desc))
    lats = [r["latitude"] for r in located]
    lons = [r["longitude"] for r in located]
    squeeze = cos(radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * squeeze, 0.01)
    span_y = max(max(lats) - min(lats), 0.01)
    scale = min((width - 2 * pad) / span_x, (height - legend_h - 2 * pad) / span_y)
    parts = [f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f3f5f8"/>']
    for region in located:
        x = pad + (region["longitude"] - min(lons)) * squeeze * scale
        y = pad + (max(lats) - region["latitude"]) * scale
        shade = region.get("class")
        name = f"{region['name']}: {region.get('label', '–')}"
        if shade is None:
            parts.append(
                f"<g><title>{escape(name)}</title>"
                f'<rect x="{x - 8:.1f}" y="{y - 8:.1f}" width="16" height="16" fill="#fff" '
                f'stroke="{MUTED}" stroke-dasharray="2 2"/></g>'
            )
            continue
        ink = "#fff" if shade >= 3 else "#1b1f24"
        parts.append(
            f"<g><title>{escape(name)}</title>"
            f'<rect x="{x - 11:.1f}" y="{y - 11:.1f}" width="22" height="22" '
            f'fill="{SHADES[shade - 1]}" stroke="#fff"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="12" '
            f'font-weight="700" fill="{ink}" {FONT}>{shade}</text></g>'
        )
    row_y = height - legend_h + 20
    step = (width - 2 * pad) / max(len(legend), 1)
    for index, text in enumerate(legend):
        x = pad + index * step
        parts.append(
            f'<rect x="{x:.1f}" y="{row_y - 12:.1f}" width="16" height="16" '
            f'fill="{SHADES[index]}"/>' + _text(x + 22, row_y + 1, f"{index + 1}: {text}", size=11)
        )
    return _frame(chart_id, title, desc, width, height, "".join(parts))


def classes(values: Sequence[float | None], count: int = 5) -> tuple[list[int | None], list]:
    """Quantile classes 1..count for each value (None stays None) and each class's bounds."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return [None for _v in values], []
    bounds = [known[min(len(known) - 1, (len(known) * i) // count)] for i in range(count)]
    bounds.append(known[-1])

    def class_of(value: float) -> int:
        for index in range(count, 0, -1):
            if value >= bounds[index - 1]:
                return index
        return 1

    limits = [(bounds[i], bounds[i + 1]) for i in range(count)]
    return [None if v is None else class_of(v) for v in values], limits
