"""Read queries shared by pages, feeds and exports; they return `Select`, never rows."""

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import Select, case, func, or_, select, union
from sqlalchemy.orm import contains_eager, selectinload

from actiondays.extensions import db
from actiondays.models import Campaign, Event, Project, Region, Theme
from actiondays.models.associations import event_themes, project_campaigns, project_themes
from actiondays.models.lifecycle import PUBLIC_STATES


@dataclass(frozen=True)
class EventFilters:
    """The public filters of /events, /calendar and /calendar.ics."""

    year: int | None = None
    regions: tuple[str, ...] = field(default_factory=tuple)
    themes: tuple[str, ...] = field(default_factory=tuple)
    kind: str | None = None
    q: str | None = None
    #: One day: events taking place on it (the month calendar's "+ N more" links here).
    on: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.year or self.regions or self.themes or self.kind or self.q or self.on)

    def query_args(self) -> list[tuple[str, str]]:
        """The filters as ordered query arguments: equal filters give an equal URL."""
        args: list[tuple[str, str]] = []
        if self.year:
            args.append(("year", str(self.year)))
        args += [("region", slug) for slug in sorted(self.regions)]
        args += [("theme", slug) for slug in sorted(self.themes)]
        if self.kind:
            args.append(("kind", self.kind))
        if self.q:
            args.append(("q", self.q))
        if self.on:
            args.append(("on", self.on.isoformat()))
        return args

    def url_args(self, *drop: str) -> dict[str, list[str]]:
        """The filters as keyword arguments for url_for, leaving out the named ones."""
        grouped: dict[str, list[str]] = {}
        for key, value in self.query_args():
            if key not in drop:
                grouped.setdefault(key, []).append(value)
        return grouped

    def without(self, key: str, value: str | None = None) -> "EventFilters":
        """These filters minus one argument (one value of a repeatable one)."""
        if key in ("regions", "themes"):
            remaining = tuple(v for v in getattr(self, key) if value is not None and v != value)
            return replace(self, **{key: remaining})
        return replace(self, **{key: None})


#: The region filter value for events without a region (statewide ideas workshops).
STATEWIDE = "landesweit"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _shared_filters(
    stmt, filters, id_col, region_col, link_item_col, link_theme_col, text_cols, themes_by_row=False
) -> Select:
    """Region, theme and text filters, which events and projects share."""
    if filters.regions:
        in_regions = region_col.in_(select(Region.id).where(Region.slug.in_(filters.regions)))
        if STATEWIDE in filters.regions:
            in_regions = or_(in_regions, region_col.is_(None))
        stmt = stmt.where(in_regions)
    if filters.themes:
        in_themes = (
            select(link_item_col)
            .join(Theme, Theme.id == link_theme_col)
            .where(Theme.slug.in_(filters.themes))
        )
        if themes_by_row:
            # EXISTS per row: see published_events.
            stmt = stmt.where(in_themes.where(link_item_col == id_col).exists())
        else:
            stmt = stmt.where(id_col.in_(in_themes))
    if filters.q:
        pattern = f"%{_escape_like(filters.q.strip().lower())}%"
        stmt = stmt.where(or_(*(col.ilike(pattern, escape="\\") for col in text_cols)))
    return stmt


#: A total order of events, the same on every engine: day, all-day events first, start, id.
#: (An all-day event's start is NULL; engines disagree where NULL sorts, so it must never be
#: compared with a timed event's start: `is_all_day` decides before `starts_at` is reached.)
EVENT_ORDER = (Event.starts_on, Event.is_all_day.desc(), Event.starts_at, Event.id)


def published_events(filters: EventFilters | None = None, *, themes_by_row: bool = False) -> Select:
    """Public events (published and cancelled-after-publication), newest campaign first.

    `themes_by_row`: check the theme filter per row (EXISTS) instead of starting from the
    theme's events (IN). For a region's list in an order no index gives (the event list's
    upcoming-first order): SQLite otherwise starts from every event of the theme, a quarter of
    all, and visits each row, instead of the region's few rows in an index. Not for orders an
    index gives (the API's keyset): SQLite would then walk that index through every row."""
    filters = filters or EventFilters()
    stmt = _filtered_events(
        filters, by_order_index=not filters.query_args(), themes_by_row=themes_by_row
    ).options(contains_eager(Event.campaign), selectinload(Event.themes))
    return stmt.order_by(Campaign.year.desc(), *EVENT_ORDER)


def _public_status(column, by_order_index: bool):
    """`column IN (published, cancelled)`; with `by_order_index` written so that no index on
    the status is used. Nearly every event is public, so that index selects nothing, yet
    SQLite without statistics prefers it to the index that serves an unfiltered list's
    keyset order (the API): a page of 100 of 50,000 events then read and sorted every row.
    The month calendar also leaves it aside: its date range is read from the covering index
    `ix_events_span`. Elsewhere it stays (with date ranges and filters it is the cheaper
    start on SQLite)."""
    return (column + "").in_(PUBLIC_STATES) if by_order_index else column.in_(PUBLIC_STATES)


