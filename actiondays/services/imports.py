"""Bulk import of events from CSV (UTF-8, `;` or `,`) or XLSX with German column headers.

Every row goes through the same `check_event` as the web form, so a spreadsheet cell and a
form field fail with the same sentence. The import is all-or-nothing: one bad row and nothing
is saved. Likely duplicates (same title, first day and region as an existing event or an earlier
row) are flagged and skipped unless asked for. Flushes, never commits.
"""

import csv
import io
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from sqlalchemy import func, select

from actiondays import spreadsheets
from actiondays.errors import DomainError, ValidationFailed
from actiondays.extensions import db
from actiondays.models import Campaign, Event, EventKind, Region, Theme
from actiondays.services.events import EventData, check_event, create_event
from actiondays.services.permissions import PermissionDenied
from actiondays.spec import import_columns
from actiondays.spec.events import EVENT_FIELDS
from actiondays.spec.parsers import ParseError, parse_text

log = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2_000
SPEC_COLUMNS = import_columns(EVENT_FIELDS)
# The template's columns: (field, German header, required, example value), from the spec.
COLUMNS: list[tuple[str, str, bool, str]] = [
    (f.name, f.column, f.needs_column, f.example) for f in SPEC_COLUMNS
]
HEADER_OF = {key: header for key, header, _required, _example in COLUMNS}
KEY_OF = {header.casefold(): key for key, header, _required, _example in COLUMNS}
# Form fields whose messages belong to a differently named column.
FIELD_COLUMN = {"project_id": "title"}
KINDS = {
    "aktionstag": EventKind.ACTION_DAY.value,
    "action_day": EventKind.ACTION_DAY.value,
    "ideenwerkstatt": EventKind.IDEAS_WORKSHOP.value,
    "ideas_workshop": EventKind.IDEAS_WORKSHOP.value,
}
YES = {"ja", "j", "x", "1", "true", "yes", "wahr"}
NO = {"nein", "n", "0", "false", "no", "falsch", ""}


class ImportFileError(DomainError):
    """The file as a whole cannot be read (format, encoding, headers, size)."""


@dataclass
class RowResult:
    """One data row: its number in the file (header = 1), values, messages and duplicate flag."""

    number: int
    values: dict[str, str]
    data: EventData | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    duplicate: bool = False
    found: object = None
    event_id: int | None = None


class RowErrors:
    """The verdict of a checked file whose `rows` carry their `errors` (every file import)."""

    rows: list

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)


@dataclass
class ImportResult(RowErrors):
    rows: list[RowResult]
    created: int = 0
    skipped: int = 0

    @property
    def duplicate_count(self) -> int:
        return sum(1 for row in self.rows if row.duplicate)


# Reading files ------------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _l("The file is not UTF-8 encoded. Please save it as “CSV UTF-8”.")
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    rows = []
    # Streamed, and stopped one row past the cap: a 2 MB file of tiny rows would otherwise
    # become 400,000 lists in memory before the cap is checked.
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if any(cell.strip() for cell in row):
                rows.append(row)
                if len(rows) - 1 > MAX_ROWS:
                    raise _too_many_rows()
    except csv.Error:  # a cell over the csv module's field limit (128 KB)
        raise ImportFileError(
            _l("The CSV file could not be read: a cell is too long (more than 100,000 characters).")
        ) from None
    return rows


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _l("At most %(max)d rows can be imported at once; please split the file.", max=MAX_ROWS)
    )


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        rows = spreadsheets.read_rows(content, max_rows=MAX_ROWS)
    except spreadsheets.SpreadsheetError as error:
        raise ImportFileError(error.message) from None
    return [[_cell_text(v) for v in row] for row in rows]


