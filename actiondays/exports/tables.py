"""A retrospective document as named tables: the one shape the CSV and XLSX exports share."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

#: Leading characters that spreadsheet programs read as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

KEY_FIGURES = (
    ("action_days", _l("Action days held")),
    ("ideas_workshops", _l("Ideas workshops")),
    ("regions_taking_part", _l("Regions taking part")),
    ("regions_total", _l("Regions existing in the campaign year")),
    ("projects", _l("Participating projects")),
    ("participants", _l("Participants")),
    ("children_reached", _l("Children and young people reached")),
    ("volunteers", _l("Volunteers")),
    ("partner_organisations", _l("Partner organisations at events")),
    ("project_partners", _l("Partner organisations of projects")),
    ("cancelled_events", _l("Cancelled events (not counted as held)")),
    ("reports_filed", _l("Reports filed")),
    ("reports_missing", _l("Reports missing")),
)


@dataclass
class Table:
    """One table of an export: a stable key, a title, column headings and rows of cells."""

    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


def neutralise(value):
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _yes_no(value: bool | None) -> str:
    if value is None:
        return str(_l("unknown"))
    return str(_l("yes")) if value else str(_l("no"))


def _theme_name(theme: dict, language: str) -> str:
    return theme["name_en"] if language == "en" else theme["name_de"]


def document_tables(document: dict, language: str = "de") -> list[Table]:
    """Every table of a retrospective document, in reading order."""
    figures = document["figures"]
    previous = figures.get("previous") or {}
    previous_key = previous.get("key", {})
    differences = previous.get("differences", {})
    key = Table(
        "key_figures",
        str(_l("Key figures")),
        [
            str(_l("Figure")),
            str(_l("Value")),
            str(_l("Previous year (%(year)s)", year=previous.get("year", "–"))),
            str(_l("Difference")),
        ],
    )
    for name, label in KEY_FIGURES:
        key.rows.append(
            [str(label), figures["key"][name], previous_key.get(name), differences.get(name)]
        )
    themes = Table(
        "by_theme",
        str(_l("By theme")),
        [str(_l("Theme")), str(_l("Events")), str(_l("Participants"))],
    )
    themes.rows = [
        [_theme_name(t, language), t["events"], t["participants"]] for t in figures["by_theme"]
    ]
    regions = Table(
        "by_region",
        str(_l("By region")),
        [str(_l("Official key")), str(_l("Region")), str(_l("Events")), str(_l("Participants"))],
    )
    regions.rows = [
        [r["ags"], r["name"], r["events"], r["participants"]] for r in figures["by_region"]
    ]
    months = Table(
        "by_month",
        str(_l("By month")),
        [str(_l("Month")), str(_l("Action days")), str(_l("Ideas workshops"))],
    )
    months.rows = [
        [m["month"], m["action_days"], m["ideas_workshops"]] for m in figures["by_month"]
    ]
    workshops = Table(
        "ideas_workshops",
        str(_l("Ideas workshops")),
        [str(_l("Title")), str(_l("Date")), str(_l("Region")), str(_l("Participants"))],
    )
    workshops.rows = [
        [
            w["title"],
            date.fromisoformat(w["date"]),
            w["region"] or str(_l("statewide")),
            w["participants"],
        ]
        for w in figures["ideas_workshops"]
    ]
    projects = figures["projects"]
    sustainability = Table(
        "sustainability",
        str(_l("Sustainability")),
        [str(_l("Projects")), str(_l("Number"))],
        [
            [str(_l("Continuing after the campaign")), projects["continuing"]],
            [str(_l("Not continuing")), projects["not_continuing"]],
            [str(_l("Unknown")), projects["unknown"]],
            [str(_l("All participating projects")), projects["total"]],
            [str(_l("Share continuing (per cent)")), projects["continuing_share"]],
        ],
    )
    project_list = Table(
        "projects",
        str(_l("Projects")),
        [
            str(_l("Project")),
            str(_l("Organisation")),
            str(_l("Region")),
            str(_l("Continues after the campaign")),
        ],
    )
    project_list.rows = [
        [p["name"], p["organisation"], p["region"], _yes_no(p["continues"])]
        for p in projects["list"]
    ]
    highlights = Table(
        "highlights",
        str(_l("Highlights")),
        [str(_l("Type")), str(_l("Title")), str(_l("Date")), str(_l("Place")), str(_l("Note"))],
    )
    highlights.rows = [
        [
            str(_l("Event")) if h["kind"] == "event" else str(_l("Project")),
            h["title"],
            date.fromisoformat(h["date"]) if h["date"] else None,
            h["place"],
            h["note"],
        ]
        for h in document["editorial"]["highlights"]
    ]
    from actiondays.exports.funding_tables import funding_tables  # below: it imports Table

    tables = [
        key,
        themes,
        regions,
        months,
        workshops,
        sustainability,
        project_list,
        *funding_tables(document, language),
        highlights,
    ]
    if figures.get("per_capita"):  # snapshots since schema version 3
        tables.append(_per_capita_table(figures["per_capita"]))
    return tables


def _per_capita_table(per_capita: dict) -> Table:
    table = Table(
        "per_capita",
        str(_l("Events per 10,000 inhabitants by region")),
        [
            str(_l("Official key")),
            str(_l("Region")),
            str(_l("Events")),
            str(_l("Inhabitants")),
            str(_l("Population year")),
            str(_l("Events per 10,000 inhabitants")),
        ],
    )
    table.rows = [
        [
            r["ags"],
            r["name"],
            r["events"],
            r["population"],
            r["population_year"],
            r["events_per_10k"],
        ]
        for r in per_capita["by_region"]
    ]
    return table
