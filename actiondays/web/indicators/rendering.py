"""Turning an indicator comparison into charts, one export table and a JSON document."""

from flask import url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from actiondays.exports.tables import Table
from actiondays.indicator_charts import classes, line_chart, scatter_plot
from actiondays.services.indicators import PER_INHABITANTS, Comparison, RegionSeries
from actiondays.tilemap import Tile, render_tile_map


def _number(value) -> float | None:
    return None if value is None else float(value)


def comparison_charts(comparison: Comparison) -> dict:
    """The need-and-action scatter plot and the shaded map of one comparison."""
    indicator = comparison.indicator
    focus = len(comparison.focus)
    numbers = {id(row): index for index, row in enumerate(comparison.focus, start=1)}
    scatter = scatter_plot(
        "need-and-action",
        _("Need and action in %(year)d", year=comparison.year),
        ngettext(
            "%(indicator)s (across) against held action days per 10,000 inhabitants (up) for "
            "every region; %(num)d region with high need and low activity is a numbered red "
            "square, as in the list.",
            "%(indicator)s (across) against held action days per 10,000 inhabitants (up) for "
            "every region; %(num)d regions with high need and low activity are numbered red "
            "squares, as in the list.",
            focus,
            indicator=indicator.name,
        ),
        [
            {
                "name": row.region.name,
                "x": _number(row.value),
                "y": row.action_days_per_10k,
                "focus": row.high_need_low_action,
                "number": numbers.get(id(row), ""),
            }
            for row in comparison.rows
        ],
        x_label=f"{indicator.name} ({indicator.unit})",
        y_label=_("Action days per 10,000 inhabitants"),
        median_x=_number(comparison.median_value),
        median_y=comparison.median_activity,
    )
    values = [_number(row.value) for row in comparison.rows]
    shade, limits = classes(values)
    tiles = [
        Tile(
            ags=row.region.ags,
            name=row.region.name,
            count=shade[index] or 0,
            href=url_for("public.show_region", slug=row.region.slug),
            label=(
                f"{row.region.name}: {format_decimal(row.value, '#,##0.##')} {indicator.unit}"
                if row.value is not None
                else _("%(region)s: no value", region=row.region.name)
            ),
        )
        for index, row in enumerate(comparison.rows)
    ]
    map_svg = Markup(  # noqa: S704 - render_tile_map escapes every text
        render_tile_map(
            tiles,
            _("%(indicator)s by region, %(year)d", indicator=indicator.name, year=comparison.year),
            _(
                "Each square is a district or independent city, placed roughly where it lies. "
                "The number is its class from low (1) to high (5); darker squares are higher; "
                "0 means no value. The legend gives the range of each class, the table every "
                "value."
            ),
        )
    )
    legend = [(number, low, high) for number, (low, high) in enumerate(limits, start=1)]
    return {"scatter": scatter, "map": map_svg, "legend": legend}


def series_chart(series: RegionSeries, region_name: str):
    """One indicator of one region over the years."""
    indicator = series.indicator
    return line_chart(
        f"series-{indicator.key}",
        f"{indicator.name} – {region_name}",
        _(
            "%(indicator)s in %(unit)s for each year with a value; the table below lists them.",
            indicator=indicator.name,
            unit=indicator.unit,
        ),
        [(point.year, float(point.value)) for point in series.points],
    )


def comparison_table(comparison: Comparison) -> Table:
    """Every region of the comparison as one table (the CSV and XLSX downloads)."""
    indicator = comparison.indicator
    table = Table(
        key="indicator",
        title=f"{indicator.name} {comparison.year}",
        columns=[
            _("AGS"),
            _("Region"),
            f"{indicator.name} ({indicator.unit})",
            _("Rank (1 = greatest need)"),
            _("Held action days"),
            _("Participating projects"),
            _("Inhabitants"),
            _("Population year"),
            _("Action days per 10,000 inhabitants"),
            _("High need, low activity"),
        ],
    )
    for row in comparison.rows:
        table.rows.append(
            [
                row.region.ags,
                row.region.name,
                _number(row.value),
                row.rank,
                row.action_days,
                row.projects,
                None if row.population is None else int(row.population),
                row.population_year,
                row.action_days_per_10k,
                _("yes") if row.high_need_low_action else _("no"),
            ]
        )
    return table


def comparison_json(comparison: Comparison) -> dict:
    """The comparison as a JSON document with English property names."""
    indicator = comparison.indicator
    return {
        "indicator": {
            "key": indicator.key,
            "name_de": indicator.name_de,
            "name_en": indicator.name_en,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "source": indicator.source,
            "licence": indicator.licence,
            "is_demo": indicator.is_demo,
        },
        "year": comparison.year,
        "per_inhabitants": PER_INHABITANTS,
        "median_value": _number(comparison.median_value),
        "median_action_days_per_10k": comparison.median_activity,
        "regions": [
            {
                "ags": row.region.ags,
                "name": row.region.name,
                "slug": row.region.slug,
                "value": _number(row.value),
                "rank": row.rank,
                "action_days": row.action_days,
                "projects": row.projects,
                "population": None if row.population is None else int(row.population),
                "population_year": row.population_year,
                "action_days_per_10k": row.action_days_per_10k,
                "high_need_low_action": row.high_need_low_action,
            }
            for row in comparison.rows
        ],
    }
