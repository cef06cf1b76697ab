"""Server-side SVG charts: bars, a month timeline, a multi-year overview and a region map.

Pure functions over plain numbers: no Flask, no queries, no JavaScript. Every chart is an
inline `<svg role="img">` labelled by its own `<title>` and `<desc>`; values are written as
text next to the marks, so no information depends on colour. Pages show the same data as a
table next to each chart.
"""

from collections.abc import Callable, Sequence
from math import cos, radians, sqrt

from markupsafe import Markup, escape

INK = "#1b1f24"
MUTED = "#4a5360"
BRAND = "#0b5394"
LINE = "#c9d0d9"
FONT = 'font-family="system-ui, sans-serif"'


#: Font size of the map's numbers and legend (in map units, see region_map).
MAP_LABEL = 17


def _frame(chart_id: str, title: str, desc: str, width: float, height: float, body: str) -> Markup:
    return Markup(  # noqa: S704 - every text part below is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="100%" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'preserveAspectRatio="xMinYMin meet">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>{body}</svg>'
    )


def _text(x: float, y: float, value, anchor: str = "start", size: int = 13, **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{INK}" {FONT}{extra}>{escape(value)}</text>'
    )


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    items: Sequence[tuple[str, int | float]],
    fmt: Callable[[int | float], str] | None = None,
) -> Markup:
    """Horizontal bars, one row per (label, value): the label above its bar, the value after
    it. Stacking label and bar keeps the chart narrow (400 units), so its text stays readable
    on a 375 px phone screen."""
    fmt = fmt or _number
    row, bar_width, top = 44, 320, 4
    height = top * 2 + row * max(len(items), 1)
    largest = max((value for _, value in items), default=0) or 1
    parts = []
    for index, (label, value) in enumerate(items):
        y = top + index * row
        length = bar_width * value / largest
        parts.append(_text(0, y + 15, label, size=14))
        parts.append(f'<rect x="0" y="{y + 21}" width="{length:.1f}" height="16" fill="{BRAND}"/>')
        parts.append(_text(length + 6, y + 34, fmt(value), size=14))
    return _frame(chart_id, title, desc, bar_width + 80, height, "".join(parts))


def column_chart(
    chart_id: str,
    title: str,
    desc: str,
    items: Sequence[tuple[str, int | float]],
    fmt: Callable[[int | float], str] | None = None,
) -> Markup:
    """Vertical columns in order (a timeline), label under and value over each column."""
    fmt = fmt or _number
    column, gap, plot, top, bottom = 56, 14, 160, 22, 30
    width = max(len(items), 1) * (column + gap) + gap
    largest = max((value for _, value in items), default=0) or 1
    parts = [f'<line x1="0" y1="{top + plot}" x2="{width}" y2="{top + plot}" stroke="{MUTED}"/>']
    for index, (label, value) in enumerate(items):
        x = gap + index * (column + gap)
        length = plot * value / largest
        parts.append(
            f'<rect x="{x}" y="{top + plot - length:.1f}" width="{column}" '
            f'height="{length:.1f}" fill="{BRAND}"/>'
        )
        parts.append(_text(x + column / 2, top + plot - length - 5, fmt(value), "middle"))
        parts.append(_text(x + column / 2, top + plot + 18, label, "middle", size=12))
    return _frame(chart_id, title, desc, width, top + plot + bottom, "".join(parts))


def multi_year_chart(
    chart_id: str,
    title: str,
    desc: str,
    series: Sequence[tuple[str, Sequence[tuple[int, int | float]]]],
    fmt: Callable[[int | float], str] | None = None,
) -> Markup:
    """Small multiples: one panel of year columns per series (their units differ)."""
    fmt = fmt or _number
    # one panel per row: stacked small multiples stay readable at phone width
    panel_w, panel_h, columns = 330, 190, 1
    parts = []
    for index, (name, points) in enumerate(series):
        ox = (index % columns) * (panel_w + 20)
        oy = (index // columns) * (panel_h + 20)
        parts.append(_text(ox, oy + 16, name, size=14, font_weight="700"))
        plot, base = 100, oy + 42 + 100
        slot = (panel_w - 10) / max(len(points), 1)
        largest = max((value for _, value in points), default=0) or 1
        parts.append(
            f'<line x1="{ox}" y1="{base}" x2="{ox + panel_w}" y2="{base}" stroke="{MUTED}"/>'
        )
        for position, (year, value) in enumerate(points):
            x = ox + 5 + position * slot
            length = plot * value / largest
            parts.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{base - length:.1f}" '
                f'width="{slot * 0.7:.1f}" height="{length:.1f}" fill="{BRAND}"/>'
            )
            parts.append(_text(x + slot / 2, base - length - 5, fmt(value), "middle", 12))
            parts.append(_text(x + slot / 2, base + 18, str(year), "middle", 12))
    rows = (len(series) + columns - 1) // columns
    return _frame(
        chart_id, title, desc, columns * panel_w + 20, max(rows, 1) * (panel_h + 20), "".join(parts)
    )


