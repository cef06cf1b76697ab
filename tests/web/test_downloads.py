"""Downloads of /events, /projects and /regions: CSV for German Excel and XLSX, with filters."""

import csv
import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from actiondays.extensions import db
from actiondays.models import Project
from tests.conftest import campaign, region, theme


def csv_rows(response) -> list[list[str]]:
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_events_csv_has_german_headings_and_the_filtered_rows(client, make_event):
    make_event(title="Lesefest", venue_city="Hannover", latitude=52.37412, longitude=9.73856)
    make_event(title="Anderswo", region_slug="landkreis-lueneburg")
    response = client.get("/events.csv?region=region-hannover")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="veranstaltungen.csv"' in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    heading, data = rows[0], rows[1:]
    assert heading[:3] == ["ID", "Titel", "Art"]
    assert [row[1] for row in data] == ["Lesefest"]
    record = dict(zip(heading, data[0], strict=True))
    assert record["Erster Tag"] == "2013-06-15"
    assert record["Beginn"] == "10:00"
    assert record["Breitengrad"] == "52,37412"
    assert record["AGS"] == "03241"


def test_csv_neutralises_formulas(client, make_event):
    make_event(title='=HYPERLINK("http://evil")', summary="+49 511 0")
    rows = csv_rows(client.get("/events.csv"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Titel"].startswith("'=")
    assert record["Kurzbeschreibung"] == "'+49 511 0"


def test_drafts_never_appear_in_downloads(client, make_event):
    make_event(title="Entwurf", status="draft")
    assert len(csv_rows(client.get("/events.csv"))) == 1


def test_events_xlsx_is_a_workbook_with_numbers_and_dates(client, make_event):
    make_event(title="Lesefest")
    response = client.get("/events.xlsx?year=2013")
    assert response.status_code == 200
    payload = response.get_data()
    assert zipfile.ZipFile(io.BytesIO(payload)).testzip() is None
    sheet = load_workbook(io.BytesIO(payload), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Titel"
    assert rows[1][1] == "Lesefest"
    assert isinstance(rows[1][0], int)
    assert rows[1][4] == 2013
    assert rows[1][9].date() == date(2013, 6, 15)


def test_projects_and_regions_downloads(client, make_event):
    db.session.add(
        Project(
            name="Lernpaten",
            organisation="=cmd",
            region=region("region-hannover"),
            status="published",
            themes=[theme("bildung")],
            campaigns=[campaign(2013)],
        )
    )
    db.session.commit()
    rows = csv_rows(client.get("/projects.csv?year=2013"))
    assert rows[1][1] == "Lernpaten"
    assert rows[1][2] == "'=cmd"
    regions = csv_rows(client.get("/regions.csv"))
    by_ags = {row[0]: row for row in regions[1:]}
    assert by_ags["03156"][4] == "2016-10-31"
    assert len(by_ags) == 47
    sheet = load_workbook(io.BytesIO(client.get("/regions.xlsx").get_data())).active
    assert sheet.max_row == 48


def test_english_headings_when_english_is_chosen(client, make_event):
    make_event()
    client.get("/language/en")
    rows = csv_rows(client.get("/events.csv"))
    assert rows[0][:3] == ["ID", "Title", "Kind"]


@pytest.mark.parametrize(
    "url", ["/events.csv?year=abc", "/events.xlsx?kind=fest", "/projects.csv?year=-1"]
)
def test_bad_filters_on_downloads_are_400(client, seeded, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize(
    ("url", "argument"),
    [
        ("/events.csv?colour=blue", "colour"),
        ("/events.xlsx?cursor=abc", "cursor"),
        ("/events.csv?status=draft", "status"),
        ("/events.csv?page=2", "page"),
        ("/events.csv?year=0", "year"),
        ("/events.csv?year=99999", "year"),
        ("/events.csv?year=2013&year=2014", "year"),
        ("/events.csv?region=nirgendwo", "region"),
        ("/events.xlsx?theme=unbekannt", "theme"),
        ("/events.csv?kind=fest", "kind"),
        ("/events.csv?q=" + "x" * 201, "q"),
        ("/events.csv?on=15.06.2013", "on"),
        ("/projects.csv?kind=action_day", "kind"),
        ("/projects.xlsx?year=-1", "year"),
        ("/projects.csv?region=nirgendwo", "region"),
        ("/regions.csv?year=2013", "year"),
        ("/regions.xlsx?valid_on=2013-01-01", "valid_on"),
        ("/regions.csv?region=%00", None),
    ],
)
def test_bad_download_arguments_are_a_problem_document(client, seeded, url, argument):
    """Never a full or an empty file that looks like an answer (issue #12, bad input)."""
    response = client.get(url, headers={"Accept": "*/*"})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 400
    assert body["detail"]
    if argument is not None:
        assert argument in body["errors"], body
        assert argument in body["detail"]


def test_a_browser_gets_the_error_as_a_page(client, seeded):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/events.csv?region=nirgendwo", headers={"Accept": browser})
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "nirgendwo" in response.get_data(as_text=True)


def test_the_download_links_of_the_list_pages_are_accepted(client, make_event):
    from tests.conftest import html

    make_event()
    for page in (
        "/events?year=2013&region=region-hannover&theme=bildung&q=Lese",
        "/projects?year=2013&theme=bildung",
        "/regions",
    ):
        for link in html(client.get(page)).select(".download-links a[download]"):
            assert client.get(link["href"]).status_code == 200, link["href"]


def test_list_pages_link_their_downloads_and_the_api(client, make_event):
    from tests.conftest import html

    make_event()
    page = html(client.get("/events?year=2013"))
    links = {a["href"] for a in page.select("a[href]")}
    assert "/events.csv?year=2013" in links
    assert "/events.xlsx?year=2013" in links
    alternates = {link["type"]: link["href"] for link in page.select("link[rel=alternate]")}
    assert alternates["application/json"].endswith("/api/v1/events?year=2013")
    assert "text/calendar" in alternates
    assert "application/atom+xml" in alternates
