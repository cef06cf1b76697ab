"""The postal-code hint for an event: suggested coordinates and district, offline."""

from dataclasses import dataclass

from actiondays.extensions import db
from actiondays.geo.postcodes import Place, hint
from actiondays.models import Event, Region
from actiondays.services.opendata import regions_valid_on


@dataclass(frozen=True)
class EventPostcodeHint:
    postal_code: str
    latitude: float
    longitude: float
    suggested_region: Region | None
    chosen_region: Region | None
    mismatch: bool
    has_coordinates: bool


def postcode_hint_for(event: Event) -> EventPostcodeHint | None:
    """Where the event's postal code lies and which district that suggests (regions valid on
    the event's first day); None when the postal code is unknown."""
    if event is None or not event.venue_postal_code:
        return None
    regions = {r.id: r for r in db.session.scalars(regions_valid_on(event.starts_on))}
    places = [Place(r.id, r.latitude, r.longitude) for r in regions.values()]
    found = hint(event.venue_postal_code, event.region_id, places)
    if found is None:
        return None
    return EventPostcodeHint(
        postal_code=found.postal_code,
        latitude=found.latitude,
        longitude=found.longitude,
        suggested_region=regions.get(found.suggested),
        chosen_region=event.region,
        mismatch=found.mismatch,
        has_coordinates=event.latitude is not None and event.longitude is not None,
    )
