"""Downloads of the public lists (events, projects, regions) as CSV and XLSX, streamed.

The same conventions and cell escaping as the retrospective exports: CSV in UTF-8 with BOM,
`;`-separated, CRLF (German Excel); text that a spreadsheet would run as a formula gets a
leading apostrophe (`tables.neutralise`). Rows arrive as an iterator, so neither format ever
holds the whole list: CSV is written in chunks as the rows come; XLSX uses openpyxl's
write-only mode, which spools rows to a temporary file. No Flask, no queries.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from actiondays.exports.csv_export import DELIMITER
from actiondays.exports.csv_export import _cell as csv_cell
from actiondays.exports.tables import neutralise

#: Rows written per CSV chunk: large enough to be cheap, small enough to keep memory flat.
CHUNK_ROWS = 500
BOM = "\ufeff"


def stream_csv(columns: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """The list as CSV chunks: BOM and heading first, then CHUNK_ROWS rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([csv_cell(c) for c in columns])
    for number, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(v) for v in row])
        if number % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_xlsx(title: str, columns: list[str], rows: Iterable[list]) -> IO[bytes]:
    """The list as one sheet (bold heading, numbers as numbers) in a rewound temporary file.

    The caller closes the file (see `read_chunks`).
    """
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    heading = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=neutralise(str(column)))
        cell.font = Font(bold=True)
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned
    workbook.save(output)
    output.seek(0)
    return output


def read_chunks(handle: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    """A file's bytes in chunks; the file is closed when the last chunk was read."""
    try:
        while chunk := handle.read(size):
            yield chunk
    finally:
        handle.close()
