"""Yearly retrospectives: figures from SQL aggregates, editorial text, publication.

The *document* of a retrospective is one JSON-serialisable dict (structure in README.md,
"Retrospectives"): the campaign, its figures and the editorial part (introduction, highlights,
closing text). Reviewers preview the live document; publishing freezes it in
`Retrospective.snapshot`, and the public page and every export render only that snapshot.

Counting rules (they hold for every figure):
- Only public items count: events with status `published` are *held*; cancelled events are
  counted separately and never as held; drafts, submissions and rejections never appear.
- A held event without a report counts as held but adds no participants; such events are
  counted as `reports_missing`.
- Regions "taking part" are regions valid during the campaign's action period
  (Region.valid_from/valid_to overlap it) with at least one held event (action day or regional
  ideas workshop); `regions_total` is the number of regions valid in that period.
- Projects are published projects linked to the campaign (a project in two years counts in
  both); their sustainability is `continues_after_campaign`.
- `partner_organisations` is the sum of `reports.partner_organisations` (organisations involved
  in the held events); `project_partners` counts the distinct partner names of the
  participating projects. They measure different things and are shown side by side.
"""

import logging
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from actiondays.db import utcnow
from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.models import (
    Campaign,
    Event,
    Project,
    Retrospective,
    RetrospectiveHighlight,
    RetrospectiveState,
    ReviewState,
    Role,
)
from actiondays.models.associations import project_campaigns
from actiondays.services import audit
from actiondays.services.funding.budget import campaign_funding
from actiondays.services.retrospective_figures import (  # noqa: F401 - part of this API
    COMPARED,
    compute_figures,
    held,
    key_figures,
)
from actiondays.services.versions import check_version, flush_versioned

log = logging.getLogger(__name__)
#: 1: the first published shape; 2: adds `figures.funding` (funds granted and paid by region
#: and theme, per participant); 3: adds `figures.per_capita` (social reporting: action per
#: 10,000 inhabitants). Documents of every earlier version still render.
SCHEMA_VERSION = 3

# ---------------------------------------------------------------- the document


def _highlight_entry(highlight: RetrospectiveHighlight) -> dict:
    if highlight.event is not None:
        event = highlight.event
        return {
            "kind": "event",
            "id": event.id,
            "title": event.title,
            "date": event.starts_on.isoformat(),
            "place": event.region.name if event.region else "",
            "note": highlight.note,
        }
    project = highlight.project
    return {
        "kind": "project",
        "id": project.id,
        "title": project.name,
        "date": None,
        "place": f"{project.organisation}, {project.region.name}",
        "note": highlight.note,
    }


def _highlights(retrospective: Retrospective) -> list[RetrospectiveHighlight]:
    """The highlights in order with their event or project and its region: one statement,
    however many there are (a stored retrospective only)."""
    if retrospective.id is None:
        return list(retrospective.highlights)
    highlights = list(
        db.session.scalars(
            select(RetrospectiveHighlight)
            .where(RetrospectiveHighlight.retrospective_id == retrospective.id)
            .options(
                joinedload(RetrospectiveHighlight.event).joinedload(Event.region),
                joinedload(RetrospectiveHighlight.project).joinedload(Project.region),
            )
            .order_by(RetrospectiveHighlight.position, RetrospectiveHighlight.id)
        ).unique()
    )
    # The page lists them again (with their ids): no second query for the collection.
    set_committed_value(retrospective, "highlights", highlights)
    return highlights


def build_document(campaign: Campaign, retrospective: Retrospective | None) -> dict:
    """The live document: campaign, figures and editorial part, ready to render or freeze."""
    retrospective = retrospective or Retrospective(campaign=campaign)
    return {
        "schema_version": SCHEMA_VERSION,
        "year": campaign.year,
        "campaign": {
            "title": campaign.title,
            "motto": campaign.motto or "",
            "action_starts_on": campaign.action_starts_on.isoformat(),
            "action_ends_on": campaign.action_ends_on.isoformat(),
        },
        "figures": {**compute_figures(campaign), "funding": campaign_funding(campaign)},
        "editorial": {
            "introduction": retrospective.introduction or "",
            "closing_text": retrospective.closing_text or "",
            "highlights": [_highlight_entry(h) for h in _highlights(retrospective)],
        },
    }


