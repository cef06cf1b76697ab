"""The pure iCalendar builder: deterministic bytes, calendar identity, time zone block."""

from datetime import UTC, date, datetime, timedelta

from actiondays.ical import FeedMeta, build_calendar, location_text
from actiondays.models import Event
from tests.icalcheck import parse_feed

STAMP = datetime(2013, 5, 1, 12, tzinfo=UTC)


def _event(**values) -> Event:
    event = Event(
        uid="0d5f3c1e-1111-4a4a-9b9b-000000000001",
        sequence=3,
        title="Lesefest",
        summary="",
        description="",
        status="published",
        venue_name="Stadtbibliothek",
        venue_street="",
        venue_postal_code="30159",
        venue_city="Hannover",
        organisation="",
        **values,
    )
    event.set_timed(datetime(2013, 6, 15, 8, tzinfo=UTC), datetime(2013, 6, 15, 12, tzinfo=UTC))
    event.created_at = event.updated_at = STAMP
    event.published_at = None
    return event


def _build(events, url="https://example.test/calendar.ics", key="") -> bytes:
    meta = FeedMeta(name="Aktionstage – Test", url=url, refresh=timedelta(hours=6), key=key)
    return build_calendar(events, meta, lambda e: "https://example.test/events/1", lambda e: [])


def test_same_data_gives_the_same_bytes():
    assert _build([_event()]) == _build([_event()])


def test_calendar_uid_depends_on_the_filters_only():
    first, _ = parse_feed(_build([_event()]))
    second, _ = parse_feed(_build([], url="http://127.0.0.1:8000/calendar.ics"))
    other, _ = parse_feed(_build([], key="year=2013"))
    assert first["UID"] == second["UID"] != other["UID"]


def test_empty_calendar_still_declares_the_time_zone():
    first, second = parse_feed(_build([]))
    assert [str(tz["TZID"]) for tz in first.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert second.events == []


def test_stamps_come_from_the_data_not_the_clock():
    first, second = parse_feed(_build([_event()]))
    vevent = next(iter(first.walk("VEVENT")))
    assert vevent["DTSTAMP"].dt == STAMP
    assert second.events[0].last_modified == STAMP
    assert second.events[0].sequence == 3


def test_location_text_skips_missing_parts():
    event = _event()
    assert location_text(event) == "Stadtbibliothek, 30159 Hannover"
    event.venue_name, event.venue_postal_code = "", ""
    assert location_text(event) == "Hannover"


def test_all_day_span_ends_the_day_after_the_last_day():
    event = _event()
    event.set_all_day(date(2013, 6, 15), date(2013, 6, 17))
    _, second = parse_feed(_build([event]))
    assert (second.events[0].dtstart, second.events[0].dtend) == (
        date(2013, 6, 15),
        date(2013, 6, 18),
    )
