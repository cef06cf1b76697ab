"""Read queries of the open-data surface (JSON API, downloads, map, embeds).

They reuse the public listings (`services/listings.py`), so the API, the downloads and the
pages can never disagree about what the public may see. Everything returns `Select`.

Cursor pagination is keyset pagination: a page ends with the sort key of its last row, and
the next page starts strictly after it. Lists are ordered by (first day, id) for events and
by id for projects; with `updated_since` both are ordered by (updated_at, id), so a sync
client can walk through every change since its last visit without gaps or repeats.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from actiondays.models import Campaign, Event, Project, Region, Theme, Tombstone
from actiondays.models.lifecycle import PUBLIC_STATES
from actiondays.services.listings import EventFilters, public_projects, published_events

#: Most tombstones a sync answer carries; older ones mean "sync everything again".
TOMBSTONE_LIMIT = 1000


class CursorError(ValueError):
    """A cursor that this server did not write."""


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the sort key of its last row."""

    mode: str  # "start" (events by first day), "id" (projects) or "updated"
    key: tuple

    def encode(self) -> str:
        data = [self.mode, *(_jsonable(value) for value in self.key)]
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        """Parse a cursor; anything malformed raises CursorError."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            data = json.loads(raw)
            mode, *key = data
            if mode == "id" and len(key) == 1:
                return cls(mode, (_int(key[0]),))
            if mode == "start" and len(key) == 2:
                return cls(mode, (date.fromisoformat(key[0]), _int(key[1])))
            if mode == "updated" and len(key) == 2:
                instant = datetime.fromisoformat(key[0])
                if instant.tzinfo is None:
                    raise CursorError(text)
                return cls(mode, (instant.astimezone(UTC), _int(key[1])))
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as error:
            raise CursorError(text) from error
        raise CursorError(text)


def _int(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
        raise CursorError(str(value))
    return value


def _jsonable(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def _after(columns, key: tuple):
    """Rows strictly after `key` in the order of `columns` (all ascending)."""
    first, second = columns
    return or_(first > key[0], and_(first == key[0], second > key[1]))


def api_events(
    filters: EventFilters, updated_since: datetime | None, cursor: Cursor | None
) -> tuple[Select, str]:
    """Public events for the API in keyset order, and the cursor mode of that order."""
    stmt = published_events(filters).order_by(None).options(selectinload(Event.project))
    if updated_since is not None:
        columns, mode = (Event.updated_at, Event.id), "updated"
        stmt = stmt.where(Event.updated_at >= updated_since)
    else:
        columns, mode = (Event.starts_on, Event.id), "start"
    if cursor is not None:
        stmt = stmt.where(_after(columns, cursor.key))
    return stmt.order_by(*columns), mode


def api_projects(
    filters: EventFilters, updated_since: datetime | None, cursor: Cursor | None
) -> tuple[Select, str]:
    """Public projects for the API in keyset order, and the cursor mode of that order."""
    stmt = public_projects(filters).order_by(None).options(selectinload(Project.partners))
    if updated_since is not None:
        stmt = stmt.where(Project.updated_at >= updated_since)
        if cursor is not None:
            stmt = stmt.where(_after((Project.updated_at, Project.id), cursor.key))
        return stmt.order_by(Project.updated_at, Project.id), "updated"
    if cursor is not None:
        stmt = stmt.where(Project.id > cursor.key[0])
    return stmt.order_by(Project.id), "id"


def cursor_mode_matches(cursor: Cursor | None, mode: str) -> bool:
    """A cursor only continues the order it was written for."""
    return cursor is None or cursor.mode == mode


def tombstones_since(object_type: str, since: datetime) -> Select:
    """Tombstones of one kind of object written at or after `since`, oldest first."""
    return (
        select(Tombstone)
        .where(Tombstone.object_type == object_type, Tombstone.removed_at >= since)
        .order_by(Tombstone.removed_at, Tombstone.id)
        .limit(TOMBSTONE_LIMIT)
    )


def api_regions(valid_on: date | None = None) -> Select:
    """Every region by AGS; with `valid_on` only those existing on that day."""
    stmt = select(Region).order_by(Region.ags)
    if valid_on is not None:
        stmt = stmt.where(
            or_(Region.valid_from.is_(None), Region.valid_from <= valid_on),
            or_(Region.valid_to.is_(None), Region.valid_to >= valid_on),
        )
    return stmt


def api_themes() -> Select:
    return select(Theme).order_by(Theme.position, Theme.id)


def api_campaigns() -> Select:
    return select(Campaign).order_by(Campaign.year)


def known_slugs(model, slugs: tuple[str, ...]) -> Select:
    """Which of the given slugs exist (for strict filters that answer 400 on unknown ones)."""
    return select(model.slug).where(model.slug.in_(slugs))


def public_event_counts_by_region(filters: EventFilters) -> Select:
    """(region id, number of public events) for the filters; for the map."""
    inner = published_events(filters).order_by(None).subquery()
    return select(inner.c.region_id, func.count()).group_by(inner.c.region_id)


def public_project_ids() -> Select:
    return select(Project.id).where(Project.status.in_(PUBLIC_STATES))


def regions_valid_on(day: date) -> Select:
    """Regions existing on a day, by name (the districts a map of that time shows)."""
    return api_regions(day).order_by(None).order_by(Region.name)


def region_successors() -> Select:
    """(predecessor id, successor id) of every recorded district merger."""
    from actiondays.models import RegionMerger

    return select(RegionMerger.predecessor_id, RegionMerger.successor_id)


def campaign_by_year(year: int) -> Select:
    return select(Campaign).where(Campaign.year == year)