# ---------------------------------------------------------------- reads


def can_edit_retrospectives(user) -> bool:
    """Reviewers and admins own the retrospectives."""
    return bool(user and user.is_authenticated and user.has_role(Role.REVIEWER, Role.ADMIN))


def is_outdated(retrospective: Retrospective | None, live_document: dict) -> bool:
    """Whether a published snapshot differs from the live document (republish to update)."""
    return (
        retrospective is not None
        and retrospective.status == RetrospectiveState.PUBLISHED.value
        and retrospective.snapshot != live_document
    )


def campaign_for_year(year: int) -> Campaign | None:
    """The campaign of a year, or None."""
    return db.session.scalar(select(Campaign).where(Campaign.year == year))


def retrospective_for(campaign: Campaign) -> Retrospective | None:
    """The stored retrospective of a campaign, or None when nobody has edited it yet."""
    return db.session.scalar(select(Retrospective).where(Retrospective.campaign_id == campaign.id))


def published_retrospective(year: int) -> Retrospective | None:
    """The published retrospective of a year (campaign joined), or None."""
    return db.session.scalar(
        select(Retrospective)
        .join(Retrospective.campaign)
        .where(Campaign.year == year, Retrospective.status == RetrospectiveState.PUBLISHED.value)
    )


def published_overview() -> list[dict]:
    """Per published year (oldest first): year, title and the frozen key figures."""
    rows = db.session.execute(
        select(Campaign.year, Campaign.title, Retrospective.snapshot)
        .join(Retrospective.campaign)
        .where(Retrospective.status == RetrospectiveState.PUBLISHED.value)
        .order_by(Campaign.year)
    ).all()
    return [
        {"year": year, "title": title, "key": snapshot["figures"]["key"]}
        for year, title, snapshot in rows
    ]


def review_overview() -> list[tuple[Campaign, Retrospective | None]]:
    """Every campaign (newest first) with its retrospective, if one exists."""
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.year.desc())).all()
    by_campaign = {r.campaign_id: r for r in db.session.scalars(select(Retrospective))}
    return [(campaign, by_campaign.get(campaign.id)) for campaign in campaigns]


def highlight_choices(campaign: Campaign) -> tuple[list[Event], list[Project]]:
    """Held events and participating projects a reviewer may pick as highlights."""
    events = db.session.scalars(
        select(Event).where(held(campaign)).order_by(Event.starts_on, Event.title, Event.id)
    ).all()
    return list(events), participating_projects(campaign)


def participating_projects(campaign: Campaign) -> list[Project]:
    """Published projects taking part in this campaign, by name."""
    projects = db.session.scalars(
        select(Project)
        .join(project_campaigns, project_campaigns.c.project_id == Project.id)
        .where(
            project_campaigns.c.campaign_id == campaign.id,
            Project.status == ReviewState.PUBLISHED.value,
        )
        .order_by(Project.name, Project.id)
    ).all()
    return list(projects)


#: Events offered per page of the highlight picker.
PICKER_PAGE_SIZE = 20


def highlight_event_page(
    campaign: Campaign, search: str | None, page: int, per_page: int = PICKER_PAGE_SIZE
) -> tuple[list[Event], bool]:
    """One page of held events for the highlight picker, optionally matching a search text
    (title, place, organisation); with whether a further page exists. One statement, in date
    order (the order of an index, so a page never sorts every held event)."""
    stmt = select(Event).where(held(campaign))
    if search:
        escaped = search.strip().lower().replace("\\", "\\\\").replace("%", "\\%")
        pattern = "%" + escaped.replace("_", "\\_") + "%"
        stmt = stmt.where(
            or_(
                *(
                    column.ilike(pattern, escape="\\")
                    for column in (Event.title, Event.venue_city, Event.organisation)
                )
            )
        )
    rows = db.session.scalars(
        stmt.order_by(Event.starts_on, Event.id).offset((page - 1) * per_page).limit(per_page + 1)
    ).all()
    return list(rows[:per_page]), len(rows) > per_page


def held_event(campaign: Campaign, event_id: int) -> Event | None:
    """The event if it was held in this campaign (a highlight candidate), else None."""
    return db.session.scalar(select(Event).where(held(campaign), Event.id == event_id))


