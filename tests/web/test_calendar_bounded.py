"""The month calendar stays bounded: a few events per day, "+ N more" linking to the list."""

from datetime import date, timedelta

import pytest

import actiondays.web.public.calendar as calendar_view
from tests.conftest import html, text_of


def test_full_day_shows_four_events_and_links_the_rest(client, make_event):
    day = date(2013, 6, 15)
    for number in range(7):
        make_event(title=f"Termin {number}", day=day, all_day=number == 6)
    page = html(client.get("/calendar?year=2013&month=6"))
    cell = next(td for td in page.select("td") if td.select(".day-events"))
    titles = [text_of(a) for a in cell.select(".day-events a")]
    assert len(titles) == 4
    assert titles[0] == "Termin 6"  # the all-day event comes first
    more = cell.select_one(".day-more a")
    assert text_of(more).startswith("+ 3 weitere")
    listed = html(client.get(more["href"]))
    assert more["href"].startswith("/events?on=2013-06-15")
    assert "Tag: Samstag, 15. Juni 2013" in text_of(listed)


def test_multi_day_event_counts_on_each_of_its_days(client, make_event):
    long = make_event(title="Lang", day=date(2013, 6, 14), all_day=True)
    long.set_all_day(date(2013, 6, 14), date(2013, 6, 16))
    from actiondays.extensions import db

    db.session.commit()
    for number in range(4):
        make_event(title=f"Kurz {number}", day=date(2013, 6, 16))
    page = html(client.get("/calendar?year=2013&month=6"))
    more = [text_of(p) for p in page.select(".day-more")]
    assert more == ["+ 1 weitere Veranstaltung – Sonntag, 16. Juni 2013"]


def test_month_list_is_bounded(client, make_event, monkeypatch):
    monkeypatch.setattr(calendar_view, "LISTED_PER_MONTH", 3)
    for number in range(5):
        make_event(title=f"Termin {number}", day=date(2013, 6, 1) + timedelta(days=number))
    page = html(client.get("/calendar?year=2013&month=6"))
    assert len(page.select(".month-list li")) == 3
    assert "2 weitere Veranstaltungen" in text_of(page.select_one(".month-more"))


def test_bad_day_filter_is_400_with_message(client, seeded):
    response = client.get("/events?on=2013-13-45")
    assert response.status_code == 400
    assert "Der Tag muss ein Datum sein" in response.get_data(as_text=True)


@pytest.mark.parametrize("extra", [0, 9])
def test_calendar_statements_stay_constant(client, make_event, count_queries, extra):
    for number in range(1 + extra):
        make_event(title=f"T{number}", day=date(2013, 6, 15 + number % 3))
    with count_queries() as counted:
        client.get("/calendar?year=2013&month=6")
    assert counted.count == 5  # grid counts, bounded events, campaign years (picker), …


def test_month_queries_read_the_span_index_on_sqlite(app, seeded):
    """SQLite (no statistics) would start from the status index, which selects nearly every
    event, and visit each row: 50,000 events cost 300 ms of CPU. The month's day counts and
    its per-day ranks are read from the covering index `ix_events_span` instead."""
    from actiondays.extensions import db
    from actiondays.services.listings import EventFilters, month_day_counts, month_events_bounded

    if db.engine.dialect.name != "sqlite":
        pytest.skip("the query plan of SQLite without statistics")
    first, last = date(2013, 8, 26), date(2013, 10, 6)
    for stmt in (
        month_day_counts(EventFilters(), first, last),
        month_events_bounded(EventFilters(), first, last, 4, (date(2013, 9, 1), last), 100),
    ):
        sql = stmt.compile(db.engine, compile_kwargs={"literal_binds": True})
        plan = db.session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
        details = [row[3] for row in plan]
        assert any("COVERING INDEX ix_events_span" in d for d in details), details
        assert not any("ix_events_status" in d for d in details), details
