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
from datetime import UTC, date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, extract, func, or_, select

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models import (
    Campaign,
    Event,
    EventKind,
    Project,
    ProjectPartner,
    Region,
    Report,
    Retrospective,
    RetrospectiveHighlight,
    RetrospectiveState,
    ReviewState,
    Role,
    Theme,
)
from actiondays.models.associations import event_themes, project_campaigns
from actiondays.services import audit
from actiondays.services.errors import DomainError

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1

#: Key figures compared with the previous year.
COMPARED = (
    "action_days",
    "ideas_workshops",
    "regions_taking_part",
    "projects",
    "participants",
    "children_reached",
    "volunteers",
    "partner_organisations",
)
_HELD = ReviewState.PUBLISHED.value


# ---------------------------------------------------------------- figures (GROUP BY queries)


def _held(campaign: Campaign):
    return and_(Event.campaign_id == campaign.id, Event.status == _HELD)


def _region_valid_during(campaign: Campaign):
    return and_(
        or_(Region.valid_from.is_(None), Region.valid_from <= campaign.action_ends_on),
        or_(Region.valid_to.is_(None), Region.valid_to >= campaign.action_starts_on),
    )


def _sum(column):
    return func.coalesce(func.sum(column), 0)


def _event_totals(campaign: Campaign) -> dict[str, int]:
    """Held events per kind with their report sums; cancelled events; in one GROUP BY."""
    rows = db.session.execute(
        select(
            Event.kind,
            Event.status,
            func.count(Event.id),
            func.count(Report.id),
            _sum(Report.participants),
            _sum(Report.children_reached),
            _sum(Report.volunteers),
            _sum(Report.partner_organisations),
        )
        .outerjoin(Report, Report.event_id == Event.id)
        .where(
            Event.campaign_id == campaign.id,
            Event.status.in_((ReviewState.PUBLISHED.value, ReviewState.CANCELLED.value)),
        )
        .group_by(Event.kind, Event.status)
    ).all()
    totals = dict.fromkeys(
        (
            "action_days",
            "ideas_workshops",
            "cancelled_events",
            "reports_filed",
            "reports_missing",
            "participants",
            "children_reached",
            "volunteers",
            "partner_organisations",
        ),
        0,
    )
    for kind, status, events, reports, participants, children, volunteers, partners in rows:
        if status != _HELD:
            totals["cancelled_events"] += int(events)
            continue
        key = "action_days" if kind == EventKind.ACTION_DAY.value else "ideas_workshops"
        totals[key] += int(events)
        totals["reports_filed"] += int(reports)
        totals["reports_missing"] += int(events) - int(reports)
        totals["participants"] += int(participants)
        totals["children_reached"] += int(children)
        totals["volunteers"] += int(volunteers)
        totals["partner_organisations"] += int(partners)
    return totals


def _regions_taking_part(campaign: Campaign) -> tuple[int, int]:
    """(regions with a held event, regions valid during the action period)."""
    taking_part, total = db.session.execute(
        select(
            func.count(func.distinct(case((Event.id.is_not(None), Region.id)))),
            func.count(func.distinct(Region.id)),
        )
        .select_from(Region)
        .outerjoin(Event, and_(Event.region_id == Region.id, _held(campaign)))
        .where(_region_valid_during(campaign))
    ).one()
    return int(taking_part), int(total)


def _project_counts(campaign: Campaign) -> dict[str, int]:
    """Participating (published) projects by sustainability, and their distinct partners."""
    participating = (
        select(Project.id)
        .join(project_campaigns, project_campaigns.c.project_id == Project.id)
        .where(
            project_campaigns.c.campaign_id == campaign.id,
            Project.status == ReviewState.PUBLISHED.value,
        )
    )
    counts = {"total": 0, "continuing": 0, "not_continuing": 0, "unknown": 0}
    for continues, number in db.session.execute(
        select(Project.continues_after_campaign, func.count(Project.id))
        .where(Project.id.in_(participating))
        .group_by(Project.continues_after_campaign)
    ):
        key = "unknown" if continues is None else "continuing" if continues else "not_continuing"
        counts[key] += int(number)
        counts["total"] += int(number)
    counts["partners"] = int(
        db.session.scalar(
            select(func.count(func.distinct(func.lower(func.trim(ProjectPartner.name))))).where(
                ProjectPartner.project_id.in_(participating)
            )
        )
    )
    return counts


def key_figures(campaign: Campaign) -> dict[str, int]:
    """The key figures of one campaign (see the module docstring for the counting rules)."""
    totals = _event_totals(campaign)
    taking_part, regions_total = _regions_taking_part(campaign)
    projects = _project_counts(campaign)
    return {
        **totals,
        "regions_taking_part": taking_part,
        "regions_total": regions_total,
        "projects": projects["total"],
        "project_partners": projects["partners"],
    }


