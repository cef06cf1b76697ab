"""Events → iCalendar bytes (RFC 5545 with RFC 7986 properties); no Flask, no queries.

The output is byte-stable for unchanged data: every timestamp (DTSTAMP, LAST-MODIFIED,
CREATED) comes from the stored events, the calendar UID from the feed's name, and the
VTIMEZONE covers exactly the years of the events. Equal input gives equal bytes, so a hash
of the body is a usable ETag.
"""

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Timezone, vDuration
from icalendar import Event as VEvent

from actiondays.models import Event, ReviewState

TZID = "Europe/Berlin"
PRODID = "-//Aktionstage gegen Kinderarmut//actiondays//DE"
#: Namespace for the UIDs of whole calendars (the events keep their stored UUIDs).
CALENDAR_NAMESPACE = uuid.UUID("2b7e4c8e-8d7f-4a8c-9a55-6a0e3e1f4c21")
#: Years covered by the VTIMEZONE of a feed without events.
_EMPTY_YEAR = 2010


@dataclass(frozen=True)
class FeedMeta:
    """What the calendar as a whole is called and how often clients should refresh it."""

    name: str
    description: str = ""
    url: str | None = None
    refresh: timedelta = timedelta(hours=6)
    language: str = "de"


def location_text(event: Event) -> str:
    """Venue as one line: name, street, postal code and city, as far as known."""
    city = " ".join(part for part in (event.venue_postal_code, event.venue_city) if part)
    return ", ".join(part for part in (event.venue_name, event.venue_street, city) if part)


def _description(event: Event, url: str) -> str:
    parts = [event.summary, event.description]
    if event.status == ReviewState.CANCELLED.value and event.cancellation_reason:
        parts.insert(0, event.cancellation_reason)
    parts.append(url)
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _instant(local: datetime) -> datetime:
    """Local Berlin time with TZID, except the repeated hour of October: that is written in
    UTC, because RFC 5545 reads an ambiguous local time as its first occurrence."""
    return local.astimezone(UTC) if local.fold else local


def vevent(event: Event, url: str, categories: Sequence[str]) -> VEvent:
    """One VEVENT; all-day events as VALUE=DATE with an exclusive DTEND."""
    if event.is_all_day:
        start, end = event.starts_on, event.ends_on + timedelta(days=1)
    else:
        start, end = _instant(event.local_start), _instant(event.local_end)
    cancelled = event.status == ReviewState.CANCELLED.value
    component = VEvent.new(
        uid=event.uid,
        sequence=event.sequence,
        summary=event.title,
        description=_description(event, url),
        start=start,
        end=end,
        stamp=event.updated_at,
        last_modified=event.updated_at,
        created=event.published_at or event.created_at,
        location=location_text(event) or None,
        categories=list(categories),
        status="CANCELLED" if cancelled else "CONFIRMED",
        transparency="TRANSPARENT",
        url=url,
    )
    if event.latitude is not None and event.longitude is not None:
        component.add("geo", (round(event.latitude, 6), round(event.longitude, 6)))
    if event.organisation:
        component.add("x-organisation", event.organisation)
    return component


def _timezone_years(events: Sequence[Event]) -> tuple[date, date]:
    if not events:
        return date(_EMPTY_YEAR, 1, 1), date(_EMPTY_YEAR + 1, 1, 1)
    first = min(event.starts_on for event in events)
    last = max(event.ends_on for event in events)
    return date(first.year, 1, 1), date(last.year + 1, 1, 1)


def build_calendar(
    events: Iterable[Event],
    meta: FeedMeta,
    event_url: Callable[[Event], str],
    categories: Callable[[Event], Sequence[str]],
) -> bytes:
    """The calendar with every given event, in the given order, as RFC 5545 bytes."""
    events = list(events)
    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        name=meta.name,
        description=meta.description or None,
        url=meta.url,
        refresh_interval=meta.refresh,
        uid=uuid.uuid5(CALENDAR_NAMESPACE, meta.url or meta.name),
    )
    calendar.add("x-wr-timezone", TZID)
    calendar.add("x-published-ttl", vDuration(meta.refresh))
    first, last = _timezone_years(events)
    calendar.add_component(Timezone.from_tzid(TZID, first_date=first, last_date=last))
    for event in events:
        calendar.add_component(vevent(event, event_url(event), categories(event)))
    return calendar.to_ical()
