"""The working areas speak English after the language switch (lazy labels, flash messages)."""

from flask_babel import refresh

from tests.conftest import html, text_of


def test_event_form_in_english(client, login_as, open_campaign):
    login_as()
    client.get("/language/en?next=/manage/")
    refresh()  # the tests share one app context, where Flask-Babel caches the locale
    page = html(client.get("/manage/events/new"))
    assert text_of(page.select_one("h1")) == "Register an event"
    labels = [text_of(label) for label in page.select("label")]
    assert "Action day" in labels
    assert "Postal code" in labels
