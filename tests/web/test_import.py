"""Bulk import: template, preview with every row's errors, all-or-nothing, duplicates, CSV/XLSX."""

import base64
import io
from datetime import datetime, time, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import Event
from actiondays.models.event import BERLIN
from tests.conftest import csrf_token, html, text_of
from tests.import_files import HEADERS, csv_bytes, row, xlsx_bytes


def _preview(client, content, name="veranstaltungen.csv"):
    token = csrf_token(client.get("/manage/import"))
    return client.post(
        "/manage/import/preview",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _commit(client, preview_response, **extra):
    form = html(preview_response).select_one("form[action='/manage/import/commit']")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    data.update(extra)
    return client.post("/manage/import/commit", data=data)


def _events() -> int:
    return db.session.scalar(select(func.count()).select_from(Event))


def test_templates_have_the_german_headers(client, login_as):
    login_as()
    csv_body = client.get("/manage/import/vorlage.csv").get_data().decode("utf-8-sig")
    assert csv_body.splitlines()[0].split(";") == HEADERS
    xlsx = client.get("/manage/import/vorlage.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.get_data())).active
    assert [c.value for c in sheet[1]] == HEADERS
    page = html(client.get("/manage/import"))
    assert page.select_one("a[href='/manage/import/vorlage.xlsx']") is not None


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ";"), ("csv", ","), ("xlsx", None)])
def test_valid_file_is_previewed_then_imported_as_drafts(
    client, login_as, open_campaign, fmt, delimiter
):
    user = login_as()
    rows = [row(open_campaign.year), row(open_campaign.year, Titel="Lesefest", PLZ="30161")]
    content = csv_bytes(rows, delimiter) if fmt == "csv" else xlsx_bytes(rows)
    preview = _preview(client, content, f"liste.{fmt}")
    assert preview.status_code == 200
    assert len(html(preview).select("tr.row-ok")) == 2
    assert _events() == 0
    response = _commit(client, preview)
    assert response.headers["Location"] == "/manage/"
    events = db.session.scalars(select(Event).order_by(Event.title)).all()
    assert [(e.title, e.status, e.created_by_id) for e in events] == [
        ("Lesefest", "draft", user.id),
        ("Spielefest", "draft", user.id),
    ]
    assert [t.slug for t in events[0].themes] == ["bildung", "gesundheit"]


def test_one_bad_row_means_nothing_is_saved_and_every_error_is_listed(
    client, login_as, open_campaign
):
    login_as()
    rows = [
        row(open_campaign.year),
        row(open_campaign.year, PLZ="3015", Titel=""),
        row(open_campaign.year, Themen="Sport"),
    ]
    preview = _preview(client, csv_bytes(rows))
    assert preview.status_code == 422
    page = html(preview)
    assert "row-ok" in page.select_one("#row-2")["class"]
    errors_row3 = text_of(page.select_one("#row-3 .row-errors"))
    assert "PLZ: Bitte geben Sie eine fünfstellige Postleitzahl an." in errors_row3
    assert "Titel: Bitte geben Sie einen Titel an." in errors_row3
    assert "Themen: Unbekanntes Thema: Sport" in text_of(page.select_one("#row-4"))
    assert page.select_one("form[action='/manage/import/commit']") is None
    assert _events() == 0


def test_commit_revalidates_and_saves_nothing_when_a_row_fails(client, login_as, open_campaign):
    login_as()
    good = _preview(client, csv_bytes([row(open_campaign.year)]))
    form = html(good).select_one("form[action='/manage/import/commit']")
    data = {f["name"]: f.get("value", "") for f in form.select("input[type=hidden]")}
    bad = csv_bytes([row(open_campaign.year), row(open_campaign.year, PLZ="1")])
    data["payload"] = base64.b64encode(bad).decode()
    response = client.post("/manage/import/commit", data=data)
    assert response.status_code == 422
    assert _events() == 0


def test_rows_use_the_same_sentences_as_the_form(client, login_as, open_campaign):
    login_as()
    late = (open_campaign.action_ends_on + timedelta(days=3)).strftime("%d.%m.%Y")
    preview = _preview(client, csv_bytes([row(open_campaign.year, **{"Erster Tag": late})]))
    assert "Ein Aktionstag muss im Aktionszeitraum der Kampagne liegen" in text_of(
        html(preview).select_one("#row-2")
    )


def test_other_regions_rows_are_refused(client, login_as, open_campaign):
    login_as()
    preview = _preview(client, csv_bytes([row(open_campaign.year, Region="Landkreis Goslar")]))
    assert preview.status_code == 422
    assert "Sie dürfen für Landkreis Goslar keine Veranstaltungen anmelden." in text_of(
        html(preview).select_one("#row-2")
    )


def test_likely_duplicates_are_flagged_and_skipped(client, login_as, open_campaign, make_event):
    login_as()
    day = datetime.now(BERLIN).date() + timedelta(days=10)
    make_event(campaign=open_campaign, day=day, title="Spielefest")
    rows = [row(open_campaign.year), row(open_campaign.year, Titel="Neu")]
    preview = _preview(client, csv_bytes(rows))
    page = html(preview)
    assert "row-duplicate" in page.select_one("#row-2")["class"]
    assert "Mögliches Duplikat" in text_of(page.select_one("#row-2"))
    _commit(client, preview)
    assert _events() == 2
    titles = sorted(db.session.scalars(select(Event.title)))
    assert titles == ["Neu", "Spielefest"]


def test_duplicates_can_be_imported_on_request(client, login_as, open_campaign):
    login_as()
    rows = [row(open_campaign.year), row(open_campaign.year)]
    preview = _preview(client, csv_bytes(rows))
    assert "row-duplicate" in html(preview).select_one("#row-3")["class"]
    _commit(client, preview, include_duplicates="y")
    assert _events() == 2


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"Titel;Ort\nA;B\n", "x.csv", "Fehlende Spalten"),
        (b"Titel;Ort;Farbe\n", "x.csv", "Unbekannte Spalten: Farbe"),
        ("Art;Titel\n".encode("latin-1") + "Müll".encode("latin-1"), "x.csv", "nicht UTF-8"),
        (b"not a workbook", "x.xlsx", "nicht als Excel-Arbeitsmappe"),
        (b"a,b", "x.txt", "Bitte laden Sie eine CSV-Datei"),
    ],
)
def test_unusable_files_get_a_clear_message(client, login_as, seeded, content, name, message):
    login_as()
    response = _preview(client, content, name)
    assert response.status_code == 422
    assert message in text_of(html(response).select_one(".error-summary"))


def test_anonymous_cannot_import(client, seeded):
    assert client.get("/manage/import").status_code == 302


def test_xlsx_with_real_date_and_time_cells(client, login_as, open_campaign):
    login_as()
    day = datetime.now(BERLIN).date() + timedelta(days=12)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    values = row(open_campaign.year, Titel="Zellen")
    cells = [values.get(h, "") for h in HEADERS]
    cells[HEADERS.index("Erster Tag")] = datetime.combine(day, datetime.min.time())
    cells[HEADERS.index("Beginn")] = time(9, 30)
    cells[HEADERS.index("Ende")] = time(12, 0)
    cells[HEADERS.index("Kampagnenjahr")] = open_campaign.year
    sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    preview = _preview(client, out.getvalue(), "zellen.xlsx")
    assert preview.status_code == 200
    _commit(client, preview)
    event = db.session.scalars(select(Event)).one()
    assert event.starts_on == day
    assert event.local_start.strftime("%H:%M") == "09:30"
