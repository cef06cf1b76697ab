"""The postal-code hint for an event: suggested coordinates and district, offline."""

from dataclasses import dataclass
from datetime import date

from actiondays.extensions import db
from actiondays.geo.postcodes import Place, hint
from actiondays.models import Campaign, Event, Region
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


def postcode_hint(
    postal_code: str | None,
    region_id: int | None,
    day: date,
    has_coordinates: bool = False,
) -> EventPostcodeHint | None:
    """Where a postal code lies and which district that suggests among the regions valid on
    `day`; `mismatch` when the chosen region is clearly not it. None when the postal code is
    unknown (or malformed)."""
    if not postal_code:
        return None
    regions = {r.id: r for r in db.session.scalars(regions_valid_on(day))}
    places = [Place(r.id, r.latitude, r.longitude) for r in regions.values()]
    found = hint(postal_code, region_id, places)
    if found is None:
        return None
    chosen = regions.get(region_id) if region_id is not None else None
    if chosen is None and region_id is not None:
        chosen = db.session.get(Region, region_id)
    return EventPostcodeHint(
        postal_code=found.postal_code,
        latitude=found.latitude,
        longitude=found.longitude,
        suggested_region=regions.get(found.suggested),
        chosen_region=chosen,
        mismatch=found.mismatch,
        has_coordinates=has_coordinates,
    )


def postcode_hint_for(event: Event) -> EventPostcodeHint | None:
    """The hint for a saved event (regions valid on the event's first day)."""
    if event is None:
        return None
    return postcode_hint(
        event.venue_postal_code,
        event.region_id,
        event.starts_on,
        has_coordinates=event.latitude is not None and event.longitude is not None,
    )


def form_day(start: date | None, campaign_id: int | None, fallback: date) -> date:
    """The day whose districts a form's postal code is checked against: the event's first day
    if it is readable, else the first day of the chosen campaign's action period, else
    `fallback` (today)."""
    if isinstance(start, date):
        return start
    if campaign_id is not None:
        campaign = db.session.get(Campaign, campaign_id)
        if campaign is not None:
            return campaign.action_starts_on
    return fallback
