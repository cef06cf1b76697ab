"""Comparing all regions: values, ranks, per-capita activity, need and action, downloads."""

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from actiondays.extensions import db
from actiondays.models import EventKind, Indicator, ReviewState
from actiondays.services.indicators import compare_regions
from tests.conftest import html, region, text_of

VALUES_2013 = {"03241": 20, "03101": 15, "03102": 25, "03103": 10}
POPULATION_2013 = {"03241": 1_100_000, "03101": 250_000, "03102": 100_000, "03103": 125_000}
HELD = {"region-hannover": 11, "braunschweig": 5, "wolfsburg": 5}


@pytest.fixture
def need_and_action(make_indicator, set_values, make_event):
    """Four valued regions with hand-picked populations and held action days in 2013."""
    make_indicator()
    set_values("kinderarmut", 2013, VALUES_2013)
    set_values("population", 2013, POPULATION_2013)
    for slug, count in HELD.items():
        for number in range(count):
            make_event(region_slug=slug, title=f"Aktion {number}", day=date(2013, 6, 1 + number))
    # Not held: cancelled, draft, and an ideas workshop do not count as action days.
    make_event(region_slug="salzgitter", status=ReviewState.CANCELLED.value)
    make_event(region_slug="salzgitter", status=ReviewState.DRAFT.value)
    make_event(region_slug="salzgitter", kind=EventKind.IDEAS_WORKSHOP.value)


def _rows_by_ags(comparison):
    return {row.region.ags: row for row in comparison.rows}


def test_per_capita_activity_uses_the_population_of_the_same_year(app, need_and_action):
    indicator = db.session.query(Indicator).filter_by(key="kinderarmut").one()
    rows = _rows_by_ags(compare_regions(indicator, 2013))
    assert rows["03241"].action_days == 11
    assert rows["03241"].action_days_per_10k == pytest.approx(0.1)
    assert rows["03101"].action_days_per_10k == pytest.approx(0.2)
    assert rows["03103"].action_days_per_10k == pytest.approx(0.4)
    assert rows["03102"].action_days == 0  # cancelled, draft and workshop are not held days
    assert rows["03102"].population_year == 2013


def test_rank_one_is_the_greatest_need(app, need_and_action):
    indicator = db.session.query(Indicator).filter_by(key="kinderarmut").one()
    comparison = compare_regions(indicator, 2013)
    ranked = [(row.rank, row.region.ags) for row in comparison.rows if row.rank]
    assert ranked == [(1, "03102"), (2, "03241"), (3, "03101"), (4, "03103")]
    assert all(row.rank is None for row in comparison.rows if row.value is None)


def test_high_need_and_low_activity_names_salzgitter_only(app, need_and_action):
    indicator = db.session.query(Indicator).filter_by(key="kinderarmut").one()
    comparison = compare_regions(indicator, 2013)
    assert float(comparison.median_value) == 17.5
    assert [row.region.ags for row in comparison.focus] == ["03102"]


def test_comparison_lists_the_regions_of_that_year(app, make_indicator, set_values):
    make_indicator()
    set_values("kinderarmut", 2013, {"03156": 19})
    indicator = db.session.query(Indicator).filter_by(key="kinderarmut").one()
    in_2013 = {row.region.ags for row in compare_regions(indicator, 2013).rows}
    in_2018 = {row.region.ags for row in compare_regions(indicator, 2018).rows}
    assert {"03152", "03156"} <= in_2013
    assert "03159" not in in_2013
    assert "03159" in in_2018
    assert not {"03152", "03156"} & in_2018
    assert len(in_2013) == 46
    assert len(in_2018) == 45


def test_indicator_page_shows_scatter_with_table_and_named_focus(client, need_and_action):
    response = client.get("/indicators/kinderarmut?year=2013")
    assert response.status_code == 200
    page = html(response)
    scatter = page.select_one("svg#need-and-action")
    assert scatter["role"] == "img"
    assert scatter.select_one("title").get_text().startswith("Bedarf und Aktion 2013")
    tiles = {a["aria-label"] for a in page.select("#indicator-map svg a")}
    assert "Salzgitter: 25 %" in tiles
    assert "Landkreis Gifhorn: kein Wert" in tiles
    assert len(page.select("#indicator-map .map-legend li")) == 6
    focus = page.select_one("section[aria-labelledby=focus-heading] ol")
    assert "Salzgitter" in text_of(focus)
    assert "Hannover" not in text_of(focus)
    table_rows = page.select("section[aria-labelledby=table-heading] tbody tr")
    assert len(table_rows) == 46
    first = [text_of(cell) for cell in table_rows[0].select("td, th")]
    assert first[0] == "1"
    assert first[1].startswith("Salzgitter")
    assert first[2] == "25"


