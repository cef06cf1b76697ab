"""/ and /events: published events only, filters, pagination, German first."""

from datetime import date

import pytest

from tests.conftest import html, text_of


def _titles(response) -> list[str]:
    return [text_of(a) for a in html(response).select(".event-card .event-title a")]


def test_events_page_shows_published_and_hides_unpublished(client, make_event):
    make_event(title="Öffentlich")
    make_event(title="Abgesagt nach Veröffentlichung", status="cancelled")
    for status in ("draft", "submitted", "rejected"):
        make_event(title=f"Intern {status}", status=status)
    response = client.get("/events")
    assert response.status_code == 200
    titles = _titles(response)
    assert sorted(titles) == ["Abgesagt nach Veröffentlichung", "Öffentlich"]
    assert "Abgesagt" in text_of(html(response).select_one(".is-cancelled"))


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected"])
def test_unpublished_event_page_is_404(client, make_event, status):
    event = make_event(status=status)
    assert client.get(f"/events/{event.id}").status_code == 404


def test_event_page_shows_details_and_sanitised_description(client, make_event):
    event = make_event(description="**Programm**\n\n<script>alert(1)</script>")
    response = client.get(f"/events/{event.id}")
    assert response.status_code == 200
    page = html(response)
    assert text_of(page.h1) == event.title
    assert page.select_one(".prose strong").get_text() == "Programm"
    assert [s.get("type") for s in page.find_all("script")] == ["application/ld+json"]
    assert page.select_one(".prose script") is None


def test_cancelled_event_page_says_so_prominently(client, make_event):
    event = make_event(status="cancelled", cancellation_reason="Unwetter")
    page = html(client.get(f"/events/{event.id}"))
    alert = page.select_one("[role=alert]")
    assert "abgesagt" in text_of(alert)
    assert "Unwetter" in text_of(alert)


def test_events_newest_campaign_first(client, make_event):
    make_event(title="Alt", day=date(2010, 9, 14))
    make_event(title="Neu", day=date(2014, 5, 1))
    assert _titles(client.get("/events")) == ["Neu", "Alt"]


def test_filters_combine(client, make_event):
    make_event(title="Treffer", day=date(2013, 7, 1), themes=["gesundheit"])
    make_event(title="Anderes Thema", day=date(2013, 7, 1), themes=["bildung"])
    make_event(
        title="Andere Region", day=date(2013, 7, 1), themes=["gesundheit"], region_slug="emden"
    )
    make_event(title="Anderes Jahr", day=date(2012, 7, 1), themes=["gesundheit"])
    response = client.get("/events?year=2013&theme=gesundheit&region=region-hannover")
    assert _titles(response) == ["Treffer"]


def test_text_search_ignores_case_and_wildcards(client, make_event):
    make_event(title="Kochkurs für Familien")
    make_event(title="100% Spaß")
    assert _titles(client.get("/events?q=KOCHKURS")) == ["Kochkurs für Familien"]
    assert _titles(client.get("/events?q=%25")) == ["100% Spaß"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "Das Jahr muss eine Zahl sein"),
        ("kind=party", "Unbekannte Veranstaltungsart"),
        ("q=" + "x" * 201, "höchstens 200 Zeichen"),
    ],
)
def test_bad_filter_is_400_with_german_message(client, seeded, query, message):
    response = client.get(f"/events?{query}")
    assert response.status_code == 400
    assert message in text_of(html(response).select_one(".error-message"))


def test_pagination(client, make_event):
    for number in range(7):  # TestingConfig shows 5 per page
        make_event(title=f"Veranstaltung {number}")
    first = client.get("/events")
    second = client.get("/events?page=2")
    assert len(_titles(first)) == 5
    assert len(_titles(second)) == 2
    assert html(first).select_one("a[rel=next]")["href"].endswith("page=2")


def test_empty_state_offers_a_way_back(client, seeded):
    page = html(client.get("/events?year=2011"))
    assert "Keine Veranstaltung passt" in text_of(page.select_one(".empty"))
    assert page.select_one(".empty a")["href"] == "/events"


def test_events_page_query_count_does_not_grow_with_events(client, make_event, count_queries):
    make_event(title="V0", themes=["bildung"])
    with count_queries() as few:
        client.get("/events")
    for number in range(1, 5):
        make_event(title=f"V{number}", themes=["bildung", "gesundheit"])
    with count_queries() as counted:
        client.get("/events")
    assert counted.count == few.count
    # page, total, upcoming total, themes, reports, campaign years, filter regions and themes
    assert counted.count <= 8


def test_start_page_shows_campaign_and_themes(client, seeded):
    page = html(client.get("/"))
    assert page.h1
    assert [text_of(a) for a in page.select(".theme-list a")] == [
        "Bildung",
        "Gesundheit",
        "gesellschaftliche Teilhabe",
        "Vernetzung",
    ]


_HANNOVER_BILDUNG = {"year": 2013, "regions": ("region-hannover",), "themes": ("bildung",)}


@pytest.mark.parametrize(
    ("upcoming_first", "filters", "index"),
    [
        (False, {"themes": ("bildung",)}, "ix_event_themes_theme_event"),
        (False, {"year": 2013, "themes": ("bildung",)}, "ix_event_themes_theme_event"),
        # The API's keyset order: starting from the theme, not walking the order's index.
        (False, _HANNOVER_BILDUNG, "ix_event_themes_theme_event"),
        # The event list of a region: its few rows, each one's themes checked by key.
        (True, _HANNOVER_BILDUNG, "sqlite_autoindex_event_themes_1"),
    ],
)
def test_theme_filter_reads_the_theme_index_on_sqlite(app, seeded, upcoming_first, filters, index):
    """The theme filter finds a theme's events through `ix_event_themes_theme_event`, not by
    reading every row of event_themes (twice per list page: the page and its counts); the
    event list of a region starts from the region's events and checks their themes by key."""
    from actiondays.extensions import db
    from actiondays.models import Event
    from actiondays.services.listings import (
        EventFilters,
        events_upcoming_first,
        published_events,
    )

    if db.engine.dialect.name != "sqlite":
        pytest.skip("the query plan of SQLite without statistics")
    if upcoming_first:
        stmt = events_upcoming_first(EventFilters(**filters), date(2026, 12, 2))
    else:
        stmt = published_events(EventFilters(**filters)).order_by(None)
        stmt = stmt.order_by(Event.starts_on, Event.id)
    sql = stmt.compile(db.engine, compile_kwargs={"literal_binds": True})
    plan = [row[3] for row in db.session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
    assert any(f"INDEX {index}" in d for d in plan), plan
    assert not any(d == "SCAN event_themes" for d in plan), plan
