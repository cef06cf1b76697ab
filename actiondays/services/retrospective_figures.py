"""The figures of a retrospective, from GROUP BY queries (counting rules: see retrospectives.py).

Only aggregates leave the database; the Python code merely folds the few aggregated rows into
the document's dicts. The same queries give the same numbers on SQLite and PostgreSQL.
"""

from sqlalchemy import and_, case, extract, func, or_, select

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
    RetrospectiveState,
    ReviewState,
    Theme,
)
from actiondays.models.associations import event_themes, project_campaigns
from actiondays.services.indicators import PER_INHABITANTS, per_inhabitants, population_by_ags

#: Key figures compared with the previous year.
#: Figures counted from events and their reports, in document order.
EVENT_TOTAL_KEYS = (
    "action_days",
    "ideas_workshops",
    "cancelled_events",
    "reports_filed",
    "reports_missing",
    "participants",
    "children_reached",
    "volunteers",
    "partner_organisations",
)
#: Every key figure of a retrospective document (`figures.key`).
KEY_FIGURE_KEYS = (
    *EVENT_TOTAL_KEYS,
    "regions_taking_part",
    "regions_total",
    "projects",
    "project_partners",
)


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


def held(campaign: Campaign):
    """SQL condition for the campaign's held events: published, so never cancelled."""
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
    totals = dict.fromkeys(EVENT_TOTAL_KEYS, 0)
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
        .outerjoin(Event, and_(Event.region_id == Region.id, held(campaign)))
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
        .outerjoin(Event, and_(Event.id == event_themes.c.event_id, held(campaign)))
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
        .outerjoin(Event, and_(Event.region_id == Region.id, held(campaign)))
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
        .where(held(campaign))
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
        .where(held(campaign), Event.kind == EventKind.IDEAS_WORKSHOP.value)
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


def _per_capita(campaign: Campaign, by_region: list[dict], key: dict[str, int]) -> dict:
    """Action per 10,000 inhabitants: by region, statewide, and the share of the population
    living in the regions taking part. Regions without a population figure are left out of the
    totals (and counted, so the page can say so)."""
    population = population_by_ags(campaign.year)
    rows = []
    for region in by_region:
        found = population.get(region["ags"])
        inhabitants = int(found[1]) if found else None
        rows.append(
            {
                "ags": region["ags"],
                "name": region["name"],
                "events": region["events"],
                "population": inhabitants,
                "population_year": found[0] if found else None,
                "events_per_10k": per_inhabitants(region["events"], inhabitants),
            }
        )
    known = [r for r in rows if r["population"]]
    total = sum(r["population"] for r in known)
    taking_part = sum(r["population"] for r in known if r["events"])
    return {
        "per_inhabitants": PER_INHABITANTS,
        "population_years": sorted({r["population_year"] for r in known}),
        "regions_with_population": len(known),
        "population": total,
        "population_share_taking_part": round(100 * taking_part / total, 1) if total else None,
        "action_days_per_10k": per_inhabitants(key["action_days"], total or None),
        "children_reached_per_10k": per_inhabitants(key["children_reached"], total or None),
        "by_region": rows,
    }


def compute_figures(campaign: Campaign) -> dict:
    """Every figure of a campaign's retrospective, from GROUP BY queries; JSON-serialisable."""
    key = key_figures(campaign)
    projects = _project_counts(campaign)
    previous = _previous(campaign)
    if previous is not None:
        previous["differences"] = {k: key[k] - previous["key"][k] for k in COMPARED}
    by_region = _by_region(campaign)
    return {
        "key": key,
        "by_theme": _by_theme(campaign),
        "by_region": by_region,
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
        "per_capita": _per_capita(campaign, by_region, key),
    }
