"""Every export of a published retrospective parses and carries the published figures."""

import csv
import io
import json

import jsonschema
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from actiondays.exports.csv_export import render_csv
from actiondays.exports.json_export import SCHEMA
from actiondays.exports.tables import Table, neutralise
from actiondays.exports.xlsx_export import render_xlsx
from actiondays.extensions import db
from actiondays.models import Project
from tests.conftest import html, needs_pdf, text_of


def _csv_sections(body: bytes) -> dict[str, list[list[str]]]:
    """Parse the documented layout: title row, heading row, data rows, empty row."""
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    sections, current = {}, None
    for row in rows:
        if not row:
            current = None
        elif current is None:
            current = sections.setdefault(row[0], [])
        else:
            current.append(row)
    return sections


@needs_pdf
def test_pdf_is_a4_with_extractable_figures(client, campaign_2012, publish_year):
    publish_year(2012, introduction="Rückblick auf ein starkes Jahr.")
    response = client.get("/retrospectives/2012.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) >= 3
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Aktionstage gegen Kinderarmut 2012" in text
    assert "Rückblick auf ein starkes Jahr." in text
    assert "Kennzahlen" in text
    assert "2 von 46" in text
    assert "2 / " in reader.pages[1].extract_text()


def test_csv_has_bom_and_round_trips_every_table(client, campaign_2012, publish_year):
    publish_year(2012)
    response = client.get("/retrospectives/2012.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")
    sections = _csv_sections(response.data)
    assert list(sections) == [
        "Kennzahlen",
        "Nach Thema",
        "Nach Region",
        "Nach Monat",
        "Ideenwerkstätten",
        "Nachhaltigkeit",
        "Projekte",
        "Höhepunkte",
        "Je 10.000 Einwohnerinnen und Einwohner",
    ]
    key = {row[0]: row[1:] for row in sections["Kennzahlen"][1:]}
    assert key["Teilnehmende"] == ["230", "0", "230"]
    assert key["Teilnehmende Regionen"][0] == "2"
    themes = {row[0]: row[1:] for row in sections["Nach Thema"][1:]}
    assert themes["Bildung"] == ["2", "150"]
    sustainability = dict(sections["Nachhaltigkeit"][1:])
    assert sustainability["Anteil fortgesetzt (Prozent)"] == "50,0"


def test_xlsx_has_one_sheet_per_table_with_numbers_as_numbers(client, campaign_2012, publish_year):
    publish_year(2012)
    response = client.get("/retrospectives/2012.xlsx")
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames[:4] == ["Kennzahlen", "Nach Thema", "Nach Region", "Nach Monat"]
    key = {row[0]: row[1:] for row in workbook["Kennzahlen"].iter_rows(min_row=2, values_only=True)}
    assert key["Teilnehmende"] == (230, 0, 230)
    assert key["Durchgeführte Aktionstage"][0] == 3
    assert isinstance(key["Ehrenamtliche"][0], int)
    regions = {
        row[1]: row[2:] for row in workbook["Nach Region"].iter_rows(min_row=2, values_only=True)
    }
    assert regions["Region Hannover"] == (2, 100)
    assert len(regions) == 46


def test_json_matches_its_schema_and_the_page(client, campaign_2012, publish_year):
    retrospective = publish_year(2012)
    response = client.get("/retrospectives/2012.json")
    assert response.mimetype == "application/json"
    payload = json.loads(response.data)
    jsonschema.validate(payload, SCHEMA)
    assert payload["figures"]["key"]["participants"] == 230
    assert payload["published_at"] == retrospective.published_at.isoformat()
    assert payload["year"] == 2012


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+49 511", "'+49 511"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Lesepaten", "Lesepaten"),
        (-3, -3),
    ],
)
def test_formula_cells_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_exports_neutralise_a_project_named_like_a_formula(client, campaign_2012, publish_year):
    project = db.session.query(Project).filter(Project.name == "Lesepaten").one()
    project.name = "=1+2"
    db.session.commit()
    publish_year(2012)
    sections = _csv_sections(client.get("/retrospectives/2012.csv").data)
    assert sections["Projekte"][1][0] == "'=1+2"
    workbook = load_workbook(io.BytesIO(client.get("/retrospectives/2012.xlsx").data))
    assert workbook["Projekte"]["A2"].value == "'=1+2"
    assert workbook["Projekte"]["A2"].data_type == "s"


def test_xlsx_sheet_names_are_unique_and_short():
    tables = [Table("a", "Ein sehr langer Tabellentitel: mit Sonderzeichen", ["x"], [[1]])] * 2
    workbook = load_workbook(io.BytesIO(render_xlsx(tables, "Titel")))
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    assert len(set(workbook.sheetnames)) == 2


def test_csv_writes_empty_cells_for_unknown_values():
    body = render_csv([Table("a", "Tabelle", ["Wert", "Vorjahr"], [[1, None]])])
    assert body.decode("utf-8-sig").splitlines()[2] == "1;"


@needs_pdf
def test_pdf_matches_the_public_page_figure_for_figure(client, campaign_2012, publish_year):
    publish_year(2012)
    page = html(client.get("/retrospectives/2012"))
    reader = PdfReader(io.BytesIO(client.get("/retrospectives/2012.pdf").data))
    pdf_text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for item in page.select(".key-figures > div"):
        assert f"{text_of(item.dd)}" in pdf_text, text_of(item.dt)
    for row in page.select("section[aria-labelledby=by-theme] tbody tr"):
        cells = [text_of(c) for c in row.select("th, td")]
        assert " ".join(cells) in pdf_text


@pytest.mark.parametrize(
    "suffix", [pytest.param(".pdf", marks=needs_pdf), ".csv", ".xlsx", ".json"]
)
def test_download_answers_304_while_the_snapshot_is_unchanged(
    client, campaign_2012, publish_year, suffix
):
    publish_year(2012)
    first = client.get(f"/retrospectives/2012{suffix}")
    again = client.get(
        f"/retrospectives/2012{suffix}", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    publish_year(2012)
    changed = client.get(
        f"/retrospectives/2012{suffix}", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert changed.status_code == 200


def test_without_weasyprint_the_pdf_is_503_and_the_page_still_works(
    client, campaign_2012, publish_year, monkeypatch
):
    import sys

    publish_year(2012)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as on a machine without Pango
    response = client.get("/retrospectives/2012.pdf")
    assert response.status_code == 503
    assert "CSV, Excel oder JSON" in response.get_data(as_text=True)
    assert client.get("/retrospectives/2012").status_code == 200
    assert client.get("/retrospectives/2012.csv").status_code == 200


@needs_pdf
def test_pdf_is_tagged_for_screen_readers(client, campaign_2012, publish_year):
    publish_year(2012)
    reader = PdfReader(io.BytesIO(client.get("/retrospectives/2012.pdf").data))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("de")


def test_import_template_csv_names_its_charset_once(client, login_as):
    login_as()
    response = client.get("/manage/import/vorlage.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
