"""What a person notices at once: chart labels readable on a phone, and a header that keeps
its height from page to page on wide screens too (the bold current link must not wrap it)."""

import pytest

from tests.browser.pages import DEMO_TODAY, PUBLIC_PAGES, page_ids

pytestmark = pytest.mark.browser

#: The smallest rendered text height (CSS px) a chart label may have at 375 px.
MIN_LABEL_PX = 9

LABEL_SIZES = """() => Array.from(document.querySelectorAll('svg.chart text'))
  .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map(t => ({text: t.textContent.trim(), size: parseFloat(getComputedStyle(t).fontSize)
    * t.getScreenCTM().a}))"""


@pytest.fixture
def demo(seeded):
    from actiondays.demo import create_demo_data
    from actiondays.extensions import db

    create_demo_data(DEMO_TODAY)
    db.session.commit()
    return page_ids()


@pytest.mark.parametrize("path", ["/retrospectives", "/retrospectives/2013"])
def test_chart_labels_stay_readable_at_375_px(browser, live_server, demo, path):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="de-DE")
    page = context.new_page()
    assert page.goto(live_server + path).status == 200
    labels = page.evaluate(LABEL_SIZES)
    context.close()
    assert labels, "no chart labels found"
    small = [(label["text"], round(label["size"], 1)) for label in labels]
    small = [item for item in small if item[1] < MIN_LABEL_PX]
    assert small == []


@pytest.mark.parametrize("width", [1280, 1024, 800])
def test_header_height_is_the_same_on_every_public_page(browser, live_server, demo, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    page = context.new_page()
    heights = {}
    for template in PUBLIC_PAGES:
        path = template.format(**demo)
        page.goto(live_server + path)
        height = page.evaluate(
            "() => document.querySelector('header.site-header').getBoundingClientRect().height"
        )
        heights.setdefault(round(height), []).append(path)
    context.close()
    assert len(heights) == 1, heights


@pytest.mark.parametrize("width", [375, 1280])
def test_key_figure_labels_stay_inside_their_cards(browser, live_server, demo, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    page = context.new_page()
    assert page.goto(live_server + "/retrospectives/2013").status == 200
    overflowing = page.evaluate(
        """() => Array.from(document.querySelectorAll('.key-figures > div')).filter(card => {
             const box = card.getBoundingClientRect();
             return Array.from(card.querySelectorAll('dt, dd')).some(part => {
               const inner = part.getBoundingClientRect();
               return part.scrollWidth > part.clientWidth + 1 || inner.right > box.right + 1;
             });
           }).map(card => card.textContent.trim())"""
    )
    context.close()
    assert overflowing == []


def test_first_event_is_on_the_first_screen_of_a_phone(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="de-DE")
    page = context.new_page()
    page.goto(live_server + "/events")
    top = page.evaluate("() => document.querySelector('.event-card').getBoundingClientRect().top")
    context.close()
    assert top < 740
