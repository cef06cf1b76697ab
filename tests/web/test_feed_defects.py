"""Regressions of the feed defects found in acceptance (issue #12): each output is read back
with an independent parser (icalendar and ical for iCalendar, ElementTree for Atom)."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.ical import FeedMeta, build_calendar
from actiondays.models import Event
from actiondays.models.event import BERLIN
from tests.icalcheck import parse_feed, vevents

ATOM = "{http://www.w3.org/2005/Atom}"
NASTY_Q = "Semikolon; Komma, Back\\slash"


def _unescape(raw: str) -> str:
    """TEXT unescaping of RFC 5545 §3.3.11, for properties a parser returns raw."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


def test_calendar_name_with_separators_is_escaped(client, make_event):
    make_event(title=f"Lesefest {NASTY_Q}")
    response = client.get("/calendar.ics", query_string={"year": "2013", "q": NASTY_Q})
    body = response.data
    escaped = "„Semikolon\\; Komma\\, Back\\\\slash“".encode()
    assert b"\r\nNAME:Aktionstage \xe2\x80\x93 2013 \xe2\x80\x93 " + escaped in body
    first, second = parse_feed(body)
    expected = f"Aktionstage – 2013 – „{NASTY_Q}“"
    # icalendar hands NAME and X- properties over raw; both are TEXT (RFC 7986, RFC 5545).
    assert _unescape(str(first["X-WR-CALNAME"])) == expected
    assert _unescape(str(first["NAME"])) == expected
    assert second.name == [expected]


def test_refresh_interval_declares_value_duration(client, make_event):
    make_event()
    body = client.get("/calendar.ics?year=2013").data
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in body
    first, second = parse_feed(body)
    assert first["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert first["REFRESH-INTERVAL"].dt == timedelta(hours=6)
    assert second.refresh_interval == timedelta(hours=6)


def _same_day_mix(make_event):
    """On one day: timed events at 9 and 14 o'clock, and two all-day events."""
    day = date(2013, 6, 15)
    late = make_event(title="Nachmittag", day=day)
    late.set_timed(
        datetime(2013, 6, 15, 14, tzinfo=BERLIN), datetime(2013, 6, 15, 16, tzinfo=BERLIN)
    )
    make_event(title="Ganztägig A", day=day, all_day=True)
    early = make_event(title="Morgen", day=day)
    early.set_timed(
        datetime(2013, 6, 15, 9, tzinfo=BERLIN), datetime(2013, 6, 15, 10, tzinfo=BERLIN)
    )
    make_event(title="Ganztägig B", day=day, all_day=True)
    make_event(title="Vortag", day=day - timedelta(days=1))
    db.session.commit()


def _canonical(events):
    """The promised total order, computed in Python: day, all-day first, start, id."""
    return sorted(
        events,
        key=lambda e: (
            e.starts_on,
            not e.is_all_day,
            e.starts_at or datetime.min.replace(tzinfo=UTC),
            e.id,
        ),
    )


def test_feed_orders_all_day_first_then_start_then_id(client, make_event):
    _same_day_mix(make_event)
    titles = [str(e["SUMMARY"]) for e in vevents(client.get("/calendar.ics?year=2013").data)]
    assert titles == ["Vortag", "Ganztägig A", "Ganztägig B", "Morgen", "Nachmittag"]


def test_feed_bytes_equal_the_canonical_order_on_this_engine(client, make_event):
    """Run on SQLite and on PostgreSQL (CI runs both): each engine's bytes equal the bytes of
    the same events in the canonical order, built without the database's ORDER BY."""
    _same_day_mix(make_event)
    served = client.get("/calendar.ics?year=2013").data
    events = db.session.scalars(select(Event)).unique().all()
    first, _ = parse_feed(served)
    meta = FeedMeta(
        name=str(first["NAME"]),
        description=str(first["DESCRIPTION"]),
        url=str(first["URL"]),
        key="year=2013",
    )
    canonical = build_calendar(
        _canonical(events),
        meta,
        lambda e: f"http://actiondays.test/events/{e.id}",
        lambda e: [t.name_de for t in e.themes],
    )
    assert served == canonical


def test_event_list_uses_the_same_total_order(client, make_event):
    _same_day_mix(make_event)
    page = client.get("/events?year=2013").get_data(as_text=True)
    positions = [
        page.index(title) for title in ("Ganztägig A", "Ganztägig B", "Morgen", "Nachmittag")
    ]
    assert positions == sorted(positions)


def test_description_is_plain_text_with_links_kept(client, make_event):
    event = make_event(
        summary="",
        description="Für **alle** Kinder.\n\n- Basteln\n- [Anmeldung](https://example.org/anmelden)",
    )
    assert (
        event.description_text
        == "Für alle Kinder.\n\n- Basteln\n\n- Anmeldung (https://example.org/anmelden)"
    )
    _, second = parse_feed(client.get("/calendar.ics?year=2013").data)
    description = second.events[0].description
    assert description.startswith("Für alle Kinder.")
    assert "**" not in description
    assert "[" not in description
    assert "https://example.org/anmelden" in description


def test_calendar_uid_does_not_depend_on_the_host_or_scheme(client, make_event):
    make_event()
    plain, _ = parse_feed(client.get("/calendar.ics?year=2013").data)
    secure, _ = parse_feed(
        client.get("/calendar.ics?year=2013", base_url="https://actiondays.test").data
    )
    other, _ = parse_feed(client.get("/calendar.ics?year=2012").data)
    assert str(plain["URL"]) != str(secure["URL"])
    assert str(plain["UID"]) == str(secure["UID"]) != str(other["UID"])


def _atom_titles(body: bytes) -> list[str]:
    root = ET.fromstring(body)  # noqa: S314 - our own response
    return [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]


def test_atom_validators_move_when_events_are_published(client, make_event):
    make_event(title="Erste")
    first = client.get("/events.atom")
    stamp = parsedate_to_datetime(first.headers["Last-Modified"])
    assert stamp <= datetime.now(UTC)
    waiting = make_event(title="Zweite", status="submitted")
    waiting.publish()
    db.session.commit()
    second = client.get(
        "/events.atom",
        headers={
            "If-Modified-Since": first.headers["Last-Modified"],
            "If-None-Match": first.headers["ETag"],
        },
    )
    assert second.status_code == 200
    assert sorted(_atom_titles(second.data)) == ["Erste", "Zweite"]
    assert second.headers["ETag"] != first.headers["ETag"]
    assert parsedate_to_datetime(second.headers["Last-Modified"]) > stamp


def test_atom_last_modified_never_lies_in_the_future(client, make_event):
    future = datetime.now(UTC) + timedelta(days=600)
    event = make_event(title="Zukunft")
    db.session.execute(
        Event.__table__.update().where(Event.id == event.id).values(updated_at=future)
    )
    db.session.commit()
    response = client.get("/events.atom")
    assert parsedate_to_datetime(response.headers["Last-Modified"]) <= datetime.now(UTC)


def test_atom_feed_takes_the_list_filters(client, make_event):
    make_event(title="Hannover")
    make_event(title="Emden", region_slug="emden", themes=["gesundheit"])
    assert _atom_titles(client.get("/events.atom?region=emden").data) == ["Emden"]
    assert _atom_titles(client.get("/events.atom?theme=bildung").data) == ["Hannover"]
    assert client.get("/events.atom?region=atlantis").status_code == 400
    assert client.get("/events.atom?year=zwanzig").status_code == 400
