"""Turning a retrospective document into page parts: charts, number filters, PDF bytes."""

from datetime import date

from flask import abort, current_app, render_template
from flask_babel import format_date, format_decimal, get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from actiondays import ROOT, charts
from actiondays.exports.pdf_export import PdfUnavailable, render_pdf
from actiondays.exports.tables import KEY_FIGURES
from actiondays.web.retrospectives import bp

#: Stylesheets of the PDF, in cascade order: the site, the retrospective, then print rules.
PDF_STYLESHEETS = [
    ROOT / "static" / "css" / "app.css",
    ROOT / "static" / "css" / "retrospectives.css",
    ROOT / "static" / "css" / "print.css",
    ROOT / "static" / "css" / "retrospectives-print.css",
]


def language() -> str:
    return get_locale().language if get_locale() else "de"


def number(value) -> str:
    """A figure in the interface language (German: 1.234 and 12,5)."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return format_decimal(value, "#,##0.0#")
    return format_decimal(int(value), "#,##0")


def signed(value) -> str:
    """A difference with its sign spelled out: +3, −2, ±0."""
    if value is None:
        return "–"
    if value == 0:
        return "±0"
    return ("+" if value > 0 else "−") + number(abs(value))


def month_label(month: str) -> str:
    """'2013-06' → 'Juni 2013' in the interface language."""
    year, number_ = (int(part) for part in month.split("-"))
    return format_date(date(year, number_, 1), "MMM yyyy")


def theme_name(theme: dict) -> str:
    return theme["name_en"] if language() == "en" else theme["name_de"]


@bp.app_template_filter("retro_number")
def _number_filter(value) -> str:
    return number(value)


@bp.app_template_filter("retro_signed")
def _signed_filter(value) -> str:
    return signed(value)


@bp.app_template_filter("iso_date")
def _iso_date_filter(value: str | None, fmt: str = "medium") -> str:
    return format_date(date.fromisoformat(value), fmt) if value else ""


@bp.app_template_filter("month_label")
def _month_filter(value: str) -> str:
    return month_label(value)


def chart_set(document: dict) -> dict[str, Markup]:
    """Every chart of a retrospective page, with translated titles and descriptions."""
    figures = document["figures"]
    year = document["year"]
    taking_part = figures["key"]["regions_taking_part"]
    projects = figures["projects"]
    return {
        "themes": charts.bar_chart(
            "chart-themes",
            _("Events by theme, %(year)s", year=year),
            _("Bar chart of the events held per theme; the table below lists the same numbers."),
            [(theme_name(t), t["events"]) for t in figures["by_theme"]],
            number,
        ),
        "months": charts.column_chart(
            "chart-months",
            _("Events by month, %(year)s", year=year),
            _("Timeline of the events held per month; the table below lists the same numbers."),
            [
                (month_label(m["month"]), m["action_days"] + m["ideas_workshops"])
                for m in figures["by_month"]
            ],
            number,
        ),
        "map_legend": charts.map_keys(figures["by_region"]),
        "map": charts.region_map(
            "chart-map",
            _("Map of the regions taking part, %(year)s", year=year),
            ngettext(
                "%(taking_part)s of %(num)s region held events. Each filled circle marks a "
                "region with events, larger for more events; its number leads to the key below "
                "the map. The table lists every region.",
                "%(taking_part)s of %(num)s regions held events. Each filled circle marks a "
                "region with events, larger for more events; its number leads to the key below "
                "the map. The table lists every region.",
                figures["key"]["regions_total"],
                taking_part=taking_part,
            ),
            figures["by_region"],
            _("Region with events (number: see the key)"),
            _("Region without events"),
        ),
        "sustainability": charts.bar_chart(
            "chart-sustainability",
            _("Sustainability of the participating projects, %(year)s", year=year),
            _("Bar chart of the projects continuing after the campaign or not."),
            [
                (_("Continuing"), projects["continuing"]),
                (_("Not continuing"), projects["not_continuing"]),
                (_("Unknown"), projects["unknown"]),
            ],
            number,
        ),
    }


def overview_chart(overview: list[dict]) -> Markup:
    """The multi-year chart of the index page: four panels, one per figure."""
    series = [
        (_("Action days"), [(row["year"], row["key"]["action_days"]) for row in overview]),
        (
            _("Regions taking part"),
            [(row["year"], row["key"]["regions_taking_part"]) for row in overview],
        ),
        (_("Projects"), [(row["year"], row["key"]["projects"]) for row in overview]),
        (_("Participants"), [(row["year"], row["key"]["participants"]) for row in overview]),
    ]
    return charts.multi_year_chart(
        "chart-years",
        _("The published years compared"),
        _(
            "Four column charts: action days, regions taking part, projects and participants "
            "per year; the table below lists the same numbers."
        ),
        series,
        number,
    )


def page_context(document: dict) -> dict:
    """What the shared document template needs besides the document itself."""
    return {
        "doc": document,
        "charts": chart_set(document),
        "key_figures": KEY_FIGURES,
        "theme_name": theme_name,
    }


def pdf_bytes(document: dict, published_at) -> bytes:
    """The retrospective as an A4 PDF from the same document template."""
    html = render_template(
        "retrospectives/pdf.html", published_at=published_at, **page_context(document)
    )
    try:
        return render_pdf(html, PDF_STYLESHEETS, base_url=str(ROOT))
    except PdfUnavailable:
        current_app.logger.exception("PDF export unavailable (WeasyPrint/Pango missing)")
        abort(
            503,
            description=_(
                "The PDF download is not available on this server. "
                "Please use the CSV, Excel or JSON download."
            ),
        )
