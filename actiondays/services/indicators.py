"""Social-reporting indicators: the catalogue, values per region and year, and the comparisons.

Where is the need, where is the action? Every figure here is a `GROUP BY` query or a lookup over
at most (regions × years) values; no page loops over events.

Rules:
- a value belongs to the region that existed in its year (`Region.valid_from`/`valid_to`);
- a comparison of a year lists the regions valid on 31 December of that year (the statistical
  offices' reference day);
- per-capita figures use the population indicator (key `population`) of the same year, else of
  the nearest year with a value, and name that year; no child population is shipped, so activity
  is given per 10,000 inhabitants;
- across a merger (`RegionMerger`) a successor's earlier years aggregate its predecessors: sums
  for counts, population-weighted means for rates (unweighted, and said so, when the
  predecessors' population is not known).
"""

import logging
import re
import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from actiondays.errors import ValidationFailed
from actiondays.extensions import db
from actiondays.models import (
    Campaign,
    Event,
    EventKind,
    Indicator,
    IndicatorAggregation,
    IndicatorDirection,
    IndicatorValue,
    Project,
    Region,
    RegionMerger,
    ReviewState,
)
from actiondays.models.associations import project_campaigns
from actiondays.services import audit
from actiondays.services.events import STALE_EDIT, StaleEdit
from actiondays.spec.parsers import MEASURE_LIMIT, parse_measure

log = logging.getLogger(__name__)

POPULATION = "population"
PER_INHABITANTS = 10_000
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,59}$")
LIMITS = {"key": 60, "name_de": 200, "name_en": 200, "unit": 40, "licence": 200}
LONG_TEXT = 5_000
VALUE_LIMIT = MEASURE_LIMIT
parse_value = parse_measure
"""A decimal number with a comma or a point (thousands separators refused); ValueError (the
shared parser's ParseError) otherwise."""


# Catalogue ----------------------------------------------------------------------------------------


@dataclass
class IndicatorData:
    """The editable fields of an indicator, as the form and the seed file give them."""

    key: str = ""
    name_de: str = ""
    name_en: str = ""
    unit: str = ""
    definition: str = ""
    source: str = ""
    licence: str = ""
    direction: str = IndicatorDirection.HIGHER_IS_WORSE.value
    aggregation: str = IndicatorAggregation.POPULATION_WEIGHTED_MEAN.value
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    is_demo: bool = False

    @classmethod
    def from_indicator(cls, indicator: Indicator) -> "IndicatorData":
        return cls(**{name: getattr(indicator, name) for name in cls.__dataclass_fields__})


def check_indicator(data: IndicatorData, current: Indicator | None = None) -> None:
    """Raise ValidationFailed with every field error of `data` at once."""
    errors: dict[str, list[str]] = {}

    def fail(name: str, message) -> None:
        errors.setdefault(name, []).append(str(message))

    if not KEY_PATTERN.match(data.key or ""):
        fail(
            "key",
            _l(
                "The key consists of 2 to 60 lower-case letters, digits and underscores and "
                "starts with a letter."
            ),
        )
    else:
        clash = db.session.scalar(select(Indicator.id).where(Indicator.key == data.key))
        if clash is not None and (current is None or clash != current.id):
            fail("key", _l("An indicator with this key already exists."))
    for name in ("name_de", "name_en", "unit"):
        if not (getattr(data, name) or "").strip():
            fail(name, _l("Please fill in this field."))
    for name, limit in LIMITS.items():
        if len(getattr(data, name) or "") > limit:
            fail(name, _l("At most %(max)d characters.", max=limit))
    for name in ("definition", "source"):
        if len(getattr(data, name) or "") > LONG_TEXT:
            fail(name, _l("At most %(max)d characters.", max=LONG_TEXT))
    if data.direction not in {d.value for d in IndicatorDirection}:
        fail("direction", _l("Please choose a direction."))
    if data.aggregation not in {a.value for a in IndicatorAggregation}:
        fail("aggregation", _l("Please choose how values combine across a merger."))
    for name in ("minimum", "maximum"):
        value = getattr(data, name)
        if value is not None and abs(value) > VALUE_LIMIT:
            fail(name, _l("The number is too large."))
    if data.minimum is not None and data.maximum is not None and data.minimum > data.maximum:
        fail("maximum", _l("The upper bound must not be below the lower bound."))
    if errors:
        raise ValidationFailed(errors)


