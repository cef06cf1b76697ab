"""Links and structured data for one event: add-to-calendar, OpenStreetMap, schema.org."""

from datetime import UTC, timedelta
from urllib.parse import urlencode

from actiondays.ical import location_text
from actiondays.models import Event, ReviewState

GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
OUTLOOK_COMPOSE = "https://outlook.live.com/calendar/0/action/compose"
OSM = "https://www.openstreetmap.org/"


def _details(event: Event, url: str) -> str:
    return "\n\n".join(part for part in (event.summary, url) if part)


def google_calendar_url(event: Event, url: str) -> str:
    """Google Calendar's "add event" template, prefilled."""
    if event.is_all_day:
        end = event.ends_on + timedelta(days=1)
        dates = f"{event.starts_on:%Y%m%d}/{end:%Y%m%d}"
    else:
        start, end = event.local_start.astimezone(UTC), event.local_end.astimezone(UTC)
        dates = f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"
    args = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "details": _details(event, url),
        "location": location_text(event),
        "ctz": "Europe/Berlin",
    }
    return f"{GOOGLE_TEMPLATE}?{urlencode(args)}"


def outlook_url(event: Event, url: str) -> str:
    """Outlook.com's compose-event deep link, prefilled."""
    if event.is_all_day:
        start = event.starts_on.isoformat()
        end = (event.ends_on + timedelta(days=1)).isoformat()
    else:
        start = event.local_start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        end = event.local_end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    args = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": start,
        "enddt": end,
        "allday": "true" if event.is_all_day else "false",
        "body": _details(event, url),
        "location": location_text(event),
    }
    return f"{OUTLOOK_COMPOSE}?{urlencode(args)}"


def openstreetmap_url(event: Event) -> str | None:
    """The place on openstreetmap.org: a marker when coordinates are known, else a search."""
    if event.latitude is not None and event.longitude is not None:
        lat, lon = round(event.latitude, 5), round(event.longitude, 5)
        return f"{OSM}?{urlencode({'mlat': lat, 'mlon': lon})}#map=17/{lat}/{lon}"
    address = ", ".join(
        part
        for part in (
            event.venue_street,
            " ".join(p for p in (event.venue_postal_code, event.venue_city) if p),
        )
        if part
    )
    if not address:
        return None
    return f"{OSM}search?{urlencode({'query': address})}"


def event_json_ld(event: Event, url: str) -> dict:
    """schema.org Event with eventStatus and a Place with PostalAddress."""
    if event.is_all_day:
        start, end = event.starts_on.isoformat(), event.ends_on.isoformat()
    else:
        start, end = event.local_start.isoformat(), event.local_end.isoformat()
    cancelled = event.status == ReviewState.CANCELLED.value
    place: dict = {
        "@type": "Place",
        "name": event.venue_name or event.venue_city,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": event.venue_street,
            "postalCode": event.venue_postal_code,
            "addressLocality": event.venue_city,
            "addressRegion": "Niedersachsen",
            "addressCountry": "DE",
        },
    }
    if event.latitude is not None and event.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": event.latitude,
            "longitude": event.longitude,
        }
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": event.title,
        "description": event.summary,
        "startDate": start,
        "endDate": end,
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if cancelled else "EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "keywords": ", ".join(theme.name_de for theme in event.themes),
        "inLanguage": "de",
    }
    if event.organisation:
        data["organizer"] = {"@type": "Organization", "name": event.organisation}
    return data
