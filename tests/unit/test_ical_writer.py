"""Our VEVENT writer against icalendar's: equal once parsed, over generated events."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Event as VEvent

from actiondays.ical import _description, fold, location_text, vevent_bytes
from actiondays.models.event import BERLIN
from tests.icalcheck import assert_folded

URL = "https://example.test/events/7"
#: Text with what RFC 5545 escapes, multi-byte characters (2, 3 and 4 octets) and newlines.
PIECES = [*"aZ09 ,;:\\\"'\n\täöüßÄ€–„“🎈", "🧒🏽", "\r\n"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=300).map("".join)
LINE = TEXT.map(lambda s: s.replace("\r", "").replace("\n", " ").replace("\t", " "))
INSTANTS = st.datetimes(
    min_value=datetime(2010, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=0))


@st.composite
def events(draw):
    all_day = draw(st.booleans())
    start = draw(INSTANTS)
    end = start + timedelta(minutes=draw(st.integers(1, 60 * 24 * 3)))
    first_day = start.astimezone(BERLIN).date()
    last_day = first_day + timedelta(days=draw(st.integers(0, 3)))
    geo = draw(st.booleans())
    return SimpleNamespace(
        uid="0d5f3c1e-1111-4a4a-9b9b-000000000001",
        sequence=draw(st.integers(0, 1000)),
        title=draw(LINE.filter(bool)),
        summary=draw(TEXT),
        description="",
        description_text=draw(TEXT),
        status=draw(st.sampled_from(["published", "cancelled"])),
        cancellation_reason=draw(st.none() | TEXT),
        is_all_day=all_day,
        starts_on=first_day,
        ends_on=last_day if all_day else end.astimezone(BERLIN).date(),
        starts_at=None if all_day else start,
        ends_at=None if all_day else end,
        updated_at=draw(INSTANTS),
        created_at=draw(INSTANTS),
        published_at=draw(st.none() | INSTANTS),
        venue_name=draw(LINE),
        venue_street=draw(LINE),
        venue_postal_code=draw(st.sampled_from(["", "30159"])),
        venue_city=draw(LINE),
        latitude=draw(st.floats(51.0, 54.0)) if geo else None,
        longitude=draw(st.floats(6.0, 12.0)) if geo else None,
        organisation=draw(LINE),
    )


def _reference(event, categories) -> bytes:
    """The same event written by icalendar, as this app did before its own writer."""
    if event.is_all_day:
        start, end = event.starts_on, event.ends_on + timedelta(days=1)
    else:
        start, end = (instant.astimezone(BERLIN) for instant in (event.starts_at, event.ends_at))
        start = start.astimezone(UTC) if start.fold else start
        end = end.astimezone(UTC) if end.fold else end
    component = VEvent.new(
        uid=event.uid,
        sequence=event.sequence,
        summary=event.title,
        description=_description(event, URL),
        start=start,
        end=end,
        stamp=event.updated_at,
        last_modified=event.updated_at,
        created=event.published_at or event.created_at,
        location=location_text(event) or None,
        categories=list(categories),
        status="CANCELLED" if event.status == "cancelled" else "CONFIRMED",
        transparency="TRANSPARENT",
        url=URL,
    )
    if event.latitude is not None:
        component.add("geo", (round(event.latitude, 6), round(event.longitude, 6)))
    if event.organisation:
        # As TEXT, the default type of X- properties (RFC 5545 §3.8.8.2); icalendar would
        # otherwise write a plain string raw, without escaping.
        component.add("x-organisation", icalendar.vText(event.organisation))
    return component.to_ical()


def _value(value):
    if isinstance(value, list):
        return [_value(item) for item in value]
    if hasattr(value, "cats"):
        return [str(c) for c in value.cats]
    if hasattr(value, "dt"):
        dt = value.dt
        return dt.astimezone(UTC) if isinstance(dt, datetime) else dt
    if hasattr(value, "latitude"):
        return (value.latitude, value.longitude)
    if isinstance(value, int):
        return value
    return str(value)


def _parsed(body: bytes) -> dict:
    """Every property as parsed by icalendar; an empty CATEGORIES (which icalendar writes
    for an event without themes, and we leave out) counts as absent."""
    component = icalendar.Event.from_ical(body.decode())
    if "CATEGORIES" in component and _value(component["CATEGORIES"]) == [""]:
        del component["CATEGORIES"]
    return {
        name: _value(value)
        for name, value in component.property_items(recursive=False)[1:-1]
        if name != "END"
    } | {"TZID": _tzids(component)}


def _tzids(component) -> dict:
    return {name: str(component[name].params.get("TZID", "")) for name in ("DTSTART", "DTEND")}


@settings(max_examples=150, deadline=None)
@given(events(), st.lists(LINE.filter(bool), max_size=3))
def test_own_writer_equals_icalendar_once_parsed(event, categories):
    ours = vevent_bytes(event, URL, categories)
    assert_folded(ours)
    assert _parsed(ours) == _parsed(_reference(event, categories))


@given(st.text(min_size=0, max_size=400))
def test_folding_keeps_every_character_and_75_octets(text):
    line = "DESCRIPTION:" + text.replace("\r", "").replace("\n", "")
    folded = fold(line)
    assert_folded(folded)
    assert folded[:-2].replace(b"\r\n ", b"").decode() == line


def test_folding_never_splits_a_multi_byte_character():
    folded = fold("X:" + "🎈" * 40)
    for piece in folded[:-2].split(b"\r\n "):
        piece.decode()  # raises if a four-octet sequence was cut


def test_all_day_dates_are_exclusive_at_the_end():
    event = SimpleNamespace(
        **{
            **vars(_sample()),
            "is_all_day": True,
            "starts_on": date(2013, 6, 15),
            "ends_on": date(2013, 6, 16),
        }
    )
    assert b"DTEND;VALUE=DATE:20130617" in vevent_bytes(event, URL, [])


def _sample():
    start = datetime(2013, 6, 15, 8, tzinfo=UTC)
    return SimpleNamespace(
        uid="u",
        sequence=0,
        title="T",
        summary="",
        description="",
        description_text="",
        status="published",
        cancellation_reason=None,
        is_all_day=False,
        starts_on=date(2013, 6, 15),
        ends_on=date(2013, 6, 15),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        updated_at=start,
        created_at=start,
        published_at=None,
        venue_name="",
        venue_street="",
        venue_postal_code="",
        venue_city="",
        latitude=None,
        longitude=None,
        organisation="",
    )
