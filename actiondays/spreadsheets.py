"""Opening an uploaded .xlsx workbook safely: bounded before it is opened, XML parsed without
entities, rows capped. No Flask, no queries.

An .xlsx file is a ZIP archive of XML files. A small upload can unpack to hundreds of megabytes
(a zip bomb) or carry XML entities (XXE, "billion laughs"). So, before openpyxl sees the file:

1. the archive's table of contents is read and the number of entries and their declared
   uncompressed sizes are checked (zipfile never inflates an entry beyond its declared size, so
   the declared sizes bound the work that follows);
2. every XML entry's prolog is parsed with defusedxml, which refuses DTDs and entities;
3. openpyxl (which itself uses defusedxml once it is installed) reads the first sheet in
   read-only (streaming) mode, and reading stops after `max_rows` non-empty rows.

Any failure is a `SpreadsheetError` with a sentence for the person who uploaded the file.
"""

import io
import zipfile

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

#: Together far above any real import sheet (2,000 rows unpack to about 2 MB), far below what
#: would let one upload hold a worker's memory (the streaming reader keeps well under 200 MB).
MAX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024
MAX_ENTRIES = 500
MAX_COLUMNS = 100


class SpreadsheetError(Exception):
    """The workbook cannot be used; `message` says why, in the reader's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _unreadable() -> SpreadsheetError:
    return SpreadsheetError(_l("The file could not be read as an Excel workbook."))


def check_archive(content: bytes) -> None:
    """Refuse archives that are not ZIP files, have too many entries or unpack too large."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _unreadable() from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise SpreadsheetError(
                _l(
                    "The workbook contains too many parts (more than %(max)d). Please save the "
                    "data in a new workbook with one sheet.",
                    max=MAX_ENTRIES,
                )
            )
        if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
            raise SpreadsheetError(
                _l(
                    "The workbook unpacks to more than %(mb)d MB. Please import the events in "
                    "smaller parts.",
                    mb=MAX_UNCOMPRESSED_BYTES // (1024 * 1024),
                )
            )
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")):
                _check_xml_prolog(archive, entry)


def _check_xml_prolog(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """A DTD or entity declaration can only stand before the root element: parse up to it."""
    try:
        with archive.open(entry) as stream:
            for _event, _element in iterparse(stream, events=("start",), forbid_dtd=True):
                break
    except DefusedXmlException:
        raise SpreadsheetError(
            _l("The workbook contains XML declarations that are not allowed (DTD or entities).")
        ) from None
    except Exception:  # noqa: BLE001 - any XML or ZIP failure of a hostile file is "unreadable"
        raise _unreadable() from None


def read_rows(content: bytes, *, max_rows: int) -> list[list[object]]:
    """The first sheet's non-empty rows (header included) as cell values.

    SpreadsheetError if the file is not a safe, readable workbook or has more than `max_rows`
    non-empty rows after the header.
    """
    check_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many types for malformed files
        raise _unreadable() from None
    rows: list[list[object]] = []
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            if all(value is None or str(value).strip() == "" for value in row):
                continue
            cells = list(row)
            while cells and cells[-1] is None:  # read-only mode pads rows to max_col
                cells.pop()
            rows.append(cells)
            if len(rows) - 1 > max_rows:
                raise SpreadsheetError(
                    _l("At most %(max)d rows can be imported at once.", max=max_rows)
                )
    except SpreadsheetError:
        raise
    except Exception:  # noqa: BLE001 - malformed sheet XML, bad cell values, truncated parts
        raise _unreadable() from None
    finally:
        workbook.close()
    return rows
