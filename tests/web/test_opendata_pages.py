"""Embeds for partner sites, the map of events, the sitemap and the discoverability links."""

import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output in tests
from datetime import date, timedelta

from actiondays.models.event import BERLIN
from tests.conftest import html, text_of

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _upcoming_day():
    from datetime import datetime

    return datetime.now(BERLIN).date() + timedelta(days=5)


def test_embed_lists_upcoming_events_of_the_district(client, open_campaign, make_event):
    day = _upcoming_day()
    make_event(title="Spielfest Hannover", day=day, year=open_campaign.year)
    make_event(
        title="Fest in Lüneburg",
        day=day,
        year=open_campaign.year,
        region_slug="landkreis-lueneburg",
    )
    make_event(title="Vorbei", day=date(2013, 6, 1))
    response = client.get("/embed/events?region=region-hannover")
    assert response.status_code == 200
    page = html(response)
    titles = [text_of(a) for a in page.select(".embed-item a")]
    assert len(titles) == 1
    assert titles[0].startswith("Spielfest Hannover")
    assert page.select_one("nav") is None, "an embed has no site navigation"
    assert "Region Hannover" in text_of(page.select_one("h1"))


def test_embed_may_be_framed_and_sets_no_cookie(client, seeded):
    client.get("/language/en")
    response = client.get("/embed/events")
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["frame-ancestors"] == "*"
    # framing is the only exception: no inline or third-party script in a partner's frame
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert "X-Frame-Options" not in response.headers
    assert "Set-Cookie" not in response.headers


def test_embed_refuses_bad_filters(client, seeded):
    assert client.get("/embed/events?kind=fest").status_code == 400


def test_subscribe_page_offers_the_embed_code(client, seeded):
    page = html(client.get("/subscribe?region=region-hannover&theme=bildung"))
    code = page.select_one("textarea#embed-code").get_text()
    fragment = html_fragment(code)
    iframe = fragment.select_one("iframe")
    assert iframe["src"].endswith("/embed/events?region=region-hannover&theme=bildung")
    assert iframe["title"]


def html_fragment(markup: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(markup, "html.parser")


def test_map_counts_events_per_district_with_a_table(client, make_event):
    make_event(title="A")
    make_event(title="B")
    make_event(title="C", region_slug="landkreis-lueneburg")
    response = client.get("/map?year=2013")
    assert response.status_code == 200
    page = html(response)
    svg = page.select_one("svg.tile-map")
    labels = {a["aria-label"] for a in svg.select("a")}
    assert "Region Hannover: 2 Veranstaltungen" in labels
    assert "Landkreis Lüneburg: 1 Veranstaltung" in labels
    rows = {text_of(tr.th): text_of(tr.td) for tr in page.select("table tbody tr")}
    assert rows["Region Hannover"] == "2"
    assert rows["Landkreis Lüneburg"] == "1"
    assert "http" not in "".join(
        tag.get("href", "") + tag.get("src", "") for tag in page.select("[src]")
    ), "no request may leave the site"


def test_map_filtered_by_region_links_each_district_with_its_own_region(client, make_event):
    make_event(title="A")
    response = client.get("/map?year=2013&region=region-hannover&theme=bildung")
    assert response.status_code == 200
    hrefs = [a["href"] for a in html(response).select("svg.tile-map a")]
    assert any("region=landkreis-celle" in href for href in hrefs)
    mixed = [h for h in hrefs if "region=region-hannover" in h and "region=landkreis" in h]
    assert mixed == []


def test_map_shows_the_districts_of_the_campaign_year(client, make_event):
    make_event(region_slug="landkreis-osterode-am-harz")
    old = html(client.get("/map?year=2013")).select_one("svg.tile-map")
    assert any(a["aria-label"].startswith("Landkreis Osterode am Harz: 1") for a in old.select("a"))
    today = html(client.get("/map")).select_one("svg.tile-map")
    labels = [a["aria-label"] for a in today.select("a")]
    assert not any("Osterode" in label for label in labels)
    assert "Landkreis Göttingen: 1 Veranstaltung" in labels, "counted towards the successor"
    assert len(labels) == 45


def test_region_page_has_the_map_with_the_region_outlined(client, make_event):
    make_event()
    page = html(client.get("/regions/region-hannover"))
    current = page.select_one("svg.tile-map rect.tile-current")
    assert current is not None
    assert current.parent["href"] == "/regions/region-hannover"


def test_sitemap_lists_pages_regions_and_public_events(client, make_event):
    shown = make_event()
    hidden = make_event(status="draft")
    index = ET.fromstring(client.get("/sitemap.xml").get_data())  # noqa: S314
    parts = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert len(parts) == 2
    urls = []
    for part in parts:
        path = part.split("actiondays.test", 1)[1]
        response = client.get(path)
        assert response.mimetype == "application/xml"
        urls += [loc.text for loc in ET.fromstring(response.get_data()).iter(f"{SITEMAP}loc")]  # noqa: S314
    assert any(url.endswith(f"/events/{shown.id}") for url in urls)
    assert not any(url.endswith(f"/events/{hidden.id}") for url in urls)
    assert any(url.endswith("/regions/region-hannover") for url in urls)
    assert any(url.endswith("/map") for url in urls)


def test_sitemap_part_out_of_range_is_404(client, seeded):
    assert client.get("/sitemaps/events-2.xml").status_code == 404
    assert client.get("/sitemaps/events-0.xml").status_code == 404


def test_map_embed_and_downloads_run_a_fixed_number_of_queries(client, make_event, count_queries):
    """The number of statements does not grow with the number of events."""
    make_event()
    paths = ("/map", "/embed/events", "/events.csv", "/regions.csv", "/sitemaps/pages.xml")
    few = {}
    for path in paths:
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        few[path] = counter.count
    for n in range(8):
        make_event(title=f"Fest {n}", region_slug="landkreis-lueneburg", themes=["gesundheit"])
    for path in paths:
        with count_queries() as counter:
            client.get(path)
        assert counter.count == few[path], path
    assert few["/map"] <= 6
