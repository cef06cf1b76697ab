"""Acceptance of every feed variant by independent parsers, with no error and no warning.

Parsers: `icalendar` (the writer's own library, read back strictly: no parse errors recorded
on any component), `ical` (a second, pydantic-based implementation), `vobject` (a third,
with its validation), ical.js through Node (Thunderbird's parser; runs where Node and ical.js
are installed, as `.ci/run` does) and our structural check (`tests/icalcheck.py`: CRLF,
folding, the properties RFC 5545 requires). Python warnings and log records of WARNING or
above raised while parsing fail the test. The one allowed note is "no events" on a feed that
is really empty.
"""

import logging
import warnings
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from actiondays.extensions import db
from actiondays.models.event import BERLIN
from actiondays.services.feeds import ensure_alias
from tests.icalcheck import assert_folded
from tests.web.test_feed_icaljs import _icaljs, _read_with_icaljs

NASTY = "Semikolon; Komma, Back\\slash"
REQUIRED_IN_EVENT = ("UID", "DTSTAMP", "DTSTART", "SUMMARY")


def _instant(value) -> str:
    """A start as every parser is compared on: the UTC instant, or the date of an all-day."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)  # ical.js: "2013-10-26T20:00:00.000Z" or "2013-06-15"
    return text.replace(".000Z", "Z")


@pytest.fixture
def catalogue(make_event):
    """Events of three campaigns, every shape a feed carries: timed, all-day, several days,
    across the October DST change, cancelled, statewide, with geo, text with , ; \\ and
    newlines, a district that existed only until 2016."""
    make_event(title="Lesefest", day=date(2012, 6, 1))
    make_event(title="Ganztägig", day=date(2013, 6, 15), all_day=True, themes=["teilhabe"])
    several = make_event(title="Mehrtägig", day=date(2013, 6, 14), all_day=True)
    several.set_all_day(date(2013, 6, 14), date(2013, 6, 16))
    night = make_event(
        title=f"Nacht {NASTY}",
        day=date(2013, 10, 26),
        summary="Zeile eins\nZeile zwei; mit, Zeichen \\ und 🎈",
        description="**Fett** und [Link](https://example.org/a?b=c;d)",
        venue_name=f"Halle {NASTY}",
        latitude=52.37454,
        longitude=9.73855,
    )
    night.set_timed(
        datetime(2013, 10, 26, 22, tzinfo=BERLIN), datetime(2013, 10, 27, 8, tzinfo=BERLIN)
    )
    cancelled = make_event(title="Abgesagt", day=date(2013, 6, 20), region_slug="emden")
    cancelled.cancel("Unwetter; leider, ja")
    make_event(
        title="Werkstatt",
        kind="ideas_workshop",
        region=None,
        day=date(2013, 3, 1),
        themes=["gesundheit", "bildung"],
    )
    make_event(title="Osterode", day=date(2014, 6, 15), region_slug="landkreis-osterode-am-harz")
    db.session.commit()
    soon = datetime.now(BERLIN).date() + timedelta(days=3)
    return {"soon": soon, "single": night.id, "cancelled": cancelled.id}


def _variants(catalogue) -> dict[str, str]:
    long_query = urlencode(
        [("year", "2013"), ("region", "region-hannover"), ("region", "emden")]
        + [("theme", "bildung")]
        + [("theme", "teilhabe"), ("theme", "gesundheit"), ("kind", "action_day")]
    )
    alias = ensure_alias(long_query)
    db.session.commit()
    return {
        "year 2012": "/calendar.ics?year=2012",
        "year 2013": "/calendar.ics?year=2013",
        "year 2014 (historic district)": "/calendar.ics?year=2014",
        "regional": "/calendar.ics?year=2013&region=region-hannover",
        "two regions": "/calendar.ics?year=2013&region=region-hannover&region=emden",
        "theme": "/calendar.ics?year=2013&theme=teilhabe",
        "kind": "/calendar.ics?year=2013&kind=ideas_workshop",
        "q with , ; \\": "/calendar.ics?" + urlencode({"year": "2013", "q": NASTY}),
        "cancelled only": "/calendar.ics?year=2013&region=emden",
        "single event": f"/events/{catalogue['single']}.ics",
        "single cancelled event": f"/events/{catalogue['cancelled']}.ics",
        "alias": f"/f/{alias.code}.ics",
        "default window (empty)": "/calendar.ics",
        "empty year": "/calendar.ics?year=2010",
    }


EMPTY = {"default window (empty)", "empty year"}


class Notes:
    """Everything the parsers said besides their result."""

    def __init__(self):
        self.items: list[str] = []

    def add(self, parser: str, text: str) -> None:
        self.items.append(f"{parser}: {text}")


def _strict(parser: str, notes: Notes, caplog, read):
    """Run `read()` with Python warnings and WARNING log records turned into notes."""
    caplog.clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with caplog.at_level(logging.WARNING):
            result = read()
    for warning in caught:
        notes.add(parser, f"{warning.category.__name__}: {warning.message}")
    for record in caplog.records:
        notes.add(parser, f"log {record.name}: {record.getMessage()}")
    return result


def _structure(body: bytes, notes: Notes) -> None:
    assert_folded(body)
    text = body.decode("utf-8")
    assert "\r\n\r\n" not in text
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2] == "END:VCALENDAR"
    for name in ("VERSION:2.0", "PRODID:"):
        assert any(line.startswith(name) for line in lines), name


def _with_icalendar(body: bytes, notes: Notes, caplog) -> list[tuple[str, str]]:
    calendar = _strict("icalendar", notes, caplog, lambda: icalendar.Calendar.from_ical(body))
    for component in calendar.walk():
        for error in getattr(component, "errors", []):
            notes.add("icalendar", f"{component.name}: {error}")
    events = list(calendar.walk("VEVENT"))
    for event in events:
        for name in REQUIRED_IN_EVENT:
            assert name in event, name
        if event["DTSTART"].params.get("VALUE") == "DATE":
            assert event["DTEND"].params.get("VALUE") == "DATE"
    if not events:
        notes.add("icalcheck", "no events")
    return [(str(e["UID"]), str(e["SUMMARY"]), _instant(e["DTSTART"].dt)) for e in events]


def _with_ical(body: bytes, notes: Notes, caplog) -> list[tuple[str, str]]:
    calendar = _strict(
        "ical", notes, caplog, lambda: IcsCalendarStream.calendar_from_ics(body.decode())
    )
    return [(e.uid, e.summary, _instant(e.dtstart)) for e in calendar.events]


def _with_vobject(body: bytes, notes: Notes, caplog) -> list[tuple[str, str]]:
    # vobject keeps the first VTIMEZONE it saw for a TZID for the whole process; feeds carry
    # the time zone for their own years only, so each feed is read as a fresh client would.
    vars(vobject.icalendar)["__tzidMap"].clear()

    def read():
        calendar = vobject.readOne(body.decode("utf-8"), validate=True)
        calendar.validate(raiseException=True, complainUnrecognized=False)
        return calendar

    calendar = _strict("vobject", notes, caplog, read)
    events = getattr(calendar, "vevent_list", [])
    return [(e.uid.value, e.summary.value, _instant(e.dtstart.value)) for e in events]


def test_every_feed_variant_passes_every_parser_without_a_warning(client, catalogue, caplog):
    icaljs = _icaljs() is not None
    failures = []
    for label, url in _variants(catalogue).items():
        response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)
        body = response.data
        notes = Notes()
        _structure(body, notes)
        readings = {
            "icalendar": _with_icalendar(body, notes, caplog),
            "ical": _with_ical(body, notes, caplog),
            "vobject": _with_vobject(body, notes, caplog),
        }
        if icaljs:
            dumped = _read_with_icaljs(body)
            readings["ical.js"] = [
                (e["uid"], e["summary"], _instant(e["start"])) for e in dumped["events"]
            ]
        reference = readings["icalendar"]
        for parser, reading in readings.items():
            if reading != reference:
                failures.append(f"{label}: {parser} read {reading}, icalendar {reference}")
        expected_notes = ["icalcheck: no events"] if label in EMPTY else []
        if notes.items != expected_notes:
            failures.append(f"{label}: {notes.items}")
        if label not in EMPTY:
            assert reference, label
    assert failures == []


def test_cancelled_and_special_text_reach_every_parser_unchanged(client, catalogue):
    body = client.get("/calendar.ics?year=2013").data
    vars(vobject.icalendar)["__tzidMap"].clear()
    calendar = vobject.readOne(body.decode("utf-8"))
    events = {e.summary.value: e for e in calendar.vevent_list}
    assert events["Abgesagt"].status.value == "CANCELLED"
    night = events[f"Nacht {NASTY}"]
    assert night.location.value.startswith(f"Halle {NASTY}")
    assert night.dtstart.value.astimezone(UTC) == datetime(2013, 10, 26, 20, tzinfo=UTC)
    assert night.dtend.value.astimezone(UTC) == datetime(2013, 10, 27, 7, tzinfo=UTC)
    assert events["Mehrtägig"].dtend.value == date(2013, 6, 17)


def test_the_checks_do_see_a_broken_feed(client, catalogue, caplog):
    """The strict reading is not blind: a feed with a malformed date is noted or refused."""
    body = client.get(f"/events/{catalogue['single']}.ics").data
    broken = body.replace(b"DTSTAMP:", b"DTSTAMP:2013XX", 1)
    notes = Notes()
    try:
        _with_icalendar(broken, notes, caplog)
    except ValueError:
        notes.add("icalendar", "refused")
    assert notes.items
    with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal will do
        _with_vobject(broken, Notes(), caplog)