# ---------------------------------------------------------------- writes


def _ensure(campaign: Campaign) -> Retrospective:
    retrospective = retrospective_for(campaign)
    if retrospective is None:
        retrospective = Retrospective(campaign=campaign, introduction="", closing_text="")
        db.session.add(retrospective)
        db.session.flush()
    return retrospective


def update_text(
    campaign: Campaign,
    actor,
    introduction: str,
    closing_text: str,
    *,
    expected_version: int | None = None,
) -> Retrospective:
    """Save the introduction and closing text (published pages change only on republish); an
    edit based on an older version is a StaleEdit."""
    retrospective = _ensure(campaign)
    check_version(retrospective, expected_version)
    retrospective.introduction = (introduction or "").strip()
    retrospective.closing_text = (closing_text or "").strip()
    flush_versioned()
    audit.record(actor, "retrospective.update_text", retrospective)
    db.session.flush()
    return retrospective


def add_highlight(
    campaign: Campaign,
    actor,
    note: str,
    event_id: int | None = None,
    project_id: int | None = None,
) -> RetrospectiveHighlight:
    """Add a held event or a participating project of this campaign as a highlight."""
    if (event_id is None) == (project_id is None):
        raise DomainError(_l("Please choose either an event or a project."), field="target")
    if event_id is not None and held_event(campaign, event_id) is None:
        raise DomainError(_l("Please choose an event held in this campaign."), field="event_id")
    if project_id is not None and project_id not in {
        p.id for p in participating_projects(campaign)
    }:
        raise DomainError(
            _l("Please choose a project taking part in this campaign."), field="project_id"
        )
    retrospective = _ensure(campaign)
    position = max((h.position for h in retrospective.highlights), default=0) + 1
    highlight = RetrospectiveHighlight(
        event_id=event_id, project_id=project_id, note=(note or "").strip(), position=position
    )
    retrospective.highlights.append(highlight)
    db.session.flush()
    audit.record(
        actor,
        "retrospective.add_highlight",
        retrospective,
        changes={"highlight": [None, {"event_id": event_id, "project_id": project_id}]},
    )
    return highlight


def remove_highlight(campaign: Campaign, actor, highlight_id: int) -> None:
    """Remove one highlight of this campaign's retrospective."""
    retrospective = _ensure(campaign)
    highlight = next((h for h in retrospective.highlights if h.id == highlight_id), None)
    if highlight is None:
        raise DomainError(_l("This highlight does not exist."), field="highlight")
    audit.record(
        actor,
        "retrospective.remove_highlight",
        retrospective,
        changes={
            "highlight": [
                {"event_id": highlight.event_id, "project_id": highlight.project_id},
                None,
            ]
        },
    )
    retrospective.highlights.remove(highlight)
    db.session.flush()


def publish(campaign: Campaign, actor, at: datetime | None = None) -> Retrospective:
    """Freeze the live document as the published snapshot (publish or republish)."""
    retrospective = _ensure(campaign)
    action = (
        "retrospective.republish"
        if retrospective.status == RetrospectiveState.PUBLISHED.value
        else "retrospective.publish"
    )
    retrospective.snapshot = build_document(campaign, retrospective)
    retrospective.status = RetrospectiveState.PUBLISHED.value
    retrospective.published_at = at or utcnow()
    retrospective.published_by_id = actor.id
    audit.record(
        actor,
        action,
        retrospective,
        changes={"published_at": [None, retrospective.published_at.isoformat()]},
    )
    db.session.flush()
    return retrospective


def unpublish(campaign: Campaign, actor) -> Retrospective:
    """Take a published retrospective offline; the public sees 404 until it is republished."""
    retrospective = retrospective_for(campaign)
    if retrospective is None or retrospective.status != RetrospectiveState.PUBLISHED.value:
        raise DomainError(_l("This retrospective is not published."), field="status")
    retrospective.status = RetrospectiveState.DRAFT.value
    retrospective.snapshot = None
    retrospective.published_at = None
    retrospective.published_by_id = None
    audit.record(
        actor, "retrospective.unpublish", retrospective, changes={"status": ["published", "draft"]}
    )
    db.session.flush()
    return retrospective
