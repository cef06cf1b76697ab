"""Read queries shared by pages, feeds and exports; they return `Select`, never rows."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from actiondays.extensions import db
from actiondays.models import Campaign, Event, Region, Theme
from actiondays.models.associations import event_themes
from actiondays.models.lifecycle import PUBLIC_STATES


@dataclass(frozen=True)
class EventFilters:
    """The public filters of /events, /calendar and /calendar.ics."""

    year: int | None = None
    regions: tuple[str, ...] = field(default_factory=tuple)
    themes: tuple[str, ...] = field(default_factory=tuple)
    kind: str | None = None
    q: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.year or self.regions or self.themes or self.kind or self.q)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def published_events(filters: EventFilters | None = None) -> Select:
    """Public events (published and cancelled-after-publication), newest campaign first."""
    filters = filters or EventFilters()
    stmt = (
        select(Event)
        .join(Event.campaign)
        .where(Event.status.in_(PUBLIC_STATES))
        .options(selectinload(Event.themes))
    )
    if filters.year:
        stmt = stmt.where(Campaign.year == filters.year)
    if filters.regions:
        stmt = stmt.where(
            Event.region_id.in_(select(Region.id).where(Region.slug.in_(filters.regions)))
        )
    if filters.themes:
        stmt = stmt.where(
            Event.id.in_(
                select(event_themes.c.event_id)
                .join(Theme, Theme.id == event_themes.c.theme_id)
                .where(Theme.slug.in_(filters.themes))
            )
        )
    if filters.kind:
        stmt = stmt.where(Event.kind == filters.kind)
    if filters.q:
        pattern = f"%{_escape_like(filters.q.strip().lower())}%"
        stmt = stmt.where(
            or_(
                *(
                    column.ilike(pattern, escape="\\")
                    for column in (Event.title, Event.summary, Event.venue_name, Event.venue_city)
                )
            )
        )
    return stmt.order_by(Campaign.year.desc(), Event.starts_on, Event.starts_at, Event.id)


def current_campaign(today: date) -> Campaign | None:
    """The campaign running now or next; the latest one when all lie in the past."""
    running_or_next = db.session.scalars(
        select(Campaign).where(Campaign.action_ends_on >= today).order_by(Campaign.year).limit(1)
    ).first()
    if running_or_next is not None:
        return running_or_next
    return db.session.scalars(select(Campaign).order_by(Campaign.year.desc()).limit(1)).first()
