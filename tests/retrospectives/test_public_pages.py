"""Public retrospective pages: only published years, frozen figures, charts with tables."""

import pytest

from actiondays.extensions import db
from actiondays.models import Report, Role
from actiondays.services import retrospectives
from tests.conftest import html, text_of
from tests.retrospectives.conftest import _campaign

EXPORTS = ("pdf", "csv", "xlsx", "json")


def _key_figure(page, label: str) -> str:
    for item in page.select(".key-figures > div"):
        if text_of(item.dt) == label:
            return text_of(item.dd)
    raise AssertionError(f"no key figure {label!r}")


@pytest.mark.parametrize("suffix", ["", *(f".{e}" for e in EXPORTS)])
def test_unpublished_retrospective_is_404_for_the_public(client, campaign_2012, suffix):
    assert client.get(f"/retrospectives/2012{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["", ".pdf"])
def test_unknown_year_is_404(client, seeded, suffix):
    assert client.get(f"/retrospectives/1999{suffix}").status_code == 404


def test_published_retrospective_shows_key_figures_in_german(client, campaign_2012, publish_year):
    publish_year(2012)
    page = html(client.get("/retrospectives/2012"))
    assert _key_figure(page, "Durchgeführte Aktionstage") == "3"
    assert _key_figure(page, "Ideenwerkstätten") == "1"
    assert _key_figure(page, "Teilnehmende Regionen") == "2 von 46"
    assert _key_figure(page, "Teilnehmende") == "230"
    assert _key_figure(page, "Erreichte Kinder und Jugendliche") == "80"
    assert _key_figure(page, "Ehrenamtliche") == "19"
    assert _key_figure(page, "Beteiligte Projekte") == "2"
    assert "Für 1 durchgeführte Veranstaltung liegt noch kein Bericht vor" in text_of(
        page.select_one("#reports-note")
    )


def test_published_page_shows_previous_year_comparison_with_signs(
    client, campaign_2012, publish_year
):
    publish_year(2013)
    page = html(client.get("/retrospectives/2013"))
    rows = {
        text_of(tr.th): [text_of(td) for td in tr.select("td")]
        for tr in page.select("section[aria-labelledby=comparison] tbody tr")
    }
    assert rows["Teilnehmende"] == ["0", "230", "−230"]
    assert rows["Beteiligte Projekte"] == ["2", "2", "±0"]


def test_every_chart_is_an_accessible_svg_with_a_table(client, campaign_2012, publish_year):
    publish_year(2012)
    page = html(client.get("/retrospectives/2012"))
    svgs = page.select("svg.chart")
    assert len(svgs) == 4
    for svg in svgs:
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert text_of(svg.find("title", id=title_id))
        assert text_of(svg.find("desc", id=desc_id))
        assert svg.find_parent("section").select_one("table caption") is not None
    assert not page.select("script")


def test_map_table_lists_regions_of_the_year(client, campaign_2012, publish_year):
    publish_year(2012)
    page = html(client.get("/retrospectives/2012"))
    rows = page.select("section[aria-labelledby=by-region] tbody tr")
    names = [text_of(r.th) for r in rows]
    assert len(rows) == 46
    assert "Landkreis Göttingen (bis 2016)" in names
    assert "Landkreis Göttingen" not in names


def test_published_page_is_frozen_until_republished(client, campaign_2012, publish_year):
    publish_year(2012)
    report = db.session.query(Report).filter(Report.participants == 100).one()
    report.participants = 1100
    db.session.commit()
    page = html(client.get("/retrospectives/2012"))
    assert _key_figure(page, "Teilnehmende") == "230"
    publish_year(2012)
    page = html(client.get("/retrospectives/2012"))
    assert _key_figure(page, "Teilnehmende") == "1.230"


def test_index_lists_published_years_with_overview_table(client, campaign_2012, publish_year):
    publish_year(2012)
    publish_year(2013)
    page = html(client.get("/retrospectives"))
    rows = page.select("table.figures tbody tr")
    assert [text_of(r.th) for r in rows] == ["2012", "2013"]
    assert [text_of(td) for td in rows[0].select("td")] == ["3", "2 von 46", "2", "230"]
    assert page.select_one("svg#chart-years")["role"] == "img"


def test_index_without_published_years_says_so(client, seeded):
    page = html(client.get("/retrospectives"))
    assert "Es wurde noch kein Rückblick veröffentlicht." in text_of(page)


def test_unpublished_retrospective_is_not_listed(client, campaign_2012, publish_year, make_user):
    publish_year(2012)
    reviewer = make_user(Role.REVIEWER, ())
    retrospectives.unpublish(_campaign(2012), reviewer)
    db.session.commit()
    assert client.get("/retrospectives/2012").status_code == 404
    assert "2012" not in text_of(html(client.get("/retrospectives")).select_one("main"))


def test_highlights_are_shown_with_their_note(client, campaign_2012, make_user, publish_year):
    reviewer = make_user(Role.REVIEWER, ())
    events, _projects = retrospectives.highlight_choices(_campaign(2012))
    retrospectives.add_highlight(
        _campaign(2012), reviewer, "Sehr gut besucht.", event_id=events[1].id
    )
    db.session.commit()
    publish_year(2012)
    highlight = html(client.get("/retrospectives/2012")).select_one(".highlight")
    assert "Sehr gut besucht." in text_of(highlight)
    assert highlight.h3.a["href"].endswith(f"/events/{events[1].id}")


def test_public_page_runs_a_constant_number_of_queries(
    client, campaign_2012, publish_year, count_queries
):
    publish_year(2012)
    with count_queries() as counter:
        response = client.get("/retrospectives/2012")
    assert response.status_code == 200
    assert counter.count <= 2, counter.statements


def test_index_runs_a_constant_number_of_queries(
    client, campaign_2012, publish_year, count_queries
):
    publish_year(2012)
    publish_year(2013)
    with count_queries() as counter:
        client.get("/retrospectives")
    assert counter.count <= 2, counter.statements


def test_map_numbers_are_explained_by_a_visible_legend(client, campaign_2012, publish_year):
    publish_year(2012)
    page = html(client.get("/retrospectives/2012"))
    figure = page.select_one("figure.map-figure")
    legend = figure.select("figcaption ol.map-legend li")
    assert legend, "the map needs a numbered legend"
    numbers_on_map = sorted(int(text_of(t)) for t in figure.select("svg g text"))
    assert numbers_on_map == [int(li["value"]) for li in legend]
    assert all("Veranstaltung" in text_of(li) for li in legend)
