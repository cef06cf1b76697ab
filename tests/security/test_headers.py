"""Security headers on every kind of response, a clean 503 while the database is down, and
control characters in paths refused."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import config
from actiondays import create_app
from actiondays.models import Role
from actiondays.web.security import embeddable
from tests.conftest import html


def _directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    pairs = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {name: (value[0] if value else "") for name, *value in pairs}


def _assert_hardened(response) -> None:
    csp = _directives(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline', no hosts
    assert csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),  # a page
        ("/calendar.ics", 200),  # a feed
        ("/events.atom", 200),
        ("/events/99999", 404),  # an error page
        ("/calendar.ics?kind=fest", 400),  # a feed's error
        ("/static/css/app.css", 200),
    ],
)
def test_public_responses_carry_the_security_headers(client, seeded, url, status):
    response = client.get(url)
    response.close()
    assert response.status_code == status
    _assert_hardened(response)
    assert "Strict-Transport-Security" not in response.headers  # only in production


def test_a_download_carries_the_headers_and_is_not_stored(client, login_as):
    login_as(Role.ORGANISER)
    response = client.get("/manage/import/vorlage.csv")
    assert response.status_code == 200
    _assert_hardened(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_no_template_has_inline_script_or_style(app):
    """The policy forbids inline code; templates may only carry JSON-LD data blocks.

    Mail bodies (`mail/`) are not pages: mail clients need their inline styles and no CSP applies.
    """
    for name in app.jinja_env.list_templates(extensions=["html"]):
        own = Path(app.template_folder, name).is_file()  # not a library's (flask-smorest's)
        if name.startswith("mail/") or not own:
            continue
        source = app.jinja_env.loader.get_source(app.jinja_env, name)[0]
        page = BeautifulSoup(source, "html.parser")
        for script in page.select("script"):
            assert script.get("type") == "application/ld+json" or script.get("src"), name
        assert not page.select("style"), name
        assert not page.select("[style]"), name
        assert not [
            tag for tag in page.find_all(True) if any(a.startswith("on") for a in tag.attrs)
        ]


def _fresh_app(**settings):
    class Settings(config.TestingConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    for key, value in settings.items():
        setattr(Settings, key, value)
    return create_app(Settings)


def test_embeddable_pages_may_be_framed_and_others_not():
    app = _fresh_app(EMBED_ANCESTORS="https://www.niedersachsen.de")

    @app.get("/embed/test")
    @embeddable
    def embedded():
        return "<p>embedded</p>"

    response = app.test_client().get("/embed/test")
    assert _directives(response)["frame-ancestors"] == "https://www.niedersachsen.de"
    assert "X-Frame-Options" not in response.headers


def test_production_sends_hsts():
    app = _fresh_app(HSTS=True)
    response = app.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_answer_a_clean_503_while_the_database_is_unreachable(tmp_path):
    app = _fresh_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}")
    for url in ("/", "/events", "/regions"):
        response = app.test_client().get(url)
        assert response.status_code == 503, url
        assert response.headers["Retry-After"] == "30"
        page = html(response)
        assert page.select_one("h1").get_text(strip=True) == "Vorübergehend nicht erreichbar"
        _assert_hardened(response)


@pytest.mark.parametrize(
    "url", ["/regions/%00", "/f/%00.ics", "/regions/a%01b", "/events/%0a", "/retrospectives/%7f"]
)
def test_control_characters_in_paths_are_refused(client, seeded, url):
    response = client.get(url)
    assert response.status_code in (400, 404), url
    if "%00" in url or "%01" in url:
        assert response.status_code == 400
