"""Parsing feeds in tests with two independent parsers: `icalendar` and `ical`."""

import icalendar
from ical.calendar import Calendar as IcalCalendar
from ical.calendar_stream import IcsCalendarStream


def assert_folded(body: bytes) -> None:
    """Every content line ends in CRLF and is at most 75 octets long (RFC 5545 3.1)."""
    assert body.endswith(b"\r\n")
    for line in body[:-2].split(b"\r\n"):
        assert len(line) <= 75, line
        assert b"\n" not in line


def parse_feed(body: bytes) -> tuple[icalendar.Calendar, IcalCalendar]:
    """The feed parsed by both libraries, after checking the line folding."""
    assert_folded(body)
    text = body.decode("utf-8")
    return icalendar.Calendar.from_ical(text), IcsCalendarStream.calendar_from_ics(text)


def vevents(body: bytes) -> list[icalendar.Event]:
    """The VEVENTs as read by icalendar; the other parser must agree on their UIDs."""
    first, second = parse_feed(body)
    events = list(first.walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == [e.uid for e in second.events]
    return events


def summaries(body: bytes) -> list[str]:
    """Sorted event titles, checked to be equal in both parsers."""
    first, second = parse_feed(body)
    one = sorted(str(e["SUMMARY"]) for e in first.walk("VEVENT"))
    two = sorted(e.summary for e in second.events)
    assert one == two
    return one
