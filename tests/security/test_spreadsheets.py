"""Hostile uploads: zip bombs, XXE and billion laughs, malformed workbooks, too many rows or
parts, header-only files and uploads over the size limit get a clear German answer, fast, and
nothing is saved."""

import io
import time
import zipfile

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import Event
from tests.conftest import csrf_token, html, text_of
from tests.import_files import HEADERS, csv_bytes, row, xlsx_bytes

XXE = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData>'
    "</worksheet>"
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
    "<si><t>&lol9;</t></si></sst>"
)


def _replace(workbook: bytes, name: str, content: bytes | str) -> bytes:
    """The workbook with one part replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        target.writestr(name, content)
    return out.getvalue()


def _valid(open_campaign) -> bytes:
    return xlsx_bytes([row(open_campaign.year)])


def _zip_bomb(open_campaign) -> bytes:
    out = io.BytesIO(_valid(open_campaign))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/media/image1.bin", b"\0" * (40 * 1024 * 1024))
    return out.getvalue()


def _many_parts(open_campaign) -> bytes:
    out = io.BytesIO(_valid(open_campaign))
    with zipfile.ZipFile(out, "a") as archive:
        for index in range(600):
            archive.writestr(f"xl/media/p{index}.bin", b"x")
    return out.getvalue()


def _preview(client, content, name="veranstaltungen.xlsx"):
    token = csrf_token(client.get("/manage/import"))
    return client.post(
        "/manage/import/preview",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _events() -> int:
    return db.session.scalar(select(func.count()).select_from(Event))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (_zip_bomb, "mehr als 25 MB"),
        (_many_parts, "zu viele Bestandteile"),
        (lambda c: _replace(_valid(c), "xl/worksheets/sheet1.xml", XXE), "nicht erlaubt"),
        (lambda c: _replace(_valid(c), "xl/sharedStrings.xml", LAUGHS), "nicht erlaubt"),
        (lambda c: _valid(c)[: len(_valid(c)) // 2], "nicht als Excel-Arbeitsmappe"),
        (
            lambda c: _replace(_valid(c), "xl/worksheets/sheet1.xml", "<worksheet><sheetData>"),
            "nicht als Excel-Arbeitsmappe",
        ),
        (lambda c: _replace(_valid(c), "xl/workbook.xml", b"\x00\xff garbage"), "nicht als Excel"),
        (lambda c: xlsx_bytes([]), "keine Zeilen"),
        (lambda c: xlsx_bytes([row(c.year)] * 2001), "höchstens 2000 Zeilen"),
    ],
    ids=[
        "zip-bomb",
        "many-parts",
        "xxe",
        "billion-laughs",
        "truncated",
        "broken-xml",
        "garbage-workbook",
        "header-only",
        "too-many-rows",
    ],
)
def test_hostile_workbooks_get_a_clear_file_error_fast(
    client, login_as, open_campaign, build, message
):
    login_as()
    content = build(open_campaign)
    started = time.perf_counter()
    response = _preview(client, content)
    elapsed = time.perf_counter() - started
    assert response.status_code == 422
    assert message in text_of(html(response).select_one(".error-summary"))
    assert _events() == 0
    assert elapsed < 1.0 or message.startswith("höchstens")


def test_header_only_csv_is_an_error(client, login_as, open_campaign):
    login_as()
    response = _preview(client, csv_bytes([]), "veranstaltungen.csv")
    assert response.status_code == 422
    assert "keine Zeilen" in text_of(html(response).select_one(".error-summary"))


def test_blank_formatted_rows_do_not_count_against_the_cap(client, login_as, open_campaign):
    login_as()
    workbook = xlsx_bytes([row(open_campaign.year)])
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook))
    book.active.cell(row=3000, column=1).value = " "
    out = io.BytesIO()
    book.save(out)
    response = _preview(client, out.getvalue())
    assert response.status_code == 200
    assert [r["id"] for r in html(response).select("tbody tr[id^=row-]")] == ["row-2"]


def test_upload_over_the_limit_gets_a_german_413_page_naming_the_limit(client, login_as, seeded):
    login_as()
    token = csrf_token(client.get("/manage/import"))
    # The multipart body built by hand: the test client would spool a large one to a file.
    body = (
        b"--grenze\r\n"
        b'Content-Disposition: form-data; name="csrf_token"\r\n\r\n' + token.encode() + b"\r\n"
        b"--grenze\r\n"
        b'Content-Disposition: form-data; name="file"; filename="gross.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + b"x" * (9 * 1024 * 1024) + b"\r\n--grenze--\r\n"
    )
    response = client.post(
        "/manage/import/preview", data=body, content_type="multipart/form-data; boundary=grenze"
    )
    assert response.status_code == 413
    page = html(response)
    assert page.select_one("h1").get_text(strip=True) == "Die Datei ist zu groß"
    assert "8 MB" in text_of(page.select_one("main"))
    assert _events() == 0


def test_headers_of_the_template_are_what_the_reader_gets(open_campaign):
    from actiondays.spreadsheets import read_rows

    rows = read_rows(_valid(open_campaign), max_rows=10)
    assert rows[0] == HEADERS


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            ";".join(HEADERS).encode() + b"\r\nAktionstag;" + b"a" * 200_000 + b"\r\n",
            "Eine Zelle ist zu lang",
        ),
        (";".join(HEADERS).encode() + b"\r\n" + b"a;b\r\n" * 90_000, "höchstens 2000 Zeilen"),
    ],
    ids=["cell-over-csv-field-limit", "90000-tiny-rows"],
)
def test_hostile_csv_gets_a_clear_file_error(client, login_as, open_campaign, content, message):
    login_as()
    response = _preview(client, content, name="veranstaltungen.csv")
    assert response.status_code == 422
    assert message in text_of(html(response).select_one(".error-summary"))
    assert _events() == 0