def _by_theme(campaign: Campaign) -> list[dict]:
    rows = db.session.execute(
        select(
            Theme.slug,
            Theme.name_de,
            Theme.name_en,
            func.count(Event.id),
            _sum(Report.participants),
        )
        .select_from(Theme)
        .outerjoin(event_themes, event_themes.c.theme_id == Theme.id)
        .outerjoin(Event, and_(Event.id == event_themes.c.event_id, _held(campaign)))
        .outerjoin(Report, Report.event_id == Event.id)
        .group_by(Theme.id, Theme.slug, Theme.name_de, Theme.name_en, Theme.position)
        .order_by(Theme.position, Theme.slug)
    ).all()
    return [
        {
            "slug": slug,
            "name_de": name_de,
            "name_en": name_en,
            "events": int(events),
            "participants": int(participants),
        }
        for slug, name_de, name_en, events, participants in rows
    ]


def _by_region(campaign: Campaign) -> list[dict]:
    rows = db.session.execute(
        select(
            Region.ags,
            Region.slug,
            Region.name,
            Region.latitude,
            Region.longitude,
            func.count(Event.id),
            _sum(Report.participants),
        )
        .select_from(Region)
        .outerjoin(Event, and_(Event.region_id == Region.id, _held(campaign)))
        .outerjoin(Report, Report.event_id == Event.id)
        .where(_region_valid_during(campaign))
        .group_by(
            Region.id, Region.ags, Region.slug, Region.name, Region.latitude, Region.longitude
        )
        .order_by(Region.name, Region.ags)
    ).all()
    return [
        {
            "ags": ags,
            "slug": slug,
            "name": name,
            "latitude": latitude,
            "longitude": longitude,
            "events": int(events),
            "participants": int(participants),
        }
        for ags, slug, name, latitude, longitude, events, participants in rows
    ]


def _by_month(campaign: Campaign) -> list[dict]:
    """Held events per calendar month, every month from the first to the last one listed."""
    year = extract("year", Event.starts_on)
    month = extract("month", Event.starts_on)
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for y, m, kind, number in db.session.execute(
        select(year, month, Event.kind, func.count(Event.id))
        .where(_held(campaign))
        .group_by(year, month, Event.kind)
    ):
        slot = counts.setdefault((int(y), int(m)), {"action_days": 0, "ideas_workshops": 0})
        slot["action_days" if kind == EventKind.ACTION_DAY.value else "ideas_workshops"] += int(
            number
        )
    first = (campaign.action_starts_on.year, campaign.action_starts_on.month)
    last = (campaign.action_ends_on.year, campaign.action_ends_on.month)
    if counts:
        first, last = min(first, *counts), max(last, *counts)
    months = []
    y, m = first
    while (y, m) <= last:
        slot = counts.get((y, m), {"action_days": 0, "ideas_workshops": 0})
        months.append({"month": f"{y:04d}-{m:02d}", **slot})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _ideas_workshops(campaign: Campaign) -> list[dict]:
    rows = db.session.execute(
        select(Event.id, Event.title, Event.starts_on, Region.name, Report.participants)
        .outerjoin(Region, Region.id == Event.region_id)
        .outerjoin(Report, Report.event_id == Event.id)
        .where(_held(campaign), Event.kind == EventKind.IDEAS_WORKSHOP.value)
        .order_by(Event.starts_on, Event.id)
    ).all()
    return [
        {
            "id": event_id,
            "title": title,
            "date": starts_on.isoformat(),
            "region": region,
            "participants": participants,
        }
        for event_id, title, starts_on, region, participants in rows
    ]


def _project_list(campaign: Campaign) -> list[dict]:
    rows = db.session.execute(
        select(
            Project.id,
            Project.name,
            Project.organisation,
            Region.name,
            Project.continues_after_campaign,
        )
        .join(Region, Region.id == Project.region_id)
        .join(project_campaigns, project_campaigns.c.project_id == Project.id)
        .where(
            project_campaigns.c.campaign_id == campaign.id,
            Project.status == ReviewState.PUBLISHED.value,
        )
        .order_by(Project.name, Project.id)
    ).all()
    return [
        {"id": pid, "name": name, "organisation": org, "region": region, "continues": continues}
        for pid, name, org, region, continues in rows
    ]


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _previous(campaign: Campaign) -> dict | None:
    """The previous campaign's key figures: its published snapshot if any, else live."""
    previous = db.session.scalar(select(Campaign).where(Campaign.year == campaign.year - 1))
    if previous is None:
        return None
    published = db.session.scalar(
        select(Retrospective.snapshot).where(
            Retrospective.campaign_id == previous.id,
            Retrospective.status == RetrospectiveState.PUBLISHED.value,
        )
    )
    if published:
        figures, source = published["figures"]["key"], "published"
    else:
        figures, source = key_figures(previous), "live"
    return {"year": previous.year, "source": source, "key": {k: figures[k] for k in COMPARED}}


