"""Every figure of a retrospective against the hand-computed fixture (runs on both engines)."""

from datetime import date

from actiondays.services.retrospectives import compute_figures, key_figures
from tests.retrospectives.conftest import _campaign


def test_key_figures_of_the_hand_computed_year(campaign_2012):
    assert key_figures(campaign_2012) == {
        "action_days": 3,
        "ideas_workshops": 1,
        "cancelled_events": 1,
        "reports_filed": 3,
        "reports_missing": 1,
        "participants": 230,
        "children_reached": 80,
        "volunteers": 19,
        "partner_organisations": 6,
        "regions_taking_part": 2,
        "regions_total": 46,
        "projects": 2,
        "project_partners": 3,
    }


def test_figures_by_theme_count_each_theme_of_an_event(campaign_2012):
    by_theme = {
        t["slug"]: (t["events"], t["participants"])
        for t in compute_figures(campaign_2012)["by_theme"]
    }
    assert by_theme == {
        "bildung": (2, 150),
        "gesundheit": (1, 50),
        "teilhabe": (1, 0),
        "vernetzung": (1, 80),
    }


def test_figures_by_region_list_every_region_of_the_year(campaign_2012):
    by_region = {r["slug"]: r for r in compute_figures(campaign_2012)["by_region"]}
    assert len(by_region) == 46
    assert (
        by_region["region-hannover"]["events"],
        by_region["region-hannover"]["participants"],
    ) == (2, 100)
    assert by_region["landkreis-goettingen-bis-2016"]["events"] == 1
    assert by_region["braunschweig"]["events"] == 0
    assert "landkreis-goettingen" not in by_region


def test_figures_by_month_include_the_ideas_workshop_and_empty_months(campaign_2012):
    months = compute_figures(campaign_2012)["by_month"]
    assert [(m["month"], m["action_days"], m["ideas_workshops"]) for m in months] == [
        ("2012-04", 0, 1),
        ("2012-05", 0, 0),
        ("2012-06", 1, 0),
        ("2012-07", 2, 0),
        ("2012-08", 0, 0),
        ("2012-09", 0, 0),
        ("2012-10", 0, 0),
    ]


def test_statewide_ideas_workshop_is_listed_without_region(campaign_2012):
    (workshop,) = compute_figures(campaign_2012)["ideas_workshops"]
    assert (workshop["title"], workshop["date"], workshop["region"], workshop["participants"]) == (
        "Ideenwerkstatt 2012",
        "2012-04-20",
        None,
        80,
    )


def test_project_sustainability_share(campaign_2012):
    projects = compute_figures(campaign_2012)["projects"]
    assert {k: projects[k] for k in ("total", "continuing", "not_continuing", "unknown")} == {
        "total": 2,
        "continuing": 1,
        "not_continuing": 1,
        "unknown": 0,
    }
    assert projects["continuing_share"] == 50.0
    assert [p["name"] for p in projects["list"]] == ["Lesepaten", "Mittagstisch"]


def test_project_taking_part_in_two_years_counts_in_both(campaign_2012):
    figures_2013 = compute_figures(_campaign(2013))
    assert figures_2013["key"]["projects"] == 2
    assert [p["name"] for p in figures_2013["projects"]["list"]] == ["Lesepaten", "Spielmobil"]
    assert figures_2013["projects"]["unknown"] == 1


def test_comparison_with_previous_year_shows_differences(campaign_2012):
    figures_2013 = compute_figures(_campaign(2013))
    previous = figures_2013["previous"]
    assert previous["year"] == 2012
    assert previous["source"] == "live"
    assert previous["key"]["participants"] == 230
    assert previous["differences"]["participants"] == -230
    assert previous["differences"]["projects"] == 0


def test_region_valid_until_2016_is_not_a_region_of_2017(campaign_2012, campaign_2017, make_event):
    make_event(day=date(2017, 7, 1), region_slug="landkreis-goettingen")
    figures = compute_figures(campaign_2017)
    slugs = {r["slug"] for r in figures["by_region"]}
    assert figures["key"]["regions_total"] == 45
    assert figures["key"]["regions_taking_part"] == 1
    assert "landkreis-goettingen-bis-2016" not in slugs
    assert "landkreis-goettingen" in slugs
    assert figures["previous"] is None


def test_year_without_any_data_has_zero_figures(seeded):
    figures = compute_figures(_campaign(2010))
    assert figures["key"]["action_days"] == 0
    assert figures["key"]["regions_total"] == 46
    assert figures["projects"]["continuing_share"] is None
    assert [m["month"] for m in figures["by_month"]] == ["2010-09"]
