"""The figures of a retrospective, from GROUP BY queries (counting rules: see retrospectives.py).

Only aggregates leave the database; the Python code merely folds the few aggregated rows into
the document's dicts. The same queries give the same numbers on SQLite and PostgreSQL.
"""

from sqlalchemy import and_, extract, func, select

from actiondays.extensions import db
from actiondays.models import (
    Campaign,
    Event,
    EventKind,
    Indicator,
    IndicatorValue,
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
from actiondays.services.indicators import PER_INHABITANTS, POPULATION, nearest, per_inhabitants

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


def _sum(column):
    return func.coalesce(func.sum(column), 0)


def _valid_during(campaign: Campaign, valid_from, valid_to) -> bool:
    """Whether a region with this validity existed during the campaign's action period."""
    return (valid_from is None or valid_from <= campaign.action_ends_on) and (
        valid_to is None or valid_to >= campaign.action_starts_on
    )


def _event_rows(campaign_ids: list[int]) -> dict[int, list]:
    """Held and cancelled events of the campaigns, counted with their report sums per region,
    kind, status and month of the start: one GROUP BY for every event figure (totals, regions
    taking part, by region, by month). A few thousand rows at most, whatever the event count."""
    year = extract("year", Event.starts_on)
    month = extract("month", Event.starts_on)
    rows = db.session.execute(
        select(
            Event.campaign_id,
            Event.region_id,
            Event.kind,
            Event.status,
            year,
            month,
            func.count(Event.id),
            func.count(Report.id),
            _sum(Report.participants),
            _sum(Report.children_reached),
            _sum(Report.volunteers),
            _sum(Report.partner_organisations),
        )
        .outerjoin(Report, Report.event_id == Event.id)
        .where(
            Event.campaign_id.in_(campaign_ids),
            Event.status.in_((ReviewState.PUBLISHED.value, ReviewState.CANCELLED.value)),
        )
        .group_by(Event.campaign_id, Event.region_id, Event.kind, Event.status, year, month)
    ).all()
    by_campaign: dict[int, list] = {campaign_id: [] for campaign_id in campaign_ids}
    for row in rows:
        by_campaign[row[0]].append(row[1:])
    return by_campaign


def _region_rows() -> list[tuple]:
    """Every region (by name) with its validity and population figures: one statement for the
    regions taking part, the figures by region and per capita."""
    population = select(Indicator.id).where(Indicator.key == POPULATION).scalar_subquery()
    rows = db.session.execute(
        select(
            Region.id,
            Region.ags,
            Region.slug,
            Region.name,
            Region.latitude,
            Region.longitude,
            Region.valid_from,
            Region.valid_to,
            IndicatorValue.year,
            IndicatorValue.value,
        )
        .outerjoin(
            IndicatorValue,
            and_(IndicatorValue.region_id == Region.id, IndicatorValue.indicator_id == population),
        )
        .order_by(Region.name, Region.ags, Region.id)
    ).all()
    return rows


def _project_rows(campaign_ids: list[int]) -> dict[int, list]:
    """Published projects of the campaigns (by name) with their normalised partner names, one
    row per partner: list, sustainability counts and distinct partners in one statement."""
    rows = db.session.execute(
        select(
            project_campaigns.c.campaign_id,
            Project.id,
            Project.name,
            Project.organisation,
            Region.name,
            Project.continues_after_campaign,
            func.lower(func.trim(ProjectPartner.name)),
        )
        .join(project_campaigns, project_campaigns.c.project_id == Project.id)
        .join(Region, Region.id == Project.region_id)
        .outerjoin(ProjectPartner, ProjectPartner.project_id == Project.id)
        .where(
            project_campaigns.c.campaign_id.in_(campaign_ids),
            Project.status == ReviewState.PUBLISHED.value,
        )
        .order_by(Project.name, Project.id)
    ).all()
    by_campaign: dict[int, list] = {campaign_id: [] for campaign_id in campaign_ids}
    for row in rows:
        by_campaign[row[0]].append(row[1:])
    return by_campaign


def _sustainability(continues: bool | None) -> str:
    return "unknown" if continues is None else "continuing" if continues else "not_continuing"


class _Figures:
    """The figures of one campaign folded from the shared aggregate rows."""

    def __init__(self, campaign: Campaign, events: list, regions: list, projects: list):
        self.campaign = campaign
        totals = dict.fromkeys(EVENT_TOTAL_KEYS, 0)
        per_region: dict[int | None, list[int]] = {}
        per_month: dict[tuple[int, int], dict[str, int]] = {}
        for region_id, kind, status, y, m, count, reports, part, children, vol, partners in events:
            count = int(count)
            if status != _HELD:
                totals["cancelled_events"] += count
                continue
            key = "action_days" if kind == EventKind.ACTION_DAY.value else "ideas_workshops"
            totals[key] += count
            totals["reports_filed"] += int(reports)
            totals["reports_missing"] += count - int(reports)
            totals["participants"] += int(part)
            totals["children_reached"] += int(children)
            totals["volunteers"] += int(vol)
            totals["partner_organisations"] += int(partners)
            slot = per_region.setdefault(region_id, [0, 0])
            slot[0] += count
            slot[1] += int(part)
            month = per_month.setdefault((int(y), int(m)), {"action_days": 0, "ideas_workshops": 0})
            month[key] += count
        self.totals = totals
        self.per_month = per_month
        self.by_region = []
        seen: set[int] = set()
        population: dict[str, dict[int, object]] = {}
        for row in regions:
            region_id, ags, slug, name, lat, lon, valid_from, valid_to, value_year, value = row
            if value_year is not None:
                population.setdefault(ags, {})[value_year] = value
            if region_id in seen or not _valid_during(campaign, valid_from, valid_to):
                continue
            seen.add(region_id)
            events_here, participants_here = per_region.get(region_id, (0, 0))
            self.by_region.append(
                {
                    "ags": ags,
                    "slug": slug,
                    "name": name,
                    "latitude": lat,
                    "longitude": lon,
                    "events": events_here,
                    "participants": participants_here,
                }
            )
        self.population = {
            ags: found
            for ags, years in population.items()
            if (found := nearest(years, campaign.year))
        }
        self.regions_total = len(self.by_region)
        self.regions_taking_part = sum(1 for region in self.by_region if region["events"])
        counts = {"total": 0, "continuing": 0, "not_continuing": 0, "unknown": 0}
        self.project_list, partner_names = [], set()
        for pid, name, organisation, region, continues, partner in projects:
            if partner is not None:
                partner_names.add(partner)
            if self.project_list and self.project_list[-1]["id"] == pid:
                continue
            self.project_list.append(
                {
                    "id": pid,
                    "name": name,
                    "organisation": organisation,
                    "region": region,
                    "continues": continues,
                }
            )
            counts[_sustainability(continues)] += 1
            counts["total"] += 1
        counts["partners"] = len(partner_names)
        self.projects = counts

    def key(self) -> dict[str, int]:
        return {
            **self.totals,
            "regions_taking_part": self.regions_taking_part,
            "regions_total": self.regions_total,
            "projects": self.projects["total"],
            "project_partners": self.projects["partners"],
        }

    def by_month(self) -> list[dict]:
        """Held events per calendar month, every month from the first to the last one listed."""
        campaign = self.campaign
        first = (campaign.action_starts_on.year, campaign.action_starts_on.month)
        last = (campaign.action_ends_on.year, campaign.action_ends_on.month)
        if self.per_month:
            first, last = min(first, *self.per_month), max(last, *self.per_month)
        months = []
        y, m = first
        while (y, m) <= last:
            slot = self.per_month.get((y, m), {"action_days": 0, "ideas_workshops": 0})
            months.append({"month": f"{y:04d}-{m:02d}", **slot})
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return months


def _figures_of(campaigns: list[Campaign]) -> list[_Figures]:
    """The folded figures of one or more campaigns from three statements in all."""
    ids = [campaign.id for campaign in campaigns]
    events, regions, projects = _event_rows(ids), _region_rows(), _project_rows(ids)
    return [_Figures(c, events[c.id], regions, projects[c.id]) for c in campaigns]


def key_figures(campaign: Campaign) -> dict[str, int]:
    """The key figures of one campaign (see the module docstring for the counting rules)."""
    return _figures_of([campaign])[0].key()


def _by_theme(campaign: Campaign) -> list[dict]:
    counted = (
        select(
            event_themes.c.theme_id.label("theme_id"),
            func.count(Event.id).label("events"),
            _sum(Report.participants).label("participants"),
        )
        .select_from(Event)
        .join(event_themes, event_themes.c.event_id == Event.id)
        .outerjoin(Report, Report.event_id == Event.id)
        .where(held(campaign))
        .group_by(event_themes.c.theme_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Theme.slug,
            Theme.name_de,
            Theme.name_en,
            func.coalesce(counted.c.events, 0),
            func.coalesce(counted.c.participants, 0),
        )
        .outerjoin(counted, counted.c.theme_id == Theme.id)
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


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _previous_campaign(campaign: Campaign) -> tuple[Campaign | None, dict | None]:
    """The previous year's campaign and its published snapshot (None if unpublished), in one
    statement."""
    row = db.session.execute(
        select(Campaign, Retrospective.snapshot)
        .outerjoin(
            Retrospective,
            and_(
                Retrospective.campaign_id == Campaign.id,
                Retrospective.status == RetrospectiveState.PUBLISHED.value,
            ),
        )
        .where(Campaign.year == campaign.year - 1)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def _per_capita(figures: _Figures, key: dict[str, int]) -> dict:
    """Action per 10,000 inhabitants: by region, statewide, and the share of the population
    living in the regions taking part. Regions without a population figure are left out of the
    totals (and counted, so the page can say so)."""
    population = figures.population
    rows = []
    for region in figures.by_region:
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
    """Every figure of a campaign's retrospective, from GROUP BY queries; JSON-serialisable.

    Six statements whatever the number of events: the previous campaign, the event aggregate
    (of both years when the previous one is unpublished), the regions with their population,
    the projects with their partners, the themes and the ideas workshops."""
    previous_campaign, published = _previous_campaign(campaign)
    live_previous = previous_campaign is not None and not published
    figures, *before = _figures_of([campaign, previous_campaign] if live_previous else [campaign])
    key = figures.key()
    previous = None
    if previous_campaign is not None:
        if published:
            compared, source = published["figures"]["key"], "published"
        else:
            compared, source = before[0].key(), "live"
        previous = {
            "year": previous_campaign.year,
            "source": source,
            "key": {k: compared[k] for k in COMPARED},
        }
        previous["differences"] = {k: key[k] - previous["key"][k] for k in COMPARED}
    projects = figures.projects
    return {
        "key": key,
        "by_theme": _by_theme(campaign),
        "by_region": figures.by_region,
        "by_month": figures.by_month(),
        "ideas_workshops": _ideas_workshops(campaign) if key["ideas_workshops"] else [],
        "projects": {
            "total": projects["total"],
            "continuing": projects["continuing"],
            "not_continuing": projects["not_continuing"],
            "unknown": projects["unknown"],
            "continuing_share": _share(projects["continuing"], projects["total"]),
            "list": figures.project_list,
        },
        "previous": previous,
        "per_capita": _per_capita(figures, key),
    }
