"""Server-side SVG for indicators: a line over the years and need against action.

Pure functions over plain numbers, built like `charts.py` (same frame, same text): `role="img"`,
`<title>` and `<desc>`, values or names written as text so nothing depends on colour alone, and
the pages show the same data as a table next to each chart.
"""

from collections.abc import Sequence

from markupsafe import Markup, escape

from actiondays.charts import BRAND, FONT, LINE, MUTED, _frame, _text

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
