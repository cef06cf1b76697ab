"""The highlight picker of the reviewer's retrospective page: search and pages, no JavaScript,
never every held event in one list."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import Event, Retrospective, Role
from actiondays.services.retrospectives import PICKER_PAGE_SIZE
from tests.conftest import csrf_token, html, text_of

EDIT = "/review/retrospectives/2012"


@pytest.fixture
def many_held(make_event):
    """25 held 2012 events (more than one picker page) and one event of 2013."""
    for number in range(25):
        make_event(
            title=f"Fest {number:02d}" if number != 7 else "Laternenumzug",
            day=date(2012, 6, 1) + timedelta(days=number),
        )
    make_event(title="Anderes Jahr", day=date(2013, 6, 1))


def _options(page) -> list[str]:
    return [text_of(o) for o in page.select("select[name=event-event_id] option") if o["value"]]


def test_picker_offers_one_page_and_links_the_next(client, many_held, login_as):
    login_as(Role.REVIEWER)
    page = html(client.get(EDIT))
    assert len(_options(page)) == PICKER_PAGE_SIZE
    next_link = page.select_one(".picker-pages a[rel=next]")
    second = html(client.get(next_link["href"]))
    assert len(_options(second)) == 25 - PICKER_PAGE_SIZE
    assert second.select_one(".picker-pages a[rel=next]") is None
    assert second.select_one(".picker-pages a[rel=prev]") is not None


def test_picker_search_narrows_the_choice(client, many_held, login_as):
    login_as(Role.REVIEWER)
    page = html(client.get(f"{EDIT}?event_q=laterne"))
    assert [option.split(" – ")[1] for option in _options(page)] == [
        "Laternenumzug (Region Hannover)"
    ]
    assert page.select_one("#event_q")["value"] == "laterne"
    assert _options(html(client.get(f"{EDIT}?event_q=gibtsnicht"))) == []


def test_event_from_a_later_page_can_be_added(client, many_held, login_as):
    login_as(Role.REVIEWER)
    last = db.session.scalar(select(Event).where(Event.title == "Fest 24"))
    token = csrf_token(client.get(EDIT))
    response = client.post(
        f"{EDIT}/highlights/event",
        data={"csrf_token": token, "event-event_id": str(last.id), "event-note": "Schön."},
    )
    assert response.status_code == 302
    (highlight,) = db.session.scalar(select(Retrospective)).highlights
    assert highlight.event_id == last.id


def test_event_of_another_campaign_is_refused_in_german(client, many_held, login_as):
    login_as(Role.REVIEWER)
    other = db.session.scalar(select(Event).where(Event.title == "Anderes Jahr"))
    token = csrf_token(client.get(EDIT))
    response = client.post(
        f"{EDIT}/highlights/event",
        data={"csrf_token": token, "event-event_id": str(other.id), "event-note": ""},
    )
    assert response.status_code == 422
    assert "Bitte wählen Sie eine Veranstaltung" in response.get_data(as_text=True)
    assert db.session.scalar(select(Retrospective)) is None or not (
        db.session.scalar(select(Retrospective)).highlights
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("event_page=zwei", "ganze Zahl"),
        ("event_page=0", "ganze Zahl"),
        ("event_q=" + "x" * 101, "höchstens 100"),
    ],
)
def test_bad_picker_arguments_are_400(client, many_held, login_as, query, message):
    login_as(Role.REVIEWER)
    response = client.get(f"{EDIT}?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_page_statements_do_not_grow_with_held_events(client, make_event, login_as, count_queries):
    login_as(Role.REVIEWER)
    make_event(day=date(2012, 6, 1))
    client.get(EDIT)
    with count_queries() as few:
        client.get(EDIT)
    for number in range(30):
        make_event(title=f"N{number}", day=date(2012, 6, 2), themes=["bildung", "gesundheit"])
    client.get(EDIT)
    with count_queries() as many:
        client.get(EDIT)
    assert many.count == few.count
