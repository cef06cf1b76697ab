"""Done when (issue #12): a visitor finds events on a map with no request leaving the site.
Chromium loads the map, follows a district to its events, and every request it made (page,
styles, images, fonts, scripts) went to this server."""

from datetime import date

import pytest

pytestmark = pytest.mark.browser


def test_visitor_finds_events_on_the_map_and_nothing_leaves_the_site(
    browser, live_server, make_event
):
    make_event(title="Lesefest am Maschsee", day=date(2013, 6, 15))
    make_event(title="Spielfest Lüneburg", day=date(2013, 6, 15), region_slug="landkreis-lueneburg")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        assert page.goto(live_server + "/map?year=2013").status == 200
        district = page.locator('svg.tile-map a[aria-label^="Region Hannover: 1"]')
        assert district.count() == 1
        district.click()
        page.wait_for_load_state()
        body = page.locator("main").inner_text()
        assert "Lesefest am Maschsee" in body
        assert "Spielfest Lüneburg" not in body
        assert page.goto(live_server + "/regions/region-hannover").status == 200
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert len(requested) >= 3
    outside = [url for url in requested if not url.startswith(live_server + "/")]
    assert outside == []