def read_rows(filename: str, content: bytes) -> list[list[str]]:
    """The non-empty rows of a CSV or XLSX file as stripped text, header first, at most
    MAX_ROWS data rows; ImportFileError if the file cannot be used. Shared by every import."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _l("The file is too large (at most %(mb)d MB).", mb=MAX_BYTES // (1024 * 1024))
        )
    name = filename.lower()
    if name.endswith(".csv"):
        table = _read_csv(content)
    elif name.endswith(".xlsx"):
        table = _read_xlsx(content)
    else:
        raise ImportFileError(_l("Please upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    table = [[(cell or "").strip() for cell in row] for row in table]
    table = [row for row in table if any(row)]
    if not table:
        raise ImportFileError(_l("The file is empty."))
    if len(table) - 1 > MAX_ROWS:
        raise _too_many_rows()
    return table


def read_table(filename: str, content: bytes) -> list[dict[str, str]]:
    """The file's data rows as {column key: text}; ImportFileError if it cannot be used."""
    table = read_rows(filename, content)
    headers = [cell.strip() for cell in table[0]]
    keys = [KEY_OF.get(h.casefold()) for h in headers]
    unknown = [h for h, k in zip(headers, keys, strict=True) if h and k is None]
    if unknown:
        raise ImportFileError(
            _l("Unknown columns: %(columns)s. Please use the template.", columns=", ".join(unknown))
        )
    missing = [header for key, header, required, _ex in COLUMNS if required and key not in keys]
    if missing:
        raise ImportFileError(
            _l("Missing columns: %(columns)s. Please use the template.", columns=", ".join(missing))
        )
    if len(table) == 1:
        raise ImportFileError(_l("The file has column headings but no rows to import."))
    rows = []
    for raw in table[1:]:
        cells = [*raw, *[""] * (len(keys) - len(raw))]
        rows.append({k: (cells[i] or "").strip() for i, k in enumerate(keys) if k})
    return rows


# Turning cells into EventData -------------------------------------------------------------------


@dataclass
class _Lookup:
    campaigns: dict[int, Campaign]
    campaign_by_id: dict[int, Campaign]
    regions: dict[str, list[Region]]
    themes: dict[str, Theme]

    @classmethod
    def load(cls) -> "_Lookup":
        regions: dict[str, list[Region]] = {}
        for region in db.session.scalars(select(Region).order_by(Region.id)):
            for key in (region.slug, region.name, region.ags):
                regions.setdefault(key.casefold(), []).append(region)
        themes = {}
        for theme in db.session.scalars(select(Theme)):
            for key in (theme.slug, theme.name_de, theme.name_en):
                themes[key.casefold()] = theme
        campaigns = {c.year: c for c in db.session.scalars(select(Campaign))}
        by_id = {c.id: c for c in campaigns.values()}
        return cls(campaigns=campaigns, campaign_by_id=by_id, regions=regions, themes=themes)


def _read_kind(text: str, data: EventData, lookup: "_Lookup") -> None:
    kind = text.casefold()
    data.kind = KINDS.get(kind, "")
    if kind and kind not in KINDS:
        raise ParseError(_l("Please write “Aktionstag” or “Ideenwerkstatt”."))


def _read_campaign(text: str, data: EventData, lookup: "_Lookup") -> None:
    campaign = lookup.campaigns.get(int(text)) if text.isascii() and text.isdigit() else None
    if campaign is None:
        raise ParseError(_l("There is no campaign for the year %(year)s.", year=text))
    data.campaign_id = campaign.id


def _read_region(text: str, data: EventData, lookup: "_Lookup") -> None:
    # Names repeat across mergers (Landkreis Göttingen before and after 2016): prefer the region
    # that existed during the row's campaign.
    found = lookup.regions.get(text.casefold(), [])
    campaign = lookup.campaign_by_id.get(data.campaign_id)
    if campaign is not None:
        found = sorted(
            found,
            key=lambda r: not r.is_valid_during(campaign.action_starts_on, campaign.action_ends_on),
        )
    if not found:
        raise ParseError(_l("Unknown region: %(slugs)s", slugs=text))
    data.region_id = found[0].id


def _read_themes(text: str, data: EventData, lookup: "_Lookup") -> None:
    unknown = []
    for name in filter(None, (t.strip() for t in text.replace(";", ",").split(","))):
        theme = lookup.themes.get(name.casefold())
        if theme is None:
            unknown.append(name)
        elif theme.id not in data.theme_ids:
            data.theme_ids.append(theme.id)
    if unknown:
        raise ParseError(_l("Unknown theme: %(name)s", name=", ".join(unknown)))


def _read_all_day(text: str, data: EventData, lookup: "_Lookup") -> None:
    value = text.casefold()
    if value in YES:
        data.is_all_day = True
    elif value not in NO:
        raise ParseError(_l("Please write “ja” or “nein”."))


# Columns that name rows of other tables or use words rather than the spec's parser.
_READERS = {
    "kind": _read_kind,
    "campaign_id": _read_campaign,
    "region_id": _read_region,
    "themes": _read_themes,
    "is_all_day": _read_all_day,
}


