"""WCAG 2.1 AA checks with axe-core in a real browser, keyboard use, reflow, no-JS use."""

import pytest

pytestmark = pytest.mark.browser
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}×)" for v in result.response["violations"]]


@pytest.fixture
def some_events(make_event):
    """A published, a cancelled and an all-day event."""
    make_event(title="Lesefest")
    make_event(title="Kochkurs", status="cancelled", cancellation_reason="Krankheit")
    return make_event(title="Spielplatzfest", all_day=True, themes=["teilhabe", "gesundheit"])


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events",
        "/events?year=2013&theme=bildung",
        "/events?year=1999",
        "/login",
        "/events?year=abc",
        "/does-not-exist",
        "/password/forgot",
        "/account/confirm",
        "/password/reset/not-a-valid-token",
        "/map",
        "/map?year=2013&theme=bildung",
        "/regions/region-hannover",
        "/subscribe?region=region-hannover",
        "/embed/events?region=region-hannover",
        "/api/v1/",
    ],
)
def test_public_pages_have_no_axe_violations(page, live_server, some_events, path):
    page.goto(live_server + path)
    assert _axe_violations(page) == []


def test_event_page_has_no_axe_violations(page, live_server, some_events):
    page.goto(f"{live_server}/events/{some_events.id}")
    assert _axe_violations(page) == []


def test_unsubscribe_page_has_no_axe_violations(page, live_server, make_user):
    from actiondays.extensions import db
    from actiondays.mail.outbox import settings_for

    token = settings_for(make_user()).unsubscribe_token
    db.session.commit()
    page.goto(f"{live_server}/mail/unsubscribe/{token}/reminders")
    assert _axe_violations(page) == []


def test_login_form_with_errors_has_no_axe_violations(page, live_server, seeded):
    page.goto(live_server + "/login")
    page.get_by_role("button", name="Anmelden").click()
    assert page.locator(".error-summary").is_visible()
    assert _axe_violations(page) == []


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, live_server, seeded):
    page.goto(live_server + "/events")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/", "/events", "/login"])
