"""Importing indicator values over HTTP: template and GENESIS files, row errors, all or nothing."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import AuditEntry, IndicatorValue, Role
from tests.conftest import csrf_token, html, text_of

PREVIEW = "/review/indicators/import/preview"
COMMIT = "/review/indicators/import/commit"


def _upload(client, content: bytes, filename: str = "werte.csv", indicator: str = ""):
    token = csrf_token(client.get("/review/indicators/import"))
    return client.post(
        PREVIEW,
        data={"csrf_token": token, "file": (io.BytesIO(content), filename), "indicator": indicator},
        content_type="multipart/form-data",
    )


def _commit(client, preview):
    form = html(preview).select_one(f"form[action='{COMMIT}']")
    assert form is not None, "no import button on the preview"
    data = {field["name"]: field.get("value", "") for field in form.select("input")}
    return client.post(COMMIT, data=data)


def _values() -> dict[tuple[str, int], Decimal]:
    rows = db.session.scalars(select(IndicatorValue).where(IndicatorValue.year < 2018)).all()
    return {(v.region.ags, v.year): v.value for v in rows}


@pytest.fixture
def reviewer(login_as, make_indicator):
    make_indicator()
    return login_as(Role.REVIEWER, regions=())


def test_template_file_is_previewed_then_imported(client, reviewer):
    content = (
        "Indikator;AGS;Jahr;Wert\r\nkinderarmut;03101;2013;12,5\r\nkinderarmut;03102;2013;20.25\r\n"
    )
    preview = _upload(client, content.encode("utf-8-sig"))
    assert preview.status_code == 200
    assert "2 Werte können importiert werden" in text_of(html(preview))
    assert _values() == {}
    response = _commit(client, preview)
    assert response.status_code == 302
    assert _values() == {("03101", 2013): Decimal("12.5"), ("03102", 2013): Decimal("20.25")}
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "indicator.import_values")
    )
    assert entry.actor_id == reviewer.id
    assert entry.changes == {"values": [None, 2]}


def test_reimport_replaces_the_value_of_region_and_year(client, reviewer, set_values):
    set_values("kinderarmut", 2013, {"03101": 9})
    preview = _upload(client, b"Indikator;AGS;Jahr;Wert\nkinderarmut;03101;2013;11\n")
    assert "ersetzt 9" in text_of(html(preview).select_one("#row-2"))
    _commit(client, preview)
    assert _values() == {("03101", 2013): Decimal("11")}


BAD_ROWS = """Indikator;AGS;Jahr;Wert
kinderarmut;03101;2013;12,5
kinderarmut;03101;2013;13
kinderarmut;09999;2013;10
unbekannt;03102;2013;10
kinderarmut;03103;2013;zwölf
kinderarmut;03241;2013;150
kinderarmut;03156;2018;10
kinderarmut;03251;20x;5
kinderarmut;03252;2013;1.234,5
"""


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (3, "Region und Jahr kommen doppelt vor (auch in Zeile 2)."),
        (4, "Unbekannter AGS „09999“."),
        (5, "Unbekannter Indikator „unbekannt“."),
        (6, "„zwölf“ ist keine Zahl (z. B. 12,5)."),
        (7, "150 liegt außerhalb des plausiblen Bereichs 0.0000 bis 100.0000."),
        (8, "Landkreis Osterode am Harz bestand 2018 nicht."),
        (9, "Bitte geben Sie das Jahr vierstellig an, z. B. 2013."),
        (10, "„1.234,5“ ist keine Zahl (z. B. 12,5)."),
    ],
)
def test_every_bad_row_gets_its_message_and_nothing_is_saved(client, reviewer, row, message):
    preview = _upload(client, BAD_ROWS.encode())
    assert preview.status_code == 422
    assert message in text_of(html(preview).select_one(f"#row-{row}"))
    assert "row-ok" in html(preview).select_one("#row-2")["class"]
    assert html(preview).select_one(f"form[action='{COMMIT}']") is None
    assert _values() == {}


def test_commit_of_a_bad_file_saves_nothing(client, reviewer):
    import base64

    token = csrf_token(client.get("/review/indicators/import"))
    response = client.post(
        COMMIT,
        data={
            "csrf_token": token,
            "filename": "werte.csv",
            "payload": base64.b64encode(BAD_ROWS.encode()).decode(),
            "indicator": "",
        },
    )
    assert response.status_code == 422
    assert _values() == {}


GENESIS = (
    "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;"
    "1_variable_label;1_variable_attribute_code;1_variable_attribute_label;2_variable_code;"
    "2_variable_label;2_variable_attribute_code;2_variable_attribute_label;value;value_unit;"
    "value_variable_code;value_variable_label\n"
    "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2013;DLAND;"
    "Bundesländer;03;Niedersachsen;GES;Geschlecht;;Insgesamt;7790559;Anzahl;BEVSTD;"
    "Bevölkerungsstand\n"
    "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2013;KREISE;"
    "Kreise und kreisfreie Städte;03101;Braunschweig, Stadt;GES;Geschlecht;;Insgesamt;"
    "247227;Anzahl;BEVSTD;Bevölkerungsstand\n"
    "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2013;KREISE;"
    "Kreise und kreisfreie Städte;03102;Salzgitter, Stadt;GES;Geschlecht;;Insgesamt;.;"
    "Anzahl;BEVSTD;Bevölkerungsstand\n"
    "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2013;KREISE;"
    "Kreise und kreisfreie Städte;03156;LK Osterode am Harz;GES;Geschlecht;;Insgesamt;"
    "75312;Anzahl;BEVSTD;Bevölkerungsstand\n"
)


def test_genesis_flat_file_matches_districts_by_ags(client, reviewer):
    preview = _upload(client, GENESIS.encode("utf-8"), "12411-02-03-4_flat.csv", "population")
    assert preview.status_code == 200, text_of(html(preview))
    page = html(preview)
    assert "Landes- oder Bundessumme" in text_of(page.select_one("#row-2"))
    assert "Kein Wert gemeldet („.“)" in text_of(page.select_one("#row-4"))
    _commit(client, preview)
    assert _values() == {("03101", 2013): Decimal("247227"), ("03156", 2013): Decimal("75312")}


def test_old_genesis_layout_with_one_value_column(client, reviewer):
    content = (
        "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;"
        "1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;"
        "BEVSTD__Bevoelkerungsstand__Anzahl;BEVSTD__Bevoelkerungsstand__q\n"
        "12411;Bevölkerungsstand;STAG;Stichtag;31.12.2012;KREISE;Kreise;03101;"
        "Braunschweig, Stadt;248867;e\n"
    )
    preview = _upload(client, content.encode(), "alt.csv", "population")
    _commit(client, preview)
    assert _values() == {("03101", 2012): Decimal("248867")}


def test_genesis_file_needs_the_indicator_chosen(client, reviewer):
    preview = _upload(client, GENESIS.encode(), "flat.csv", "")
    assert preview.status_code == 422
    assert "bitte wählen Sie den Indikator" in text_of(html(preview))


def test_xlsx_file_is_read(client, reviewer):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Indikator", "AGS", "Jahr", "Wert"])
    sheet.append(["kinderarmut", "03401", 2014, 17.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = _upload(client, buffer.getvalue(), "werte.xlsx")
    _commit(client, preview)
    assert _values() == {("03401", 2014): Decimal("17.5")}


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (
            "Indikator;AGS;Jahr;Wert\nkinderarmut;03101;2013;Müll\n".encode("latin-1"),
            "w.csv",
            "nicht UTF-8",
        ),
        (b"Indikator;AGS;Jahr;Wert\n", "w.csv", "keine Datenzeilen"),
        (b"Region;Wert\nx;1\n", "w.csv", "Fehlende Spalten"),
        (b"irgendwas", "w.pdf", "CSV-Datei"),
        (b"PK\x03\x04kaputt", "w.xlsx", "Excel-Arbeitsmappe"),
    ],
)
def test_unusable_files_get_a_file_error(client, reviewer, content, filename, message):
    preview = _upload(client, content, filename)
    assert preview.status_code == 422
    assert message in text_of(html(preview).select_one(".error-summary"))
    assert (
        db.session.scalar(select(func.count(IndicatorValue.id)).where(IndicatorValue.year < 2018))
        == 0
    )


def test_organisers_cannot_import(client, login_as, make_indicator):
    make_indicator()
    login_as(Role.ORGANISER)
    assert client.get("/review/indicators/import").status_code == 403
    assert client.get("/review/indicators/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, seeded):
    response = client.get("/review/indicators/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_template_download(client, reviewer):
    response = client.get("/review/indicators/import/vorlage.csv")
    assert response.get_data().decode("utf-8-sig").splitlines()[0] == "Indikator;AGS;Jahr;Wert"