def create_indicator(data: IndicatorData, actor) -> Indicator:
    """Add an indicator to the catalogue; flushes, never commits."""
    check_indicator(data)
    indicator = Indicator(**vars(data))
    db.session.add(indicator)
    db.session.flush()
    audit.record(actor, "indicator.create", indicator, {"key": [None, data.key]})
    return indicator


def update_indicator(
    indicator: Indicator, data: IndicatorData, actor, version: int | None = None
) -> Indicator:
    """Change an indicator's description; its values stay. Flushes, never commits.

    `version` is the row version the form started from: another save in between is a StaleEdit.
    """
    if version is not None and version != indicator.version:
        raise StaleEdit(STALE_EDIT)
    check_indicator(data, current=indicator)
    for name, value in vars(data).items():
        setattr(indicator, name, value)
    changes = audit.changed_fields(indicator)
    db.session.flush()
    if changes:
        audit.record(actor, "indicator.update", indicator, changes)
    return indicator


def indicators_in_order():
    """The catalogue, base figures (population) last, then by German name."""
    return select(Indicator).order_by(
        (Indicator.key == POPULATION).asc(), Indicator.name_de, Indicator.id
    )


def indicator_by_key(key: str):
    return select(Indicator).where(Indicator.key == key)


def value_years(indicator: Indicator) -> list[int]:
    """The years with at least one value of the indicator, newest first."""
    return list(
        db.session.scalars(
            select(IndicatorValue.year)
            .where(IndicatorValue.indicator_id == indicator.id)
            .group_by(IndicatorValue.year)
            .order_by(IndicatorValue.year.desc())
        )
    )


# Reading values -----------------------------------------------------------------------------------


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def existed_in(region: Region, year: int) -> bool:
    """Whether the region existed on at least one day of the year."""
    first, last = year_bounds(year)
    return (region.valid_from is None or region.valid_from <= last) and (
        region.valid_to is None or first <= region.valid_to
    )


def valid_on(day: date):
    """SQL condition: the region existed on that day."""
    return ((Region.valid_from.is_(None)) | (Region.valid_from <= day)) & (
        (Region.valid_to.is_(None)) | (Region.valid_to >= day)
    )


def _population_table() -> dict[int, dict[int, Decimal]]:
    """{region_id: {year: inhabitants}} from the population indicator (one query)."""
    rows = db.session.execute(
        select(IndicatorValue.region_id, IndicatorValue.year, IndicatorValue.value)
        .join(Indicator)
        .where(Indicator.key == POPULATION)
    )
    table: dict[int, dict[int, Decimal]] = {}
    for region_id, year, value in rows:
        table.setdefault(region_id, {})[year] = value
    return table


