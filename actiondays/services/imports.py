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
from zipfile import BadZipFile

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import func, select

from actiondays.errors import DomainError, ValidationFailed
from actiondays.extensions import db
from actiondays.models import Campaign, Event, EventKind, Region, Theme
from actiondays.services.events import (
    BAD_DATE,
    BAD_DECIMAL,
    BAD_NUMBER,
    BAD_TIME,
    TEXT_FIELDS,
    EventData,
    check_event,
    create_event,
)
from actiondays.services.permissions import PermissionDenied

log = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2_000
# The template's columns: (field of EventData, German header, required, example value).
COLUMNS: list[tuple[str, str, bool, str]] = [
    ("kind", "Art", True, "Aktionstag"),
    ("campaign_year", "Kampagnenjahr", True, "2013"),
    ("region", "Region", True, "Region Hannover"),
    ("title", "Titel", True, "Lesefest in der Stadtbibliothek"),
    ("summary", "Kurzbeschreibung", False, "Vorlesen, basteln, mitmachen."),
    ("description", "Beschreibung", False, "Für **alle** Kinder von 4 bis 10 Jahren."),
    ("themes", "Themen", True, "Bildung, Vernetzung"),
    ("is_all_day", "Ganztägig", False, "nein"),
    ("start_date", "Erster Tag", True, "15.06.2013"),
    ("start_time", "Beginn", False, "10:00"),
    ("end_date", "Letzter Tag", False, ""),
    ("end_time", "Ende", False, "14:00"),
    ("venue_name", "Veranstaltungsort", True, "Stadtbibliothek"),
    ("venue_street", "Straße", False, "Hildesheimer Straße 12"),
    ("venue_postal_code", "PLZ", True, "30159"),
    ("venue_city", "Ort", True, "Hannover"),
    ("latitude", "Breitengrad", False, ""),
    ("longitude", "Längengrad", False, ""),
    ("organisation", "Veranstalter", True, "Familienservicebüro Hannover"),
    ("contact_name", "Ansprechperson", False, "Petra Muster"),
    ("contact_email", "Kontakt-E-Mail", False, "petra.muster@example.org"),
    ("contact_phone", "Kontakttelefon", False, "0511 123456"),
    ("target_age_min", "Alter von", False, "4"),
    ("target_age_max", "Alter bis", False, "10"),
    ("target_audience", "Zielgruppe", False, "Familien mit Kindern"),
    ("accessibility", "Barrierefreiheit", False, "Stufenloser Zugang"),
    ("cost", "Kosten", False, "kostenlos"),
    ("registration_url", "Anmeldelink", False, ""),
]
HEADER_OF = {key: header for key, header, _required, _example in COLUMNS}
KEY_OF = {header.casefold(): key for key, header, _required, _example in COLUMNS}
# Form fields whose messages belong to a differently named column.
FIELD_COLUMN = {"campaign_id": "campaign_year", "region_id": "region", "project_id": "title"}
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


