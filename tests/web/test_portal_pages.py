"""Legal and trust pages: reachable from every page, sanitised, no third-party requests, the
contact form with its limit, easy German, and only strictly necessary cookies."""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import ContactMessage, Role
from tests.conftest import csrf_token, html, text_of

FIVE = ["/impressum", "/datenschutz", "/barrierefreiheit", "/kontakt", "/ueber"]
PUBLIC_PAGES = [
    "/",
    "/events",
    "/calendar",
    "/projects",
    "/regions",
    "/regions/region-hannover",
    "/subscribe",
    "/retrospectives",
    "/login",
    "/register",
    "/leichte-sprache",
    *FIVE,
]


@pytest.fixture
def demo(make_event, make_user):
    """A few events and the demo's sample legal texts, committed."""
    from actiondays.demo.portal import create_sample_pages

    make_event(title="Lesefest")
    make_event(title="Kochkurs", status="cancelled", cancellation_reason="Krankheit")
    create_sample_pages(make_user(Role.ADMIN))
    db.session.commit()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_links_the_five_pages_and_names_the_operator(client, demo, path, app):
    response = client.get(path)
    assert response.status_code == 200
    footer = html(response).find("footer")
    hrefs = {a["href"] for a in footer.find_all("a")}
    assert set(FIVE) <= hrefs
    assert app.config["SITE_OPERATOR"] in text_of(footer)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_pages_make_no_third_party_requests(client, demo, path):
    page = html(client.get(path))
    loaded = [
        tag.get(attribute)
        for tag, attribute in (
            *((t, "src") for t in page.find_all(["img", "script", "iframe", "video", "audio"])),
            *((t, "src") for t in page.find_all(["source", "track", "embed"])),
            *((t, "href") for t in page.find_all("link")),
            *((t, "data") for t in page.find_all("object")),
        )
        if tag.get(attribute)
    ]
    assert loaded, "a page loads at least its stylesheet"
    foreign = [url for url in loaded if urlsplit(url).netloc or url.startswith("//")]
    assert foreign == []


def test_header_links_easy_german(client, seeded):
    nav = html(client.get("/events")).select_one("header nav.nav-wide")
    link = nav.select_one('a[href="/leichte-sprache"]')
    assert link is not None
    assert link["lang"] == "de"


def test_anonymous_visits_set_no_cookie(client, demo):
    for path in ["/", "/events", "/datenschutz", "/leichte-sprache"]:
        assert client.get(path).headers.getlist("Set-Cookie") == []


def test_legal_page_shows_the_demo_sample_text(client, demo):
    page = html(client.get("/barrierefreiheit"))
    assert text_of(page.h1) == "Erklärung zur Barrierefreiheit"
    body = text_of(page.find("main"))
    assert "Mustertext" in body
    assert "PDF" in body  # a known limitation, stated honestly
    assert "Schlichtungsstelle" in body
    assert page.select_one('main a[href="/kontakt"]') is not None
    assert "1. Dezember 2026" in body  # the statement's date from configuration


def test_legal_pages_follow_the_language(client, demo):
    client.get("/language/en?next=/")
    page = html(client.get("/datenschutz"))
    assert text_of(page.h1) == "Privacy statement"
    assert "strictly necessary" in text_of(page.find("main"))


def test_english_address_switches_language(client, demo):
    response = client.get("/en/privacy")
    assert response.status_code == 302
    follow = client.get(response.headers["Location"])
    assert follow.headers["Location"] == "/datenschutz"
    assert text_of(html(client.get("/datenschutz")).h1) == "Privacy statement"


def test_unwritten_page_says_it_is_being_prepared(client, seeded):
    page = html(client.get("/impressum"))
    assert text_of(page.h1) == "Impressum"
    assert "wird gerade erstellt" in text_of(page.find("main"))


def test_easy_german_page_explains_the_site_in_short_sentences(client, seeded):
    page = html(client.get("/leichte-sprache"))
    assert text_of(page.h1) == "Leichte Sprache"
    sentences = [text_of(p) for p in page.select("main .easy p, main .easy li")]
    assert any("Aktions·tage" in s for s in sentences)
    long = [s for s in sentences if len(s.split()) > 15]
    assert long == []
    assert page.select_one('main a[href="/kontakt"]') is not None
    assert page.find("video") is None


def test_sign_language_video_set_by_an_admin_is_self_hosted(client, login_as):
    login_as(Role.ADMIN)
    token = csrf_token(client.get("/admin/pages"))
    bad = client.post(
        "/admin/settings/video",
        data={"video": "https://video.example.com/x.mp4", "csrf_token": token},
    )
    assert bad.status_code == 422
    assert "Video-Datei auf dieser Website" in text_of(html(bad).select_one(".error-summary"))
    good = client.post(
        "/admin/settings/video",
        data={"video": "/static/video/dgs.mp4", "csrf_token": token},
    )
    assert good.status_code == 302
    source = html(client.get("/leichte-sprache")).select_one("video source")
    assert source["src"] == "/static/video/dgs.mp4"


def _contact(client, **data):
    token = csrf_token(client.get("/kontakt"))
    values = {"topic": "barrier", "message": "Der Kalender ist mit Screenreader schwer."}
    values.update(data)
    return client.post("/kontakt", data={**values, "csrf_token": token})


def test_contact_form_stores_a_barrier_report(client, seeded):
    page = html(client.get("/kontakt"))
    assert page.select_one("#privacy-notice a[href='/datenschutz']") is not None
    response = _contact(client, page_url="/calendar", email="leser@example.org")
    assert response.status_code == 302
    row = db.session.scalars(select(ContactMessage)).one()
    assert (row.topic, row.page_url, row.email) == ("barrier", "/calendar", "leser@example.org")
    assert len(row.sender_key) == 64
    assert "127.0.0.1" not in row.sender_key


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"message": ""}, "Bitte schreiben Sie Ihre Nachricht."),
        ({"email": "kein-at"}, "Bitte geben Sie eine gültige E-Mail-Adresse ein."),
        ({"topic": "werbung"}, "Not a valid choice"),
        ({"message": "x" * 5001}, "höchstens 5000 Zeichen"),
    ],
)
def test_contact_form_refuses_bad_input(client, seeded, data, message):
    response = _contact(client, **data)
    assert response.status_code == 422
    if message != "Not a valid choice":
        assert message in text_of(html(response).select_one(".error-summary"))
    assert db.session.scalar(select(func.count()).select_from(ContactMessage)) == 0


def test_contact_form_is_rate_limited(client, seeded, app):
    limit = app.config["CONTACT_MESSAGES_PER_HOUR"]
    for _ in range(limit):
        assert _contact(client).status_code == 302
    response = _contact(client)
    assert response.status_code == 429
    assert "Bitte warten Sie eine Stunde" in text_of(html(response).select_one(".error-summary"))
    assert db.session.scalar(select(func.count()).select_from(ContactMessage)) == limit


def test_registration_shows_the_privacy_notice(client, seeded):
    notice = html(client.get("/register")).select_one("form #privacy-notice")
    assert notice is not None
    text = text_of(notice)
    assert "90 Tagen" in text
    assert "E-Mail-Adresse" in text
    assert notice.select_one("a[href='/datenschutz']") is not None


def test_start_page_shows_the_campaign_intro(client, seeded):
    from tests.conftest import campaign

    current = campaign(2014)
    current.intro_text = "Willkommen zu den **Aktionstagen**! <script>alert(1)</script>"
    db.session.commit()
    main = html(client.get("/")).find("main")
    assert main.select_one(".intro strong").get_text() == "Aktionstagen"
    assert main.find("script") is None
