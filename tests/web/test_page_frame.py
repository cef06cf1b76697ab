"""The page frame: language on a first visit, favicon, meta description, titles, menu."""

import pytest

from tests.conftest import csrf_token, html, text_of


@pytest.mark.parametrize(
    ("header", "lang"),
    [("en-GB,en;q=0.9", "en"), ("de-DE,de;q=0.9,en;q=0.5", "de"), ("fr-FR", "de"), (None, "de")],
)
def test_first_visit_follows_accept_language(client, seeded, header, lang):
    headers = {"Accept-Language": header} if header else {}
    assert html(client.get("/events", headers=headers)).html["lang"] == lang


def test_language_choice_beats_accept_language(client, seeded):
    client.get("/language/de?next=/events")
    page = html(client.get("/events", headers={"Accept-Language": "en"}))
    assert page.html["lang"] == "de"


def test_every_page_has_a_favicon_and_a_meta_description(client, seeded):
    page = html(client.get("/"))
    icon = page.select_one("link[rel=icon]")
    with client.get(icon["href"]) as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
    assert "Kinderarmut" in page.select_one("meta[name=description]")["content"]


def test_home_title_does_not_repeat_itself(client, seeded):
    assert text_of(html(client.get("/")).title) == "Aktionstage gegen Kinderarmut"
    assert text_of(html(client.get("/regions")).title) == "Regionen · Aktionstage gegen Kinderarmut"


def test_phone_menu_holds_the_same_links_as_the_wide_navigation(client, seeded):
    page = html(client.get("/"))
    wide = [a["href"] for a in page.select("nav.nav-wide a")]
    menu = page.select_one("details.nav-menu")
    assert text_of(menu.summary) == "Menü"
    assert [a["href"] for a in menu.select("nav a")] == wide


def test_error_summary_takes_the_focus_without_javascript(client, seeded):
    token = csrf_token(client.get("/login"))
    page = html(client.post("/login", data={"csrf_token": token}))
    assert page.select_one(".error-summary").has_attr("autofocus")
