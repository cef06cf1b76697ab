"""Done when (issue #12): a municipality embeds its district's events. A page of another
origin (a second server on another port, standing in for the municipality's site) frames
/embed/events?region=…; Chromium shows the district's events inside the frame."""

import threading
from datetime import datetime, timedelta

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from actiondays.models.event import BERLIN

pytestmark = pytest.mark.browser


@pytest.fixture
def municipality_site(live_server):
    """A page on another origin with the embed code of the Region Hannover."""
    embed = f"{live_server}/embed/events?region=region-hannover"
    body = (
        "<!doctype html><html lang='de'><title>Stadt</title><h1>Unsere Aktionstage</h1>"
        f"<iframe src='{embed}' title='Aktionstage' width='400' height='600'></iframe></html>"
    )

    def site(environ, start_response):
        return Response(body, mimetype="text/html")(environ, start_response)

    server = make_server("127.0.0.1", 0, site, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()
    server.server_close()


def test_a_municipality_site_frames_its_districts_events(
    browser, live_server, municipality_site, make_event, open_campaign
):
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    make_event(title="Spielfest Hannover", day=day, year=open_campaign.year)
    make_event(
        title="Fest in Lüneburg",
        day=day,
        year=open_campaign.year,
        region_slug="landkreis-lueneburg",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(municipality_site)
        frame = page.frame_locator("iframe")
        items = frame.locator(".embed-item")
        items.first.wait_for()
        text = " ".join(items.all_inner_texts())
        assert "Spielfest Hannover" in text
        assert "Fest in Lüneburg" not in text
        assert context.cookies() == [], "the embed sets no cookie"
    finally:
        context.close()
