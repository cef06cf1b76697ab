"""One unambiguous date order per language: English pages write "2 December 2026" (never the
US month-first order), German pages four-digit years; English pages quote with English marks."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import force_locale, format_date, format_datetime, format_time, refresh

from actiondays.extensions import db
from actiondays.models import Role
from actiondays.models.event import BERLIN
from tests.conftest import html, text_of

#: "December 2, 2026", "Dec 2, 2026", "12/2/26": the month-first orders English must not use.
US_ORDER = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
)
TWO_DIGIT_YEAR = re.compile(r"\b\d{2}\.\d{2}\.\d{2}\b(?!\d)")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            ["2 Dec 2026", "2 Dec 2026", "2 December 2026", "Wednesday, 2 December 2026"],
        ),
        (
            "de",
            ["02.12.2026", "02.12.2026", "2. Dezember 2026", "Mittwoch, 2. Dezember 2026"],
        ),
    ],
)
def test_named_lengths_follow_one_order_per_language(app, language, expected):
    day = date(2026, 12, 2)
    moment = datetime(2026, 12, 2, 15, 30, tzinfo=UTC)  # 16:30 in Berlin
    with app.test_request_context(), force_locale(language):
        assert [format_date(day, n) for n in ("short", "medium", "long", "full")] == expected
        assert format_time(moment, "short") == "16:30"
        assert format_datetime(moment, "medium") == f"{expected[0]}, 16:30"
    with app.test_request_context():  # outside any request language: German
        assert format_date(day, "short") == "02.12.2026"


def _english(client, path):
    client.get("/language/en")
    refresh()
    response = client.get(path)
    assert response.status_code == 200, path
    return html(response)


def test_english_public_pages_write_day_month_year(client, make_event, open_campaign):
    day = datetime.now(BERLIN).date() + timedelta(days=12)
    event = make_event(campaign=open_campaign, day=day, title="Lesefest")
    multi = make_event(campaign=open_campaign, day=day, title="Festwoche")
    multi.set_all_day(day, day + timedelta(days=2))
    open_campaign.motto = "Gemeinsam stark für Kinder"
    db.session.commit()
    written = format_day(day)
    for path in ("/", "/events", f"/events/{event.id}", f"/events/{multi.id}", "/calendar"):
        text = text_of(_english(client, path))
        assert not US_ORDER.search(text), (path, US_ORDER.search(text))
    assert written in text_of(_english(client, f"/events/{event.id}"))
    home = _english(client, "/")
    assert "„" not in text_of(home)
    motto = home.select_one(".motto q")
    assert text_of(motto) == "Gemeinsam stark für Kinder"
    assert "„" not in str(home)


def format_day(day: date) -> str:
    """The English full date as a reader expects it: "Wednesday, 2 December 2026"."""
    return f"{day:%A}, {day.day} {day:%B} {day.year}"


def test_english_working_pages_write_day_month_year(client, login_as, make_event, open_campaign):
    event = make_event(
        campaign=open_campaign,
        day=datetime.now(BERLIN).date() + timedelta(days=5),
        status="submitted",
        submitted_at=datetime.now(UTC),
    )
    assert event.id
    login_as(Role.ADMIN)
    for path in ("/review/", "/admin/campaigns", "/admin/", "/review/accounts"):
        text = text_of(_english(client, path))
        assert not US_ORDER.search(text), (path, US_ORDER.search(text))
    queue = text_of(_english(client, "/review/"))
    assert re.search(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}\b", queue)


def test_german_pages_write_four_digit_years(client, login_as, make_event, open_campaign):
    make_event(
        campaign=open_campaign,
        day=datetime.now(BERLIN).date() + timedelta(days=5),
        status="submitted",
        submitted_at=datetime.now(UTC),
    )
    login_as(Role.ADMIN)
    for path in ("/review/", "/admin/campaigns", "/admin/"):
        text = text_of(html(client.get(path)))
        assert not TWO_DIGIT_YEAR.search(text), (path, TWO_DIGIT_YEAR.search(text))
        assert not re.search(r"\d{2}:\d{2}:\d{2}", text), path


def test_english_reminder_mail_writes_day_month_year(app, make_user, open_campaign):
    from actiondays.mail.outbox import render, settings_for

    user = make_user(Role.ORGANISER)
    settings = settings_for(user)
    settings.locale = "en"
    with app.test_request_context():
        mail = render(
            user,
            settings,
            "draft_reminder",
            lambda v: "subject",
            campaign=open_campaign,
            closes_on=date(2026, 12, 2),
            drafts=[],
        )
    assert "2 Dec 2026" in mail.body_text
    assert not US_ORDER.search(mail.body_text)
    assert not US_ORDER.search(mail.body_html)
