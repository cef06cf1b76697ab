"""Every page at phone width (375 CSS px) as every role: no sideways scrolling, space above the
first heading, axe at 0. The pages come from one list, tests/browser/pages.py."""

import pytest

from tests.browser.pages import AREA_PAGES, DEMO_TODAY, PUBLIC_PAGES, page_ids
from tests.browser.test_accessibility import _axe_violations

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}
ROLES = [None, *sorted(AREA_PAGES)]

MEASURE = """() => {
  const header = document.querySelector('header.site-header').getBoundingClientRect();
  const heading = document.querySelector('main h1');
  return {
    scrollWidth: document.documentElement.scrollWidth,
    headerHeight: header.height,
    gap: heading ? heading.getBoundingClientRect().top - header.bottom : null,
  };
}"""


@pytest.fixture
def demo(seeded):
    """The demo data, committed, and the ids the page list refers to."""
    from actiondays.demo import create_demo_data
    from actiondays.extensions import db

    create_demo_data(DEMO_TODAY)
    db.session.commit()
    return page_ids()


def _sign_in(page, base, email):
    from actiondays.demo import DEMO_PASSWORD

    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("email", ROLES, ids=lambda e: e or "anonymous")
def test_every_page_fits_375_px_with_space_above_the_first_heading(
    browser, live_server, demo, email
):
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    if email:
        _sign_in(page, live_server, email)
    paths = [*PUBLIC_PAGES, *AREA_PAGES.get(email, [])]
    problems, header_heights = {}, set()
    for template in paths:
        path = template.format(**demo)
        response = page.goto(live_server + path)
        assert response.status in (200, 404), path
        figures = page.evaluate(MEASURE)
        header_heights.add(round(figures["headerHeight"]))
        found = []
        if figures["scrollWidth"] > PHONE["width"]:
            found.append(f"scrollWidth {figures['scrollWidth']}")
        if figures["gap"] is None or figures["gap"] < 16:
            found.append(f"heading gap {figures['gap']}")
        # axe once per page: public pages as the anonymous visitor, area pages as their role
        if email is None or template not in PUBLIC_PAGES:
            found.extend(_axe_violations(page))
        if found:
            problems[path] = found
    context.close()
    assert problems == {}
    assert len(header_heights) == 1, header_heights