def map_keys(regions: Sequence[dict]) -> list[tuple[int, dict]]:
    """Key numbers of the regions with events on the map (by name), for its numbered legend."""
    located = [r for r in regions if r.get("latitude") is not None and r.get("longitude")]
    taking_part = sorted((r for r in located if r["events"]), key=lambda r: r["name"])
    return list(enumerate(taking_part, start=1))


def region_map(
    chart_id: str,
    title: str,
    desc: str,
    regions: Sequence[dict],
    legend_taking_part: str,
    legend_not_taking_part: str,
) -> Markup:
    """Centroid map: one circle per region at its coordinates, sized by its number of events.

    Regions with events get a filled circle with their key number in it (see `map_keys`; the
    page lists the numbers with names and events as a legend, so no name depends on hovering);
    regions without events get a small hollow dashed circle, so the difference never depends
    on colour alone. Each mark carries the region's name and events as its `<title>`.
    """
    key_of = {id(region): number for number, region in map_keys(regions)}
    located = [r for r in regions if r.get("latitude") is not None and r.get("longitude")]
    # Labels of MAP_LABEL units stay at least 9 CSS px when the map is shrunk to a phone's
    # 343 px column (600 units wide: a factor of about 0.57).
    width, height, pad, legend = 600.0, 540.0, 30.0, 70.0
    if not located:
        return _frame(chart_id, title, desc, width, 60, _text(10, 30, desc))
    lats = [r["latitude"] for r in located]
    lons = [r["longitude"] for r in located]
    squeeze = cos(radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * squeeze, 0.01)
    span_y = max(max(lats) - min(lats), 0.01)
    scale = min((width - 2 * pad) / span_x, (height - legend - 2 * pad) / span_y)
    largest = max((r["events"] for r in located), default=0) or 1
    parts = [f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f3f5f8"/>']
    for region in sorted(located, key=lambda r: -r["events"]):
        x = pad + (region["longitude"] - min(lons)) * squeeze * scale
        y = pad + (max(lats) - region["latitude"]) * scale
        name = f"{region['name']}: {region['events']}"
        if region["events"]:
            radius = 12 + 10 * sqrt(region["events"] / largest)
            parts.append(
                f'<g><title>{escape(name)}</title><circle cx="{x:.1f}" cy="{y:.1f}" '
                f'r="{radius:.1f}" fill="{BRAND}" fill-opacity="0.85" stroke="#fff"/>'
                f'<text x="{x:.1f}" y="{y + 6:.1f}" text-anchor="middle" font-size="{MAP_LABEL}" '
                f'fill="#fff" font-weight="700" {FONT}>{key_of[id(region)]}</text></g>'
            )
        else:
            parts.append(
                f'<g><title>{escape(name)}</title><circle cx="{x:.1f}" cy="{y:.1f}" r="5" '
                f'fill="#fff" stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="2 2"/></g>'
            )
    first, second = height - legend + 18, height - legend + 48
    parts.append(
        f'<circle cx="{pad}" cy="{first}" r="9" fill="{BRAND}"/>'
        + _text(pad + 18, first + 6, legend_taking_part, size=MAP_LABEL)
        + f'<circle cx="{pad}" cy="{second}" r="5" fill="#fff" stroke="{MUTED}" '
        f'stroke-dasharray="2 2"/>'
        + _text(pad + 18, second + 6, legend_not_taking_part, size=MAP_LABEL)
    )
    return _frame(chart_id, title, desc, width, height, "".join(parts))


def _number(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value)}"
