"""Importing indicator values from CSV/XLSX: preview first, then all rows or none.

Two layouts are read:

- the app's template, one value per row: `Indikator` (key), `AGS`, `Jahr`, `Wert` (the columns
  and their parsers come from the field spec `actiondays.spec.indicators`);
- the flat CSV export ("Flatfile", ffcsv) of the statistical offices' GENESIS databases
  (Regionaldatenbank Deutschland, LSN-Online): columns `time`, `<n>_variable_code`,
  `<n>_variable_attribute_code` and `value` (the current layout), or the older German layout
  with `Zeit`, `<n>_Merkmal_Code`, `<n>_Auspraegung_Code` and one value column named
  `CODE__Label__Unit`. The regional variable (`KREISE`, `DLAND`, …) gives the AGS; the indicator
  is chosen on the upload form. State and national rows are skipped with a note; GENESIS's
  quality marks (`.`, `...`, `x`, `/`) mean "no value" and are skipped; `-` means exactly zero.

The file reading (size, encoding, workbook) is the event import's, so a file fails with the
same sentences. Flushes, never commits.
"""

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import Indicator, IndicatorValue, Region
from actiondays.services import audit
from actiondays.services.imports import ImportFileError, RowErrors, read_rows
from actiondays.services.indicators import existed_in
from actiondays.spec import import_columns
from actiondays.spec.indicators import INDICATOR_VALUE_FIELDS
from actiondays.spec.parsers import ParseError

log = logging.getLogger(__name__)

COLUMNS = import_columns(INDICATOR_VALUE_FIELDS)
TEMPLATE_HEADERS = tuple(f.column for f in COLUMNS)
_TEMPLATE_KEYS = {f.column.casefold(): f.name for f in COLUMNS}
_FIELDS = {f.name: f for f in INDICATOR_VALUE_FIELDS}
#: GENESIS marks that replace a value: not known, later, not applicable, not reliable.
_NO_VALUE = {".", "...", "x", "/", "…"}
_GENESIS_REGION_VARIABLES = {"KREISE", "DLAND", "DLANDR", "REGBEZ", "GEMEIN", "DINSG"}


@dataclass
class ValueRow:
    """One row of the file: number in the file (header = 1), the cells read, messages."""

    number: int
    key: str
    ags: str
    year_text: str
    value_text: str
    region: Region | None = None
    indicator: Indicator | None = None
    year: int | None = None
    value: Decimal | None = None
    errors: list[str] = field(default_factory=list)
    note: str = ""
    replaces: Decimal | None = None

    @property
    def skipped(self) -> bool:
        return bool(self.note) and not self.errors


@dataclass
class ValuesImport(RowErrors):
    rows: list[ValueRow]
    layout: str
    saved: int = 0

    @property
    def usable(self) -> list[ValueRow]:
        return [row for row in self.rows if not row.errors and not row.note]

    @property
    def skipped_count(self) -> int:
        return sum(1 for row in self.rows if row.skipped)

    @property
    def replaced_count(self) -> int:
        return sum(1 for row in self.usable if row.replaces is not None)


def _table(filename: str, content: bytes) -> list[list[str]]:
    table = read_rows(filename, content)
    if len(table) < 2:
        raise ImportFileError(_l("The file contains no data rows."))
    return table


def _cells(header: list[str], raw: list[str]) -> dict[str, str]:
    return {name: (raw[i] if i < len(raw) else "") for i, name in enumerate(header)}


def _template_rows(table: list[list[str]], default_key: str) -> list[ValueRow]:
    header = [_TEMPLATE_KEYS.get(cell.casefold(), "") for cell in table[0]]
    missing = [f.column for f in COLUMNS if f.needs_column and f.name not in header]
    if missing or ("key" not in header and not default_key):
        columns = ", ".join(missing or ["Indikator"])
        raise ImportFileError(
            _l("Missing columns: %(columns)s. Please use the template.", columns=columns)
        )
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        cells = _cells(header, raw)
        rows.append(
            ValueRow(
                number=number,
                key=cells.get("key") or default_key,
                ags=cells["ags"],
                year_text=cells["year"],
                value_text=cells["value"],
            )
        )
    return rows


def _genesis_layout(header: list[str]) -> str | None:
    lowered = [h.casefold() for h in header]
    if "statistics_code" in lowered and "value" in lowered:
        return "genesis"
    if "statistik_code" in lowered:
        return "genesis_old"
    return None


def _genesis_rows(table: list[list[str]], layout: str, default_key: str) -> list[ValueRow]:
    if not default_key:
        raise ImportFileError(
            _l("A GENESIS file carries no indicator key: please choose the indicator.")
        )
    header = table[0]
    lowered = [h.casefold() for h in header]
    if layout == "genesis":
        time_column, variable, attribute = "time", "_variable_code", "_variable_attribute_code"
        value_columns = ["value"]
    else:
        time_column, variable, attribute = "zeit", "_merkmal_code", "_auspraegung_code"
        value_columns = [h for h in lowered if h.count("__") >= 2 and not h.endswith("__q")]
    if time_column not in lowered or len(value_columns) != 1:
        raise ImportFileError(
            _l(
                "The GENESIS file must hold exactly one value column and a time column; "
                "please export a table with one variable."
            )
        )
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        cells = _cells(lowered, raw)
        ags = ""
        for name, code in cells.items():
            if name.endswith(variable) and code.upper() in _GENESIS_REGION_VARIABLES:
                ags = cells.get(name[: -len(variable)] + attribute, "")
                break
        row = ValueRow(
            number=number,
            key=default_key,
            ags=ags,
            year_text=cells[time_column],
            value_text=cells[value_columns[0]],
        )
        if not ags:
            row.errors.append(str(_l("The row names no district (regional variable missing).")))
        elif len(ags) < 5 or ags.upper() == "DG":
            row.note = str(_l("State or national total: skipped."))
        elif row.value_text in _NO_VALUE:
            row.note = str(_l("No value reported (“%(mark)s”): skipped.", mark=row.value_text))
        elif row.value_text in {"-", "–"}:
            row.value_text = "0"
        rows.append(row)
    return rows


