"""SVG charts: well-formed, labelled for assistive technology, values written as text."""

import xml.etree.ElementTree as ET

import pytest

from actiondays import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, not untrusted input


REGIONS = [
    {"name": "Region Hannover", "latitude": 52.37, "longitude": 9.73, "events": 4},
    {"name": "Emden", "latitude": 53.36, "longitude": 7.20, "events": 0},
    {"name": "Landkreis Göttingen", "latitude": 51.61, "longitude": 10.06, "events": 1},
]


@pytest.mark.parametrize(
    "svg",
    [
        charts.bar_chart(
            "c1", "Titel <1>", "Beschreibung", [("Bildung", 3), ("Teilhabe & mehr", 0)]
        ),
        charts.column_chart("c2", "Monate", "Zeitleiste", [("Juni", 2), ("Juli", 5)]),
        charts.multi_year_chart(
            "c3", "Jahre", "Vergleich", [("Aktionstage", [(2012, 3), (2013, 5)])]
        ),
        charts.region_map("c4", "Karte", "Regionen", REGIONS, "mit", "ohne"),
    ],
)
def test_chart_is_well_formed_and_labelled(svg):
    root = _parse(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id


def test_bar_chart_writes_each_value_as_text():
    root = _parse(charts.bar_chart("c", "t", "d", [("Bildung", 12), ("Gesundheit", 7)]))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Bildung", "12", "Gesundheit", "7"]


def test_map_marks_regions_without_events_by_shape_not_only_colour():
    root = _parse(charts.region_map("m", "t", "d", REGIONS, "mit", "ohne"))
    marks = {g.find(f"{SVG}title").text: g for g in root.iter(f"{SVG}g")}
    assert marks["Emden: 0"].find(f"{SVG}circle").get("stroke-dasharray") == "2 2"
    # regions with events carry their key number (by name): Göttingen 1, Hannover 2
    assert marks["Region Hannover: 4"].find(f"{SVG}text").text == "2"
    assert [(n, r["name"]) for n, r in charts.map_keys(REGIONS)] == [
        (1, "Landkreis Göttingen"),
        (2, "Region Hannover"),
    ]


def test_map_places_north_above_south_and_west_left_of_east():
    root = _parse(charts.region_map("m", "t", "d", REGIONS, "mit", "ohne"))
    circles = {
        g.find(f"{SVG}title").text.split(":")[0]: g.find(f"{SVG}circle")
        for g in root.iter(f"{SVG}g")
    }
    emden, goettingen = circles["Emden"], circles["Landkreis Göttingen"]
    assert float(emden.get("cy")) < float(goettingen.get("cy"))
    assert float(emden.get("cx")) < float(goettingen.get("cx"))


def test_custom_number_format_is_used():
    svg = charts.bar_chart("c", "t", "d", [("a", 1234)], fmt=lambda v: "1.234")
    assert ">1.234<" in str(svg)