def test_pages_reflow_at_320_css_pixels(browser, live_server, some_events, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0


def test_filters_work_without_javascript(browser, live_server, some_events):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(live_server + "/events")
    page.locator("details.filter-toggle > summary").click()  # <details> opens without JS
    page.get_by_label("gesellschaftliche Teilhabe").check()
    page.get_by_role("button", name="Filter anwenden").click()
    titles = page.locator(".event-card .event-title").all_inner_texts()
    context.close()
    assert titles == ["Spielplatzfest"]


DEMO_PAGES = [
    "/",
    "/events",
    "/calendar",
    "/calendar?year=2013&month=9",
    "/subscribe",
    "/subscribe?region=region-hannover&theme=bildung",
    "/projects",
    "/regions",
    "/regions/region-hannover",
    "/retrospectives",
    "/retrospectives/2013",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/kontakt",
    "/ueber",
    "/leichte-sprache",
    "/register",
    "/indicators",
    "/indicators/child_poverty_rate_demo?year=2013",
    "/regions/landkreis-goettingen",
]


def test_every_public_page_on_demo_data_has_no_axe_violations(page, live_server, seeded):
    from datetime import date

    from sqlalchemy import select

    from actiondays.demo import create_demo_data
    from actiondays.extensions import db
    from actiondays.models import Event, Project

    create_demo_data(date(2026, 11, 24))
    db.session.commit()
    event_id = db.session.scalar(select(Event.id).where(Event.status == "cancelled"))
    project_id = db.session.scalar(select(Project.id).where(Project.status == "published"))
    found = {}
    for path in [*DEMO_PAGES, f"/events/{event_id}", f"/projects/{project_id}"]:
        response = page.goto(live_server + path)
        assert response.status == 200, path
        violations = _axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


AREA_PAGES = {
    "hannover@example.org": [
        "/manage/",
        "/manage/events/new",
        "/manage/projects/new",
        "/manage/import",
        "/account/password",
        "/account/sessions",
        "/account/notifications",
        "/account/email",
        "/account/data",
        "/funding/",
        "/funding/calls/{mitten_drin_call}/apply",
    ],
    "dksb@example.org": [
        "/funding/",
        "/funding/calls/{mitten_drin_call}",
        "/funding/applications/{submitted_application}",
        "/funding/applications/{approved_application}",
    ],
    "pruefung@example.org": [
        "/review/",
        "/review/accounts",
        "/review/retrospectives/2014",
        "/review/retrospectives/2013/preview",
        "/account/notifications",
        "/review/indicators/",
        "/review/indicators/import",
    ],
    "admin@example.org": [
        "/admin/",
        "/account/two-factor",
        "/account/two-factor/setup",
        "/admin/users",
        "/admin/mail",
        "/admin/invite",
        "/admin/users/new",
        "/admin/campaigns",
        "/admin/themes",
        "/admin/regions",
        "/admin/pages",
        "/admin/pages/barrierefreiheit/de",
        "/admin/pages/barrierefreiheit/de/versions/1",
        "/admin/messages",
        "/account/data",
        "/admin/funding/",
        "/admin/funding/programmes/new",
        "/admin/funding/programmes/{mitten_drin_programme}",
        "/admin/funding/programmes/{mitten_drin_programme}/calls/new",
        "/admin/funding/programmes/{mitten_drin_programme}/edit",
        "/admin/funding/calls/{mitten_drin_call}/edit",
    ],
}


def _funding_ids() -> dict[str, int]:
    """Ids of the demo's Mitten drin! programme, call and two of its applications."""
    from sqlalchemy import select

    from actiondays.extensions import db
    from actiondays.models import FundingApplication, FundingCall, FundingProgramme

    call = db.session.scalar(
        select(FundingCall).join(FundingProgramme).where(FundingProgramme.kind == "standing")
    )
    by_status = {
        a.status: a.id
        for a in db.session.scalars(
            select(FundingApplication).where(FundingApplication.call_id == call.id)
        )
    }
    return {
        "mitten_drin_call": call.id,
        "mitten_drin_programme": call.programme_id,
        "submitted_application": by_status["submitted"],
        "approved_application": by_status["approved"],
    }


@pytest.mark.parametrize("email", sorted(AREA_PAGES))
def test_working_areas_have_no_axe_violations(page, live_server, seeded, email):
    from datetime import date

    from actiondays.demo import DEMO_PASSWORD, create_demo_data
    from actiondays.extensions import db

    create_demo_data(date(2026, 11, 24))
    db.session.commit()
    ids = _funding_ids()
    page.goto(live_server + "/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    found = {}
    for path in (p.format(**ids) for p in AREA_PAGES[email]):
        response = page.goto(live_server + path)
        assert response.status == 200, path
        violations = _axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_event_form_with_errors_has_no_axe_violations(page, live_server, login_as):
    from tests.conftest import TEST_PASSWORD

    user = login_as()  # creates the account; the browser signs in on its own
    page.goto(live_server + "/login")
    page.fill("#email", user.email)
    page.fill("#password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(live_server + "/manage/events/new")
    page.locator("main form button[type=submit]:not([name=geocode])").last.click()
    page.locator(".error-summary").wait_for()
    assert page.locator(".error-summary li").count() >= 5
    assert _axe_violations(page) == []


def test_contact_form_with_errors_has_no_axe_violations(page, live_server, seeded):
    page.goto(live_server + "/kontakt")
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert page.locator(".error-summary").count() == 1
    assert _axe_violations(page) == []


def test_two_step_sign_in_pages_have_no_axe_violations(page, live_server, make_user):
    """The code step (with an error), the recovery-code step and the recovery codes shown once."""
    import pyotp

    from actiondays.models import Role
    from tests.conftest import TEST_PASSWORD

    user = make_user(Role.ADMIN, regions=())
    page.goto(live_server + "/login")
    page.fill("#email", user.email)
    page.fill("#password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(live_server + "/account/two-factor/setup")
    assert _axe_violations(page) == []
    secret = "".join(page.locator("#totp-secret").inner_text().split())
    page.fill("#code", pyotp.TOTP(secret).now())
    page.locator("main form button[type=submit]").click()
    # count() does not wait: wait for the page after the form first (slow on a busy machine).
    page.locator(".recovery-codes code").first.wait_for()
    assert page.locator(".recovery-codes code").count() == 10
    assert _axe_violations(page) == []
    page.locator("form.inline-form button[type=submit]").first.click()  # sign out
    page.goto(live_server + "/login")
    page.fill("#email", user.email)
    page.fill("#password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/login/code")
    page.fill("#code", "1")
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert _axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 740})  # the code step on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto(live_server + "/login/recovery")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    assert _axe_violations(page) == []