def _check(rows: list[ValueRow]) -> None:
    """Fill in region, indicator, year and value of every row, or its error messages."""
    indicators = {i.key: i for i in db.session.scalars(select(Indicator))}
    regions = {r.ags: r for r in db.session.scalars(select(Region))}
    seen: dict[tuple[str, str, int], int] = {}
    for row in rows:
        if row.errors or row.note:
            continue
        row.indicator = indicators.get(row.key)
        if row.indicator is None:
            row.errors.append(str(_l("Unknown indicator “%(key)s”.", key=row.key)))
        row.region = regions.get(row.ags[:5]) if len(row.ags) in (5, 8) else None
        if row.region is None:
            row.errors.append(str(_l("Unknown AGS “%(ags)s”.", ags=row.ags)))
        try:
            row.year = _parse("year", row.year_text)
        except ParseError as error:
            row.errors.append(str(error.message))
        try:
            row.value = _parse("value", row.value_text)
        except ParseError:
            row.errors.append(
                str(_l("“%(text)s” is not a number (e.g. 12,5).", text=row.value_text))
            )
        if row.indicator is not None and row.value is not None:
            low, high = row.indicator.minimum, row.indicator.maximum
            if (low is not None and row.value < low) or (high is not None and row.value > high):
                row.errors.append(
                    str(
                        _l(
                            "%(value)s lies outside the plausible range %(low)s to %(high)s.",
                            value=row.value_text,
                            low=low if low is not None else "–",
                            high=high if high is not None else "–",
                        )
                    )
                )
        if row.region is not None and row.year is not None:
            if not existed_in(row.region, row.year):
                row.errors.append(
                    str(
                        _l(
                            "%(region)s did not exist in %(year)d.",
                            region=row.region.name,
                            year=row.year,
                        )
                    )
                )
            pair = (row.key, row.region.ags, row.year)
            if pair in seen:
                row.errors.append(
                    str(
                        _l(
                            "Region and year appear twice (also in row %(row)d).",
                            row=seen[pair],
                        )
                    )
                )
            else:
                seen[pair] = row.number


def _parse(name: str, text: str):
    """The cell read by its column's parser; an empty cell of a required column is an error."""
    f = _FIELDS[name]
    value = f.parse(text)
    if value is None:
        raise ParseError(f.required)
    return value


def _mark_replacements(rows: list[ValueRow]) -> None:
    usable = [r for r in rows if not r.errors and not r.note]
    if not usable:
        return
    existing = {
        (v.indicator_id, v.region_id, v.year): v.value
        for v in db.session.scalars(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id.in_({r.indicator.id for r in usable})
            )
        )
    }
    for row in usable:
        row.replaces = existing.get((row.indicator.id, row.region.id, row.year))


def preview_values(filename: str, content: bytes, default_key: str = "") -> ValuesImport:
    """Read and check every row; changes nothing. ImportFileError for an unusable file."""
    table = _table(filename, content)
    layout = _genesis_layout(table[0]) or "template"
    if layout == "template":
        rows = _template_rows(table, default_key)
    else:
        rows = _genesis_rows(table, layout, default_key)
    _check(rows)
    _mark_replacements(rows)
    if not any(not r.errors and not r.note for r in rows) and not any(r.errors for r in rows):
        raise ImportFileError(_l("The file contains no values to import."))
    return ValuesImport(rows=rows, layout=layout)


def import_values(filename: str, content: bytes, actor, default_key: str = "") -> ValuesImport:
    """Save every value of the file, replacing earlier values of the same region and year.

    All or nothing: with any row error nothing is written. Flushes, never commits.
    """
    result = preview_values(filename, content, default_key)
    if result.has_errors:
        return result
    existing = {
        (v.indicator_id, v.region_id, v.year): v
        for v in db.session.scalars(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id.in_({r.indicator.id for r in result.usable})
            )
        )
    }
    touched: dict[int, Indicator] = {}
    for row in result.usable:
        found = existing.get((row.indicator.id, row.region.id, row.year))
        if found is None:
            db.session.add(
                IndicatorValue(
                    indicator=row.indicator, region=row.region, year=row.year, value=row.value
                )
            )
        else:
            found.value = row.value
        touched[row.indicator.id] = row.indicator
        result.saved += 1
    db.session.flush()
    for indicator in touched.values():
        count = sum(1 for r in result.usable if r.indicator.id == indicator.id)
        audit.record(actor, "indicator.import_values", indicator, {"values": [None, count]})
    log.info("indicator values imported: %d rows by %s", result.saved, getattr(actor, "id", None))
    return result


def template_csv() -> bytes:
    """The template: header and one example row (UTF-8 with BOM, `;`)."""
    lines = [";".join(TEMPLATE_HEADERS), ";".join(f.example for f in COLUMNS)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")