def _to_data(values: dict[str, str], lookup: "_Lookup", errors: list) -> EventData:
    """The row's cells as EventData; every unreadable cell adds its message (all at once)."""
    data = EventData(kind="")
    for f in SPEC_COLUMNS:
        text = values.get(f.name, "")
        try:
            parse_text(text)
            if f.name in _READERS:
                if text or f.name == "kind":
                    _READERS[f.name](text, data, lookup)
            else:
                setattr(data, f.key, f.parse(text))
        except ParseError as error:
            errors.append((f.name, error.message))
    return data


def _existing_keys(rows: list[RowResult]) -> set[tuple[str, date, int | None]]:
    """(title, first day, region) of stored events that match any row's title and day."""
    wanted = {(r.data.title.strip().casefold(), r.data.start_date) for r in rows if r.data}
    if not wanted:
        return set()
    days = {day for _title, day in wanted if day}
    found = db.session.execute(
        select(func.lower(Event.title), Event.starts_on, Event.region_id).where(
            Event.starts_on.in_(days)
        )
    ).all()
    return {(title.strip().casefold(), day, region) for title, day, region in found}


# The import itself ------------------------------------------------------------------------------


def preview_import(filename: str, content: bytes, actor, *, today: date) -> ImportResult:
    """Read and check every row without saving anything."""
    table = read_table(filename, content)
    lookup = _Lookup.load()
    rows = []
    for index, values in enumerate(table, start=2):
        row = RowResult(number=index, values=values)
        row.data = _to_data(values, lookup, row.errors)
        unreadable = {column for column, _message in row.errors}
        try:
            found = check_event(row.data, actor, is_new=True, today=today)
        except ValidationFailed as failure:
            # Every message at once, except the follow-ups of a cell that could not be read.
            for name, messages in failure.errors.items():
                column = FIELD_COLUMN.get(name, name)
                if column not in unreadable:
                    row.errors.extend((column, message) for message in messages)
        except PermissionDenied:
            row.errors.append(
                (
                    "region_id",
                    _l(
                        "You may not register events for %(region)s.",
                        region=values.get("region_id", ""),
                    ),
                )
            )
        else:
            if not row.errors:
                row.found = found
        rows.append(row)
    existing = _existing_keys(rows)
    seen = set()
    for row in rows:
        if row.data is None or row.data.start_date is None:
            continue
        key = (row.data.title.strip().casefold(), row.data.start_date, row.data.region_id)
        row.duplicate = key in existing or key in seen
        seen.add(key)
    return ImportResult(rows=rows)


def run_import(
    filename: str,
    content: bytes,
    actor,
    *,
    today: date,
    include_duplicates: bool = False,
) -> ImportResult:
    """Check every row, then create all events as drafts — or none if any row has an error."""
    result = preview_import(filename, content, actor, today=today)
    if result.has_errors:
        return result
    for row in result.rows:
        if row.duplicate and not include_duplicates:
            result.skipped += 1
            continue
        event = create_event(row.data, actor, today=today, found=row.found)
        row.event_id = event.id
        result.created += 1
    log.info(
        "import %s by %s: %d created, %d skipped",
        filename,
        getattr(actor, "email", "system"),
        result.created,
        result.skipped,
    )
    return result


def header_label(key: str) -> str:
    """The German column header of a column key (for messages)."""
    return HEADER_OF.get(key, key)


def template_columns(campaign: Campaign | None, today: date) -> list[tuple[str, str, bool, str]]:
    """The columns with their example values for `campaign` (the current one), so the template
    uploaded unchanged is a valid row: its year and a first day in its action period."""
    year, first_day = today.year, today
    if campaign is not None:
        year = campaign.year
        first_day = max(campaign.action_starts_on, min(today, campaign.action_ends_on))
    fill = {"year": str(year), "first_day": first_day.strftime("%d.%m.%Y")}
    return [(key, header, req, example.format(**fill)) for key, header, req, example in COLUMNS]


def template_csv(campaign: Campaign | None, today: date) -> bytes:
    """The import template as CSV (semicolons, UTF-8 with BOM so spreadsheet programs agree)."""
    columns = template_columns(campaign, today)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for _key, header, _req, _ex in columns])
    writer.writerow([example for _key, _header, _req, example in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(campaign: Campaign | None, today: date) -> bytes:
    """The import template as an Excel workbook with one example row."""
    columns = template_columns(campaign, today)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Veranstaltungen"
    sheet.append([header for _key, header, _req, _ex in columns])
    sheet.append([example for _key, _header, _req, example in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