def _filtered_events(
    filters: EventFilters, *, by_order_index: bool = False, themes_by_row: bool = False
) -> Select:
    """Public events with the filters applied; no loader options, no order."""
    stmt = select(Event).join(Event.campaign).where(_public_status(Event.status, by_order_index))
    if filters.on:
        stmt = stmt.where(Event.starts_on <= filters.on, Event.ends_on >= filters.on)
    if filters.year:
        stmt = stmt.where(Campaign.year == filters.year)
    stmt = _shared_filters(
        stmt,
        filters,
        Event.id,
        Event.region_id,
        event_themes.c.event_id,
        event_themes.c.theme_id,
        (
            Event.title,
            Event.summary,
            Event.description,
            Event.organisation,
            Event.venue_name,
            Event.venue_city,
        ),
        themes_by_row,
    )
    if filters.kind:
        stmt = stmt.where(Event.kind == filters.kind)
    return stmt


def events_upcoming_first(filters: EventFilters, today: date) -> Select:
    """Public events: upcoming ones first (soonest first), then past ones (latest first)."""
    is_past = case((Event.ends_on < today, 1), else_=0)
    past_key = case((Event.ends_on < today, Event.starts_on), else_=None)
    upcoming_key = case((Event.ends_on >= today, Event.starts_on), else_=None)
    return (
        published_events(filters, themes_by_row=bool(filters.regions))
        .options(selectinload(Event.report))
        .order_by(None)
        # Within a day the total order of the feeds (all-day first, then start, then id), so
        # both engines agree although `starts_at` is NULL for all-day events.
        .order_by(
            is_past,
            upcoming_key,
            past_key.desc(),
            Event.is_all_day.desc(),
            Event.starts_at,
            Event.id,
        )
    )


def count_upcoming(filters: EventFilters, today: date) -> Select:
    """How many public events matching the filters have not ended yet."""
    return (
        published_events(filters, themes_by_row=bool(filters.regions))
        .where(Event.ends_on >= today)
        .with_only_columns(func.count(Event.id), maintain_column_froms=True)
        .order_by(None)
    )


def nearest_event_day(filters: EventFilters, day: date, later: bool) -> Select:
    """The first day of the nearest public event starting after (or ending before) `day`."""
    stmt = published_events(replace(filters, year=None)).order_by(None)
    if later:
        return stmt.where(Event.starts_on > day).with_only_columns(
            func.min(Event.starts_on), maintain_column_froms=True
        )
    return stmt.where(Event.ends_on < day).with_only_columns(
        func.max(Event.starts_on), maintain_column_froms=True
    )


def campaign_years() -> Select:
    """Every campaign year, newest first (the year choices of the filter forms)."""
    return select(Campaign.year).order_by(Campaign.year.desc())


def current_campaign(today: date) -> Campaign | None:
    """The announced campaign running now or next; the latest announced one when all lie in the
    past. A campaign being prepared (not announced) is never shown as now."""
    announced = select(Campaign).where(Campaign.is_announced)
    running_or_next = db.session.scalars(
        announced.where(Campaign.action_ends_on >= today).order_by(Campaign.year).limit(1)
    ).first()
    if running_or_next is not None:
        return running_or_next
    return db.session.scalars(announced.order_by(Campaign.year.desc()).limit(1)).first()


#: Feeds without `year=` reach back this many months (plus everything still to come).
FEED_WINDOW_MONTHS = 12
#: Feeds without `year=` (the ones people subscribe to) stay below 1 MB, the size above
#: which Google Calendar ignores a feed: the nearest events are kept, see services/feeds.py.
FEED_BYTE_BUDGET = 1_000_000