def population_by_ags(year: int) -> dict[str, tuple[int, Decimal]]:
    """{AGS: (year of the figure, inhabitants)}: each region's population of `year`, else of
    the nearest year with a figure (one query)."""
    rows = db.session.execute(
        select(Region.ags, IndicatorValue.year, IndicatorValue.value)
        .join(IndicatorValue, IndicatorValue.region_id == Region.id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(Indicator.key == POPULATION)
    )
    by_ags: dict[str, dict[int, Decimal]] = {}
    for ags, value_year, value in rows:
        by_ags.setdefault(ags, {})[value_year] = value
    return {ags: found for ags, years in by_ags.items() if (found := nearest(years, year))}


def nearest(by_year: dict[int, Decimal], year: int) -> tuple[int, Decimal] | None:
    """The value of `year`, else of the nearest year (the earlier one on a tie)."""
    if not by_year:
        return None
    best = min(by_year, key=lambda y: (abs(y - year), y))
    return best, by_year[best]


def per_inhabitants(count: int, population: Decimal | None) -> float | None:
    """`count` per 10,000 inhabitants, one decimal; None without a population."""
    if not population:
        return None
    return round(float(count) * PER_INHABITANTS / float(population), 2)


# Activity per region and year ---------------------------------------------------------------------


def _action_days_by_region(year: int) -> dict[int, int]:
    """Held action days (published, not cancelled) of the campaign `year`, per region."""
    rows = db.session.execute(
        select(Event.region_id, func.count(Event.id))
        .join(Campaign, Event.campaign_id == Campaign.id)
        .where(
            Campaign.year == year,
            Event.status == ReviewState.PUBLISHED.value,
            Event.kind == EventKind.ACTION_DAY.value,
            Event.region_id.is_not(None),
        )
        .group_by(Event.region_id)
    )
    return dict(rows.all())


def _projects_by_region(year: int) -> dict[int, int]:
    """Published participating projects of the campaign `year`, per region."""
    rows = db.session.execute(
        select(Project.region_id, func.count(Project.id))
        .join(project_campaigns, project_campaigns.c.project_id == Project.id)
        .join(Campaign, Campaign.id == project_campaigns.c.campaign_id)
        .where(Campaign.year == year, Project.status == ReviewState.PUBLISHED.value)
        .group_by(Project.region_id)
    )
    return dict(rows.all())


# The comparison of all regions --------------------------------------------------------------------


@dataclass
class ComparisonRow:
    region: Region
    value: Decimal | None
    rank: int | None
    action_days: int
    projects: int
    population: Decimal | None
    population_year: int | None
    action_days_per_10k: float | None
    high_need_low_action: bool = False


@dataclass
class Comparison:
    indicator: Indicator
    year: int
    rows: list[ComparisonRow]
    median_value: Decimal | None = None
    median_activity: float | None = None
    population_years: list[int] = field(default_factory=list)

    @property
    def focus(self) -> list[ComparisonRow]:
        """Regions of high need and low activity, the most pressing first."""
        return [row for row in self.rows if row.high_need_low_action]

    @property
    def has_values(self) -> bool:
        return any(row.value is not None for row in self.rows)


def _rank(rows: list[ComparisonRow], indicator: Indicator) -> None:
    """Rank 1 is the greatest need: highest value if higher is worse, else lowest."""
    valued = [row for row in rows if row.value is not None]
    descending = indicator.direction != IndicatorDirection.HIGHER_IS_BETTER.value
    valued.sort(key=lambda r: (-r.value if descending else r.value, r.region.name))
    for position, row in enumerate(valued, start=1):
        row.rank = position


def _is_worse(value: Decimal, median: Decimal, indicator: Indicator) -> bool:
    if indicator.direction == IndicatorDirection.HIGHER_IS_BETTER.value:
        return value < median
    return value > median


def compare_regions(indicator: Indicator, year: int) -> Comparison:
    """Every region valid on 31 Dec of `year` with value, rank, activity and per-capita activity.

    A constant number of queries, whatever the number of regions and years.
    """
    _first, last = year_bounds(year)
    regions = db.session.scalars(select(Region).where(valid_on(last)).order_by(Region.name)).all()
    values = dict(
        db.session.execute(
            select(IndicatorValue.region_id, IndicatorValue.value).where(
                IndicatorValue.indicator_id == indicator.id, IndicatorValue.year == year
            )
        ).all()
    )
    population = _population_table()
    action_days = _action_days_by_region(year)
    projects = _projects_by_region(year)
    rows = []
    for region in regions:
        found = nearest(population.get(region.id, {}), year)
        inhabitants = found[1] if found else None
        days = action_days.get(region.id, 0)
        rows.append(
            ComparisonRow(
                region=region,
                value=values.get(region.id),
                rank=None,
                action_days=days,
                projects=projects.get(region.id, 0),
                population=inhabitants,
                population_year=found[0] if found else None,
                action_days_per_10k=per_inhabitants(days, inhabitants),
            )
        )
    _rank(rows, indicator)
    comparison = Comparison(
        indicator=indicator,
        year=year,
        rows=rows,
        population_years=sorted({r.population_year for r in rows if r.population_year}),
    )
    valued = [r.value for r in rows if r.value is not None]
    activity = [r.action_days_per_10k for r in rows if r.action_days_per_10k is not None]
    if valued and activity and indicator.direction != IndicatorDirection.NEUTRAL.value:
        comparison.median_value = statistics.median(valued)
        comparison.median_activity = statistics.median(activity)
        for row in rows:
            row.high_need_low_action = (
                row.value is not None
                and row.action_days_per_10k is not None
                and _is_worse(row.value, comparison.median_value, indicator)
                and row.action_days_per_10k <= comparison.median_activity
            )
    comparison.rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.region.name))
    return comparison


# One region over time, across mergers ------------------------------------------------------------


@dataclass
class SeriesPoint:
    year: int
    value: Decimal
    #: Names of the predecessor regions whose values were combined, if any.
    combined_from: list[str] = field(default_factory=list)
    weighted: bool = True


@dataclass
class RegionSeries:
    indicator: Indicator
    points: list[SeriesPoint]

    @property
    def combined(self) -> list[SeriesPoint]:
        return [p for p in self.points if p.combined_from]