@dataclass
class ImportResult:
    rows: list[RowResult]
    created: int = 0
    skipped: int = 0

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)

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
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_l("The file could not be read as an Excel workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(filename: str, content: bytes) -> list[dict[str, str]]:
    """The file's data rows as {column key: text}; ImportFileError if it cannot be used."""
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
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise ImportFileError(_l("The file is empty."))
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
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(
            _l("At most %(max)d rows can be imported at once; please split the file.", max=MAX_ROWS)
        )
    rows = []
    for raw in table[1:]:
        cells = [*raw, *[""] * (len(keys) - len(raw))]
        rows.append({k: (cells[i] or "").strip() for i, k in enumerate(keys) if k})
    return rows


# Turning cells into EventData -------------------------------------------------------------------


@dataclass
class _Lookup:
    campaigns: dict[int, Campaign]
    regions: dict[str, Region]
    themes: dict[str, Theme]

    @classmethod
    def load(cls) -> "_Lookup":
        regions = {}
        for region in db.session.scalars(select(Region)):
            for key in (region.slug, region.name, region.ags):
                regions[key.casefold()] = region
        themes = {}
        for theme in db.session.scalars(select(Theme)):
            for key in (theme.slug, theme.name_de, theme.name_en):
                themes[key.casefold()] = theme
        campaigns = {c.year: c for c in db.session.scalars(select(Campaign))}
        return cls(campaigns=campaigns, regions=regions, themes=themes)


def _strptime_any(text: str, formats: tuple[str, ...]) -> datetime:
    """The first of `formats` that reads `text`; ValueError if none does."""
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(text)


def _parse_date(text: str) -> date:
    return _strptime_any(text, ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y")).date()


def _parse_time(text: str) -> time:
    return _strptime_any(text, ("%H:%M", "%H.%M", "%H:%M:%S")).time()


def _parse_number(text: str) -> float:
    return float(text.replace(",", "."))


def _parse_whole(text: str) -> int:
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


# Columns read as typed values: which, how, and the message when a cell cannot be read.
_PARSED = (
    (("start_date", "end_date"), _parse_date, BAD_DATE),
    (("start_time", "end_time"), _parse_time, BAD_TIME),
    (("latitude", "longitude"), _parse_number, BAD_DECIMAL),
    (("target_age_min", "target_age_max"), _parse_whole, BAD_NUMBER),
)


def _to_data(values: dict[str, str], lookup: _Lookup, errors: list) -> EventData:
    def fail(key, message):
        errors.append((key, message))

    data = EventData()
    kind = values.get("kind", "").casefold()
    if kind in KINDS:
        data.kind = KINDS[kind]
    else:
        data.kind = ""
        if kind:
            fail("kind", _l("Please write “Aktionstag” or “Ideenwerkstatt”."))
    year = values.get("campaign_year", "")
    if year:
        campaign = lookup.campaigns.get(int(year)) if year.isdigit() else None
        if campaign is None:
            fail("campaign_year", _l("There is no campaign for the year %(year)s.", year=year))
        else:
            data.campaign_id = campaign.id
    region_text = values.get("region", "")
    if region_text:
        region = lookup.regions.get(region_text.casefold())
        if region is None:
            fail("region", _l("Unknown region: %(slugs)s", slugs=region_text))
        else:
            data.region_id = region.id
    theme_names = [t.strip() for t in values.get("themes", "").replace(";", ",").split(",")]
    for name in filter(None, theme_names):
        theme = lookup.themes.get(name.casefold())
        if theme is None:
            fail("themes", _l("Unknown theme: %(name)s", name=name))
        elif theme.id not in data.theme_ids:
            data.theme_ids.append(theme.id)
    all_day = values.get("is_all_day", "").casefold()
    if all_day in YES:
        data.is_all_day = True
    elif all_day not in NO:
        fail("is_all_day", _l("Please write “ja” or “nein”."))
    for keys, parse, message in _PARSED:
        for key in keys:
            if values.get(key):
                try:
                    setattr(data, key, parse(values[key]))
                except ValueError:
                    fail(key, message)
    for key in TEXT_FIELDS:
        setattr(data, key, values.get(key, ""))
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
        if not row.errors:
            try:
                row.found = check_event(row.data, actor, is_new=True, today=today)
            except ValidationFailed as failure:
                for name, messages in failure.errors.items():
                    column = FIELD_COLUMN.get(name, name)
                    row.errors.extend((column, message) for message in messages)
            except PermissionDenied:
                row.errors.append(
                    (
                        "region",
                        _l(
                            "You may not register events for %(region)s.",
                            region=values.get("region", ""),
                        ),
                    )
                )
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


def template_csv() -> bytes:
    """The import template as CSV (semicolons, UTF-8 with BOM so spreadsheet programs agree)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for _key, header, _req, _ex in COLUMNS])
    writer.writerow([example for _key, _header, _req, example in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The import template as an Excel workbook with one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Veranstaltungen"
    sheet.append([header for _key, header, _req, _ex in COLUMNS])
    sheet.append([example for _key, _header, _req, example in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
