"""Public indicator pages: the catalogue, one indicator across all regions, and downloads."""

from flask import Response, abort, jsonify, render_template, request
from flask_babel import gettext as _

from actiondays.exports.csv_export import render_csv
from actiondays.exports.xlsx_export import render_xlsx
from actiondays.extensions import db
from actiondays.services.indicators import (
    compare_regions,
    indicator_by_key,
    indicators_in_order,
    value_years,
)
from actiondays.web.indicators import bp
from actiondays.web.indicators.rendering import (
    comparison_charts,
    comparison_json,
    comparison_table,
)


def _indicator_and_year(key: str):
    """The indicator (404) and the requested year (400 if malformed; newest with values)."""
    indicator = db.first_or_404(indicator_by_key(key))
    years = value_years(indicator)
    raw = request.args.get("year", "").strip()
    if not raw:
        return indicator, years, (years[0] if years else None)
    if not raw.isdigit() or not 1900 <= int(raw) <= 2200:
        abort(400, description=_("Please give the year as four digits, e.g. 2013."))
    return indicator, years, int(raw)


@bp.get("/indicators")
def list_indicators():
    """The indicator catalogue with the years each one covers."""
    indicators = db.session.scalars(indicators_in_order()).all()
    years = {indicator.id: value_years(indicator) for indicator in indicators}
    return render_template("indicators/index.html", indicators=indicators, years=years)


@bp.get("/indicators/<key>")
def show_indicator(key: str):
    """All regions of a year: value, rank, action days, projects, per-capita activity."""
    indicator, years, year = _indicator_and_year(key)
    comparison = compare_regions(indicator, year) if year is not None else None
    charts = comparison_charts(comparison) if comparison and comparison.has_values else None
    return render_template(
        "indicators/show.html",
        indicator=indicator,
        years=years,
        year=year,
        comparison=comparison,
        charts=charts,
    )


@bp.get("/indicators/<key>.<any(csv, xlsx, json):fmt>")
def download_indicator(key: str, fmt: str):
    """The comparison of one year as CSV (German Excel), XLSX or JSON."""
    indicator, _years, year = _indicator_and_year(key)
    if year is None:
        abort(404)
    comparison = compare_regions(indicator, year)
    filename = f"indikator-{indicator.key}-{year}.{fmt}"
    disposition = {"Content-Disposition": f"attachment; filename={filename}"}
    if fmt == "json":
        response = jsonify(comparison_json(comparison))
        response.headers.update(disposition)
        return response
    table = comparison_table(comparison)
    if fmt == "csv":
        return Response(render_csv([table]), mimetype="text/csv", headers=disposition)
    return Response(
        render_xlsx([table], indicator.name),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=disposition,
    )
