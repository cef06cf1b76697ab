"""Public retrospectives: the published years, one year's page and its exports."""

from flask import abort, make_response, render_template

from actiondays.exports.csv_export import render_csv
from actiondays.exports.json_export import render_json
from actiondays.exports.tables import document_tables
from actiondays.exports.xlsx_export import render_xlsx
from actiondays.services.retrospectives import published_overview, published_retrospective
from actiondays.web.retrospectives import bp
from actiondays.web.retrospectives.rendering import (
    language,
    overview_chart,
    page_context,
    pdf_bytes,
)


def _published_or_404(year: int):
    retrospective = published_retrospective(year)
    if retrospective is None:
        abort(404)
    return retrospective


def _download(body: bytes, mimetype: str, filename: str, retrospective, inline=False):
    response = make_response(body)
    response.mimetype = mimetype
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.last_modified = retrospective.published_at
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("")
def index():
    """Every published year, with a multi-year chart and table."""
    overview = published_overview()
    return render_template(
        "retrospectives/index.html",
        overview=overview,
        chart=overview_chart(overview) if overview else None,
    )


@bp.get("/<int:year>")
def show(year: int):
    """One published retrospective, rendered from its frozen snapshot."""
    retrospective = _published_or_404(year)
    return render_template(
        "retrospectives/show.html",
        retrospective=retrospective,
        published_at=retrospective.published_at,
        exports=True,
        **page_context(retrospective.snapshot),
    )


@bp.get("/<int:year>.pdf")
def export_pdf(year: int):
    """The published retrospective as an A4 PDF."""
    retrospective = _published_or_404(year)
    body = pdf_bytes(retrospective.snapshot, retrospective.published_at)
    return _download(
        body, "application/pdf", f"aktionstage-{year}-rueckblick.pdf", retrospective, True
    )


@bp.get("/<int:year>.csv")
def export_csv(year: int):
    """The published figures as one CSV file (UTF-8 with BOM, semicolons)."""
    retrospective = _published_or_404(year)
    body = render_csv(document_tables(retrospective.snapshot, language()))
    return _download(body, "text/csv", f"aktionstage-{year}-rueckblick.csv", retrospective)


@bp.get("/<int:year>.xlsx")
def export_xlsx(year: int):
    """The published figures as a workbook, one sheet per table."""
    retrospective = _published_or_404(year)
    body = render_xlsx(
        document_tables(retrospective.snapshot, language()),
        retrospective.snapshot["campaign"]["title"],
    )
    return _download(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"aktionstage-{year}-rueckblick.xlsx",
        retrospective,
    )


@bp.get("/<int:year>.json")
def export_json(year: int):
    """The published document as JSON (structure in README.md and exports/json_export.py)."""
    retrospective = _published_or_404(year)
    body = render_json(retrospective.snapshot, retrospective.published_at)
    return _download(
        body, "application/json", f"aktionstage-{year}-rueckblick.json", retrospective, True
    )