def feed_window_start(today: date) -> date:
    """First day of the default feed window: the first of the month, twelve months back.

    Moving in whole months keeps a feed's content (and so its ETag) stable between the days.
    """
    months = today.year * 12 + (today.month - 1) - FEED_WINDOW_MONTHS
    return date(months // 12, months % 12 + 1, 1)


def feed_events(filters: EventFilters, window_start: date | None) -> Select:
    """Events of a feed: the filters, and without a year only those ending in the window."""
    stmt = published_events(filters)
    if window_start is not None and not filters.year:
        stmt = stmt.where(Event.ends_on >= window_start)
    return stmt


def events_fingerprint(stmt: Select) -> Select:
    """One row summarising the events a query selects; it changes with any change to them.

    Every write to an event moves `updated_at`; count and the sums of ids and sequences catch
    events entering or leaving the selection even when clocks of several hosts disagree.
    """
    return stmt.with_only_columns(
        func.count(Event.id),
        func.max(Event.updated_at),
        func.coalesce(func.sum(Event.sequence), 0),
        func.coalesce(func.sum(Event.id), 0),
        maintain_column_froms=True,
    ).order_by(None)


def events_in_month(filters: EventFilters, first_day: date, last_day: date) -> Select:
    """Public events touching the given days (the month view ignores the campaign year)."""
    stmt = published_events(replace(filters, year=None))
    return (
        stmt.where(Event.starts_on <= last_day, Event.ends_on >= first_day)
        .order_by(None)
        .order_by(*EVENT_ORDER)
    )


def month_day_counts(filters: EventFilters, first_day: date, last_day: date) -> Select:
    """(first day, last day, number) of the public events touching the given days, grouped
    by their span: few rows whatever the number of events; the caller spreads them."""
    stmt = _filtered_events(replace(filters, year=None), by_order_index=True).where(
        Event.starts_on <= last_day, Event.ends_on >= first_day
    )
    return (
        stmt.with_only_columns(
            Event.starts_on, Event.ends_on, func.count(Event.id), maintain_column_froms=True
        )
        .group_by(Event.starts_on, Event.ends_on)
        .order_by(Event.starts_on, Event.ends_on)
    )


def month_events_bounded(
    filters: EventFilters, first_day: date, last_day: date, per_day: int, month: tuple, listed: int
) -> Select:
    """Public events for a month page, bounded whatever the number of events: the first
    `per_day` of each start day in the grid (first_day..last_day) and the first `listed`
    of the month (month = (first, last) day), in EVENT_ORDER; the campaign joined, no themes."""
    base = _filtered_events(replace(filters, year=None), by_order_index=True)
    start_day = case((Event.starts_on < first_day, first_day), else_=Event.starts_on)
    ranked = (
        base.where(Event.starts_on <= last_day, Event.ends_on >= first_day)
        .with_only_columns(
            Event.id,
            func.row_number().over(partition_by=start_day, order_by=EVENT_ORDER).label("rank"),
            maintain_column_froms=True,
        )
        .subquery()
    )
    in_month = (
        base.where(Event.starts_on <= month[1], Event.ends_on >= month[0])
        .with_only_columns(Event.id, maintain_column_froms=True)
        .order_by(*EVENT_ORDER)
        .limit(listed)
        .subquery()
    )
    return (
        select(Event)
        .where(
            Event.id.in_(
                union(select(ranked.c.id).where(ranked.c.rank <= per_day), select(in_month.c.id))
            )
        )
        .order_by(*EVENT_ORDER)
    )


def newly_published_events(limit: int, filters: EventFilters | None = None) -> Select:
    """The most recently published public events (with the list's filters), for Atom."""
    return (
        published_events(filters)
        .order_by(None)
        .order_by(Event.published_at.desc().nulls_last(), Event.id.desc())
        .limit(limit)
    )


def public_projects(filters: EventFilters | None = None) -> Select:
    """Published (and cancelled-after-publication) projects, by name; year, region, theme."""
    filters = filters or EventFilters()
    stmt = (
        select(Project)
        .where(Project.status.in_(PUBLIC_STATES))
        .options(selectinload(Project.themes), selectinload(Project.campaigns))
    )
    if filters.year:
        stmt = stmt.where(
            Project.id.in_(
                select(project_campaigns.c.project_id)
                .join(Campaign, Campaign.id == project_campaigns.c.campaign_id)
                .where(Campaign.year == filters.year)
            )
        )
    stmt = _shared_filters(
        stmt,
        filters,
        Project.id,
        Project.region_id,
        project_themes.c.project_id,
        project_themes.c.theme_id,
        (Project.name, Project.organisation, Project.description),
    )
    return stmt.order_by(Project.name, Project.id)


def regions_with_counts() -> Select:
    """Every region with the number of its public events and projects, by name."""
    events = (
        select(func.count(Event.id))
        .where(Event.region_id == Region.id, Event.status.in_(PUBLIC_STATES))
        .scalar_subquery()
    )
    projects = (
        select(func.count(Project.id))
        .where(Project.region_id == Region.id, Project.status.in_(PUBLIC_STATES))
        .scalar_subquery()
    )
    return select(Region, events.label("events"), projects.label("projects")).order_by(Region.name)


def region_names(slugs: tuple[str, ...]) -> Select:
    """(slug, name) of the given regions."""
    return select(Region.slug, Region.name).where(Region.slug.in_(slugs))


def theme_names_de() -> Select:
    """(slug, German name) of every theme; feeds are written in German."""
    return select(Theme.slug, Theme.name_de).order_by(Theme.position)


def all_themes() -> Select:
    """Every theme in display order."""
    return select(Theme).order_by(Theme.position)


def all_regions() -> Select:
    """Every region, by name (filter forms list historic regions too, for the archive)."""
    return select(Region).order_by(Region.name)


def region_by_slug(slug: str) -> Select:
    return select(Region).where(Region.slug == slug)


def public_event(event_id: int) -> Select:
    """One event if the public may see it (published or cancelled after publication)."""
    return select(Event).where(Event.id == event_id, Event.status.in_(PUBLIC_STATES))


def public_project(project_id: int) -> Select:
    """One project if the public may see it."""
    return select(Project).where(Project.id == project_id, Project.status.in_(PUBLIC_STATES))