def _combine(
    indicator: Indicator,
    parts: list[tuple[Region, Decimal]],
    population: dict[int, dict[int, Decimal]],
    year: int,
) -> tuple[Decimal, bool]:
    """Sum for counts; population-weighted mean for rates (unweighted if a weight is missing)."""
    if indicator.aggregation == IndicatorAggregation.SUM.value:
        return sum((value for _r, value in parts), Decimal(0)), True
    weights = [population.get(region.id, {}).get(year) for region, _v in parts]
    if all(weights):
        total = sum(weights, Decimal(0))
        mean = sum((w * v for w, (_r, v) in zip(weights, parts, strict=True)), Decimal(0)) / total
        return mean.quantize(Decimal("0.0001")), True
    mean = sum((v for _r, v in parts), Decimal(0)) / len(parts)
    return mean.quantize(Decimal("0.0001")), False


def region_profile(region: Region) -> list[RegionSeries]:
    """Every indicator with values for the region over time (four queries in all).

    For a successor region, years before its merger come from its predecessors, combined.
    """
    mergers = db.session.scalars(
        select(RegionMerger).where(RegionMerger.successor_id == region.id)
    ).all()
    predecessors = {m.predecessor_id: m.predecessor for m in mergers}
    region_ids = [region.id, *predecessors]
    rows = db.session.execute(
        select(
            IndicatorValue.indicator_id,
            IndicatorValue.region_id,
            IndicatorValue.year,
            IndicatorValue.value,
        )
        .where(IndicatorValue.region_id.in_(region_ids))
        .order_by(IndicatorValue.year)
    ).all()
    if not rows:
        return []
    indicators = {
        i.id: i
        for i in db.session.scalars(
            select(Indicator).where(Indicator.id.in_({r.indicator_id for r in rows}))
        )
    }
    population = _population_table() if predecessors else {}
    own: dict[int, dict[int, Decimal]] = {}
    parts: dict[int, dict[int, list[tuple[Region, Decimal]]]] = {}
    for indicator_id, region_id, year, value in rows:
        if region_id == region.id:
            own.setdefault(indicator_id, {})[year] = value
        else:
            parts.setdefault(indicator_id, {}).setdefault(year, []).append(
                (predecessors[region_id], value)
            )
    result = []
    for indicator in sorted(indicators.values(), key=lambda i: (i.key == POPULATION, i.name_de)):
        points = {y: SeriesPoint(y, v) for y, v in own.get(indicator.id, {}).items()}
        for year, pieces in parts.get(indicator.id, {}).items():
            if year in points or len(pieces) < len(predecessors):
                continue  # the successor's own value wins; an incomplete set is not combined
            value, weighted = _combine(indicator, pieces, population, year)
            points[year] = SeriesPoint(
                year, value, sorted(r.name for r, _v in pieces), weighted=weighted
            )
        if points:
            result.append(RegionSeries(indicator, [points[y] for y in sorted(points)]))
    return result


@dataclass
class ActivityYear:
    year: int
    action_days: int
    projects: int
    population: Decimal | None
    population_year: int | None
    action_days_per_10k: float | None


def region_activity(region: Region) -> list[ActivityYear]:
    """The region's held action days and projects per campaign year, per 10,000 inhabitants."""
    days = dict(
        db.session.execute(
            select(Campaign.year, func.count(Event.id))
            .join(Event, Event.campaign_id == Campaign.id)
            .where(
                Event.region_id == region.id,
                Event.status == ReviewState.PUBLISHED.value,
                Event.kind == EventKind.ACTION_DAY.value,
            )
            .group_by(Campaign.year)
        ).all()
    )
    projects = dict(
        db.session.execute(
            select(Campaign.year, func.count(Project.id))
            .join(project_campaigns, project_campaigns.c.campaign_id == Campaign.id)
            .join(Project, Project.id == project_campaigns.c.project_id)
            .where(Project.region_id == region.id, Project.status == ReviewState.PUBLISHED.value)
            .group_by(Campaign.year)
        ).all()
    )
    population = dict(
        db.session.execute(
            select(IndicatorValue.year, IndicatorValue.value)
            .join(Indicator)
            .where(Indicator.key == POPULATION, IndicatorValue.region_id == region.id)
        ).all()
    )
    years = []
    for year in sorted(set(days) | set(projects)):
        found = nearest(population, year)
        count = days.get(year, 0)
        years.append(
            ActivityYear(
                year=year,
                action_days=count,
                projects=projects.get(year, 0),
                population=found[1] if found else None,
                population_year=found[0] if found else None,
                action_days_per_10k=per_inhabitants(count, found[1] if found else None),
            )
        )
    return years
