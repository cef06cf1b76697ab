"""CSV export: UTF-8 with BOM, semicolon-separated (what German Excel expects).

Layout: one section per table, in the order of `document_tables`. A section is a row holding
only the table's title, a row of column headings, the data rows, and one empty row. Dates are
ISO 8601; decimals use a comma (amounts of money with two places); empty cells mean "not known"
or "not applicable".
"""

import csv
import io
from datetime import date
from decimal import Decimal

from actiondays.exports.tables import Table, neutralise

DELIMITER = ";"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        # One decimal place, or two where the second one counts (per-capita figures below 1).
        text = f"{value:.2f}"
        return (text[:-1] if text.endswith("0") else text).replace(".", ",")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return str(neutralise(value) if isinstance(value, str) else value)


def render_csv(tables: list[Table]) -> bytes:
    """All tables as one CSV file (see the module docstring for the layout)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    for table in tables:
        writer.writerow([_cell(table.title)])
        writer.writerow([_cell(c) for c in table.columns])
        for row in table.rows:
            writer.writerow([_cell(v) for v in row])
        writer.writerow([])
    return buffer.getvalue().encode("utf-8-sig")
