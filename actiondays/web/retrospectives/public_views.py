"""Public retrospectives: the published years, one year's page and its exports."""

from flask import abort, make_response, render_template, request

from actiondays import limits
from actiondays.exports.csv_export import render_csv
from actiondays.exports.json_export import render_json
from actiondays.exports.tables import document_tables
from actiondays.exports.xlsx_export import render_xlsx
from actiondays.services.retrospectives import published_overview, published_retrospective
from actiondays.web.retrospectives import bp
from actiondays.web.retrospectives.pdf_cache import cached_pdf
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


def _etag(retrospective, variant: str) -> str:
    """Validator from the publication time: a snapshot only changes when it is republished."""
    stamp = retrospective.published_at.isoformat()
    return f"retro-{retrospective.campaign.year}-{stamp}-{language()}-{variant}"


def _download(render, mimetype: str, filename: str, retrospective, inline=False):
    """Answer 304 before rendering when the client holds this snapshot, else render it."""
    etag = _etag(retrospective, filename.rsplit(".", 1)[-1])
    if request.if_none_match.contains(etag):
        response = make_response("", 304)
    else:
        response = make_response(render())
        response.mimetype = mimetype
        disposition = "inline" if inline else "attachment"
        response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.set_etag(etag)
    response.last_modified = retrospective.published_at
    response.headers["Cache-Control"] = "public, max-age=300"
    response.vary.add("Cookie")
    response.vary.add("Accept-Language")
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
@limits.pdf_downloads
def export_pdf(year: int):
    """The published retrospective as an A4 PDF."""
    retrospective = _published_or_404(year)
    return _download(
        lambda: cached_pdf(
            year,
            retrospective.published_at,
            language(),
            lambda: pdf_bytes(retrospective.snapshot, retrospective.published_at),
        ),
        "application/pdf",
        f"aktionstage-{year}-rueckblick.pdf",
        retrospective,
        True,
    )


@bp.get("/<int:year>.csv")
def export_csv(year: int):
    """The published figures as one CSV file (UTF-8 with BOM, semicolons)."""
    retrospective = _published_or_404(year)
    return _download(
        lambda: render_csv(document_tables(retrospective.snapshot, language())),
        "text/csv",
        f"aktionstage-{year}-rueckblick.csv",
        retrospective,
    )


@bp.get("/<int:year>.xlsx")
def export_xlsx(year: int):
    """The published figures as a workbook, one sheet per table."""
    retrospective = _published_or_404(year)
    return _download(
        lambda: render_xlsx(
            document_tables(retrospective.snapshot, language()),
            retrospective.snapshot["campaign"]["title"],
        ),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"aktionstage-{year}-rueckblick.xlsx",
        retrospective,
    )


@bp.get("/<int:year>.json")
def export_json(year: int):
    """The published document as JSON (structure in README.md and exports/json_export.py)."""
    retrospective = _published_or_404(year)
    return _download(
        lambda: render_json(retrospective.snapshot, retrospective.published_at),
        "application/json",
        f"aktionstage-{year}-rueckblick.json",
        retrospective,
        True,
    )
