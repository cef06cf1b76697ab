"""Read queries of the working areas (/manage, /review): worklists, queues, progress counts and
item histories. They return `Select` objects or plain figures; no writes."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from actiondays.extensions import db
from actiondays.models import AuditEntry, Campaign, Event, Project, Region, ReviewState, Theme
from actiondays.models.associations import event_themes
from actiondays.services import permissions


def workspace_events(user) -> Select:
    """The events a user works on in /manage: an organiser's regions; for the campaign office
    the statewide events and those it registered itself."""
    stmt = select(Event).options(
        selectinload(Event.report), selectinload(Event.themes), selectinload(Event.project)
    )
    if permissions.is_reviewer(user):
        stmt = stmt.where(or_(Event.region_id.is_(None), Event.created_by_id == user.id))
    else:
        stmt = stmt.where(Event.region_id.in_(permissions.region_ids(user) or {-1}))
    return stmt.order_by(Event.starts_on, Event.starts_at, Event.id)


def item_history(item) -> Select:
    """The audit entries of an event or project, oldest first, with their actors."""
    return (
        select(AuditEntry)
        .where(
            AuditEntry.object_type == type(item).__name__.lower(),
            AuditEntry.object_id == item.id,
        )
        .options(joinedload(AuditEntry.actor))
        .order_by(AuditEntry.created_at, AuditEntry.id)
    )


@dataclass
class Choices:
    """What the event and project forms offer to this user."""

    campaigns: list[Campaign]
    regions: list[Region]
    themes: list[Theme]
    projects: list[Project]
    statewide: bool


def form_choices(user, today: date, campaign: Campaign | None = None) -> Choices:
    """Campaigns (newest first), the user's regions (for reviewers all regions current today or,
    editing an item of `campaign`, all that existed during its action period), themes and the
    projects the user may link to."""
    if permissions.is_reviewer(user):
        regions = [
            r
            for r in db.session.scalars(select(Region).order_by(Region.name))
            if (
                r.is_valid_during(campaign.action_starts_on, campaign.action_ends_on)
                if campaign is not None
                else r.is_valid_on(today)
            )
        ]
        projects_stmt = select(Project)
    else:
        regions = list(user.regions)
        projects_stmt = select(Project).where(
            Project.region_id.in_(permissions.region_ids(user) or {-1})
        )
    return Choices(
        campaigns=list(db.session.scalars(select(Campaign).order_by(Campaign.year.desc()))),
        regions=regions,
        themes=list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.id))),
        projects=list(
            db.session.scalars(
                projects_stmt.where(Project.status != ReviewState.CANCELLED.value).order_by(
                    Project.name
                )
            )
        ),
        statewide=permissions.can_act_for_region(user, None),
    )


@dataclass(frozen=True)
class QueueFilters:
    """Filters of the review queue: region slug, theme slug, kind (or "project")."""

    region: str | None = None
    theme: str | None = None
    kind: str | None = None


def submitted_events(filters: QueueFilters) -> Select:
    """Events waiting for review, oldest submission first."""
    stmt = (
        select(Event)
        .where(Event.status == ReviewState.SUBMITTED.value)
        .options(selectinload(Event.themes), selectinload(Event.created_by))
    )
    if filters.kind == "project":
        return stmt.where(false())
    if filters.kind:
        stmt = stmt.where(Event.kind == filters.kind)
    if filters.region:
        stmt = stmt.where(Event.region.has(Region.slug == filters.region))
    if filters.theme:
        stmt = stmt.where(Event.themes.any(Theme.slug == filters.theme))
    return stmt.order_by(Event.submitted_at, Event.id)


def submitted_projects(filters: QueueFilters) -> Select:
    """Projects waiting for review, oldest submission first."""
    stmt = (
        select(Project)
        .where(Project.status == ReviewState.SUBMITTED.value)
        .options(selectinload(Project.themes), selectinload(Project.created_by))
    )
    if filters.kind and filters.kind != "project":
        return stmt.where(false())
    if filters.region:
        stmt = stmt.where(Project.region.has(Region.slug == filters.region))
    if filters.theme:
        stmt = stmt.where(Project.themes.any(Theme.slug == filters.theme))
    return stmt.order_by(Project.submitted_at, Project.id)


@dataclass
class Progress:
    """Counts of one campaign's events by state, region and theme."""

    by_state: dict[str, int]
    by_region: list[tuple[str, int]]
    by_theme: list[tuple[str, int]]
    total: int


def campaign_progress(campaign: Campaign) -> Progress:
    """GROUP BY counts for the review dashboard's progress panel."""
    by_state = dict(
        db.session.execute(
            select(Event.status, func.count())
            .where(Event.campaign_id == campaign.id)
            .group_by(Event.status)
        ).all()
    )
    by_region = db.session.execute(
        select(func.coalesce(Region.name, ""), func.count(Event.id))
        .select_from(Event)
        .outerjoin(Region, Region.id == Event.region_id)
        .where(Event.campaign_id == campaign.id)
        .group_by(Region.name)
        .order_by(func.count(Event.id).desc(), Region.name)
    ).all()
    by_theme = db.session.execute(
        select(Theme.slug, func.count(event_themes.c.event_id))
        .select_from(Theme)
        .join(event_themes, event_themes.c.theme_id == Theme.id)
        .join(Event, Event.id == event_themes.c.event_id)
        .where(Event.campaign_id == campaign.id)
        .group_by(Theme.slug, Theme.position)
        .order_by(Theme.position)
    ).all()
    return Progress(
        by_state=by_state,
        by_region=[(name, count) for name, count in by_region],
        by_theme=[(slug, count) for slug, count in by_theme],
        total=sum(by_state.values()),
    )


def workspace_projects(user) -> Select:
    """The projects a user works on in /manage (an organiser's regions; own ones otherwise)."""
    stmt = select(Project).options(selectinload(Project.themes))
    if permissions.is_reviewer(user):
        stmt = stmt.where(Project.created_by_id == user.id)
    else:
        stmt = stmt.where(Project.region_id.in_(permissions.region_ids(user) or {-1}))
    return stmt.order_by(Project.name, Project.id)


@dataclass
class Dashboard:
    """The /manage start page: events grouped by state, reports due, projects."""

    groups: dict[ReviewState, list[Event]]
    reports_due: list[Event]
    projects: list[Project]


def dashboard(user, now) -> Dashboard:
    """Load the user's items once and group them; reports are due for ended published events."""
    events = db.session.scalars(workspace_events(user)).all()
    groups: dict[ReviewState, list[Event]] = {state: [] for state in ReviewState}
    reports_due = []
    for event in events:
        groups[event.state].append(event)
        if event.report is None and permissions.can_report_on_event(user, event, now):
            reports_due.append(event)
    projects = db.session.scalars(workspace_projects(user)).all()
    return Dashboard(groups=groups, reports_due=reports_due, projects=list(projects))
