"""The postal-code button of the event form in Chromium, a plain form round trip: it fills the
coordinates and names the district, and the page it returns (with the warning, and later the
confirmation box) passes axe."""

import pytest

from actiondays.extensions import db
from tests.browser.test_accessibility import _axe_violations
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_postal_code_button_without_javascript(browser, live_server, make_user, open_campaign):
    email = make_user(regions=("region-hannover", "landkreis-lueneburg")).email
    db.session.commit()  # end the read transaction: the live server writes on sign-in
    # The site ships no script (static/ has none), so this is the no-JavaScript path; axe
    # itself needs JavaScript in the page, so it stays enabled.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server + "/login")
        page.fill("#email", email)
        page.fill("#password", TEST_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(live_server + "/manage/events/new")
        page.select_option("select[name=region_id]", label="Landkreis Lüneburg")
        page.fill("input[name=venue_postal_code]", "30159")
        page.get_by_role("button", name="Koordinaten aus der Postleitzahl übernehmen").click()
        page.wait_for_load_state()
        assert page.input_value("input[name=latitude]").startswith("52.3")
        assert page.input_value("input[name=longitude]").startswith("9.7")
        warning = page.locator(".postcode-hint.alert-warning")
        assert "Region Hannover" in warning.inner_text()
        assert _axe_violations(page) == []
    finally:
        context.close()