def compute_figures(campaign: Campaign) -> dict:
    """Every figure of a campaign's retrospective, from GROUP BY queries; JSON-serialisable."""
    key = key_figures(campaign)
    projects = _project_counts(campaign)
    previous = _previous(campaign)
    if previous is not None:
        previous["differences"] = {k: key[k] - previous["key"][k] for k in COMPARED}
    return {
        "key": key,
        "by_theme": _by_theme(campaign),
        "by_region": _by_region(campaign),
        "by_month": _by_month(campaign),
        "ideas_workshops": _ideas_workshops(campaign),
        "projects": {
            "total": projects["total"],
            "continuing": projects["continuing"],
            "not_continuing": projects["not_continuing"],
            "unknown": projects["unknown"],
            "continuing_share": _share(projects["continuing"], projects["total"]),
            "list": _project_list(campaign),
        },
        "previous": previous,
    }


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
        "figures": compute_figures(campaign),
        "editorial": {
            "introduction": retrospective.introduction or "",
            "closing_text": retrospective.closing_text or "",
            "highlights": [_highlight_entry(h) for h in retrospective.highlights],
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
        select(Event).where(_held(campaign)).order_by(Event.starts_on, Event.title, Event.id)
    ).all()
    projects = db.session.scalars(
        select(Project)
        .join(project_campaigns, project_campaigns.c.project_id == Project.id)
        .where(
            project_campaigns.c.campaign_id == campaign.id,
            Project.status == ReviewState.PUBLISHED.value,
        )
        .order_by(Project.name, Project.id)
    ).all()
    return list(events), list(projects)


# ---------------------------------------------------------------- writes


def _ensure(campaign: Campaign) -> Retrospective:
    retrospective = retrospective_for(campaign)
    if retrospective is None:
        retrospective = Retrospective(campaign=campaign, introduction="", closing_text="")
        db.session.add(retrospective)
        db.session.flush()
    return retrospective


def update_text(campaign: Campaign, actor, introduction: str, closing_text: str) -> Retrospective:
    """Save the introduction and closing text (published pages change only on republish)."""
    retrospective = _ensure(campaign)
    retrospective.introduction = (introduction or "").strip()
    retrospective.closing_text = (closing_text or "").strip()
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
    events, projects = highlight_choices(campaign)
    if (event_id is None) == (project_id is None):
        raise DomainError(_l("Please choose either an event or a project."), field="target")
    if event_id is not None and event_id not in {e.id for e in events}:
        raise DomainError(_l("Please choose an event held in this campaign."), field="event_id")
    if project_id is not None and project_id not in {p.id for p in projects}:
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


# ---------------------------------------------------------------- demo content

_DEMO_TEXT = {
    2010: (
        "Im Europäischen Jahr gegen Armut und soziale Ausgrenzung haben Initiativen in ganz "
        "Niedersachsen eine Woche lang gezeigt, was Kindern aus Familien mit wenig Geld hilft.",
        "Wir danken allen Beteiligten und freuen uns auf die Aktionstage 2011.",
    ),
    2011: (
        "Die Aktionstage 2011 haben die Arbeit vor Ort weiter vernetzt: Viele Veranstaltungen "
        "entstanden gemeinsam mit Schulen, Kitas und Vereinen.",
        "Vielen Dank für Ihr Engagement für Kinder in Niedersachsen.",
    ),
    2012: (
        "2012 standen Bildung und gesellschaftliche Teilhabe im Mittelpunkt vieler Aktionen.",
        "Die Ergebnisse dieses Jahres fließen in die Planung der Mitmachtage 2013 ein.",
    ),
    2013: (
        "Von Juni bis Oktober 2013 luden die Mitmachtage zum Mitmachen ein. Aktionen konnten "
        "auf Antrag mit bis zu 2.000 Euro gefördert werden.",
        "Wir danken allen Organisationen, Ehrenamtlichen und Familien, die mitgemacht haben.",
    ),
    2014: (
        "Unter dem Motto „Vernetzung und Nachhaltigkeit“ fanden die Aktionstage 2014 statt.",
        "",
    ),
}
_DEMO_NOTES = (
    "Ein besonders gut besuchtes Angebot mit vielen Familien aus dem Stadtteil.",
    "Ein Projekt, das auch nach den Aktionstagen weitergeht.",
)


def create_demo_retrospectives(actor) -> None:
    """Demo: publish the retrospectives 2010–2013 with text and highlights; 2014 stays a draft.

    Deterministic: highlights are the first held action day and the first participating
    project by id, and published_at is taken from the campaign dates, not from the clock.
    """
    for year, (introduction, closing) in _DEMO_TEXT.items():
        campaign = campaign_for_year(year)
        if campaign is None:
            continue
        update_text(campaign, actor, introduction, closing)
        events, projects = highlight_choices(campaign)
        action_days = sorted(
            (e for e in events if e.kind == EventKind.ACTION_DAY.value), key=lambda e: e.id
        )
        if action_days:
            add_highlight(campaign, actor, _DEMO_NOTES[0], event_id=action_days[0].id)
        if projects:
            add_highlight(campaign, actor, _DEMO_NOTES[1], project_id=min(p.id for p in projects))
        if year <= 2013:
            published_on = date(campaign.action_ends_on.year, 12, 15)
            publish(campaign, actor, at=datetime.combine(published_on, time(10), tzinfo=UTC))