def test_csv_download_parses_in_german_excel_layout(client, need_and_action):
    response = client.get("/indicators/kinderarmut.csv?year=2013")
    assert response.status_code == 200
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    header = rows[1]
    assert header[0] == "AGS"
    assert header[2] == "Kinderarmutsquote (%)"
    by_ags = {row[0]: row for row in rows[2:] if row}
    assert by_ags["03101"][4] == "5"
    assert by_ags["03101"][8] == "0,2"


def test_xlsx_download_stores_numbers_as_numbers(client, need_and_action):
    response = client.get("/indicators/kinderarmut.xlsx?year=2013")
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["03241"][2] == 20
    assert isinstance(rows["03241"][2], int | float)
    assert rows["03241"][6] == 1_100_000
    assert rows["03103"][8] == pytest.approx(0.4)


def test_json_download_has_english_properties(client, need_and_action):
    document = json.loads(client.get("/indicators/kinderarmut.json?year=2013").get_data())
    assert document["indicator"]["key"] == "kinderarmut"
    assert document["year"] == 2013
    salzgitter = next(r for r in document["regions"] if r["ags"] == "03102")
    assert salzgitter == {
        "ags": "03102",
        "name": "Salzgitter",
        "slug": "salzgitter",
        "value": 25.0,
        "rank": 1,
        "action_days": 0,
        "projects": 0,
        "population": 100_000,
        "population_year": 2013,
        "action_days_per_10k": 0.0,
        "high_need_low_action": True,
    }


def test_indicator_page_query_count_is_constant(client, make_indicator, set_values, count_queries):
    make_indicator()
    set_values("kinderarmut", 2013, {"03101": 10})
    with count_queries() as few:
        assert client.get("/indicators/kinderarmut?year=2013").status_code == 200
    for year in range(2010, 2016):
        set_values("kinderarmut", year, {ags: 12 for ags in VALUES_2013 | {"03151": 1, "03153": 1}})
        set_values("population", year, POPULATION_2013)
    with count_queries() as many:
        assert client.get("/indicators/kinderarmut?year=2013").status_code == 200
    assert many.count == few.count <= 8


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/indicators/unbekannt", 404),
        ("/indicators/kinderarmut?year=abc", 400),
        ("/indicators/kinderarmut?year=99999999999999999999", 400),
        ("/indicators/kinderarmut.csv?year=%00", 400),
        ("/indicators/kinderarmut.pdf", 404),
    ],
)
def test_bad_indicator_urls_get_a_4xx(client, make_indicator, url, status):
    make_indicator()
    assert client.get(url).status_code == status


def test_year_without_values_says_so_and_links_years_with_values(
    client, make_indicator, set_values
):
    make_indicator()
    set_values("kinderarmut", 2013, {"03101": 10})
    page = html(client.get("/indicators/kinderarmut?year=2011"))
    empty = page.select_one("p.empty")
    assert "Für 2011 liegen keine Werte vor" in text_of(empty)
    assert empty.select_one("a")["href"].endswith("year=2013")


def test_catalogue_lists_the_shipped_population(client, seeded):
    page = html(client.get("/indicators"))
    assert "Bevölkerung insgesamt" in text_of(page.select_one("table"))
    assert "2018" in text_of(page.select_one("table"))


def test_region_page_shows_activity_per_year_and_indicators(client, need_and_action):
    page = html(client.get("/regions/braunschweig"))
    activity = page.select_one("section[aria-labelledby=activity-heading] tbody")
    assert [text_of(c) for c in activity.select("tr")[0].select("th, td")] == [
        "2013",
        "5",
        "0",
        "0,2",
    ]
    assert region("braunschweig") is not None
    series = page.select("section[aria-labelledby=indicators-heading] h3")
    assert [text_of(h) for h in series] == ["Kinderarmutsquote", "Bevölkerung insgesamt"]
