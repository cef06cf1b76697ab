"""`/map`: public events on a tile map of the districts, with the same numbers as a table.

Server-rendered SVG (`actiondays/tilemap.py`): no JavaScript, no tile server, no request
leaves the site. The districts shown are those that existed at the time: in the campaign's
action period with `year=`, otherwise today. Events of a district that no longer exists count
towards its successor (`region_mergers`); statewide events are counted beside the map.
"""

from datetime import date

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models.event import BERLIN
from actiondays.services.listings import EventFilters
from actiondays.services.opendata import (
    campaign_by_year,
    public_event_counts_by_region,
    region_successors,
    regions_valid_on,
)
from actiondays.tilemap import Tile, render_tile_map
from actiondays.web.opendata import bp
from actiondays.web.public.filters import active_filters, filters_or_400
from actiondays.web.public.views import filter_choices


def map_day(year: int | None) -> date:
    """The day whose districts a map shows: the campaign's first action day, or today."""
    if year:
        campaign = db.session.scalar(campaign_by_year(year))
        return campaign.action_starts_on if campaign else date(year, 6, 1)
    return utcnow().astimezone(BERLIN).date()


def region_counts(filters: EventFilters, day: date):
    """(regions valid on day with their event counts, statewide count, count elsewhere)."""
    regions = db.session.scalars(regions_valid_on(day)).all()
    counts = dict(db.session.execute(public_event_counts_by_region(filters)).all())
    statewide = counts.pop(None, 0)
    shown = {region.id for region in regions}
    for predecessor, successor in db.session.execute(region_successors()):
        if predecessor in counts and predecessor not in shown and successor in shown:
            counts[successor] = counts.get(successor, 0) + counts.pop(predecessor)
    elsewhere = sum(n for region_id, n in counts.items() if region_id not in shown)
    return [(region, counts.get(region.id, 0)) for region in regions], statewide, elsewhere


def _label(name: str, count: int) -> str:
    return ngettext("%(name)s: %(num)d event", "%(name)s: %(num)d events", count, name=name)


def tile_map(rows, href_for, current_slug: str | None = None) -> str:
    """The SVG of a list of (region, count)."""
    tiles = [
        Tile(
            ags=region.ags,
            name=region.name,
            count=count,
            href=href_for(region),
            label=_label(region.name, count),
            is_current=region.slug == current_slug,
        )
        for region, count in rows
    ]
    return render_tile_map(
        tiles,
        _("Map of the districts and independent cities of Lower Saxony"),
        _(
            "Each square is a district or independent city, placed roughly where it lies. "
            "The number is its count of events; darker squares have more. The table below "
            "lists the same numbers."
        ),
    )


def region_map(region) -> str:
    """The map on a region page: every region's public events, this region outlined."""
    day = utcnow().astimezone(BERLIN).date()
    if not region.is_valid_on(day) and region.valid_to:
        day = region.valid_to
    rows, _statewide, _elsewhere = region_counts(EventFilters(), day)
    return tile_map(
        rows, lambda r: url_for("public.show_region", slug=r.slug), current_slug=region.slug
    )


@bp.get("/map")
def event_map():
    """Public events by district on a tile map, filtered like /events, plus a table."""
    filters = filters_or_400(request.args)
    rows, statewide, elsewhere = region_counts(filters, map_day(filters.year))
    plain = filters.url_args("region")

    def href_for(region):
        return url_for("public.list_events", **plain, region=region.slug)

    regions, themes = filter_choices()
    chips = active_filters(
        filters, {r.slug: r.name for r in regions}, {t.slug: t.name for t in themes}
    )
    return render_template(
        "opendata/map.html",
        svg=tile_map(rows, href_for),
        rows=sorted(rows, key=lambda row: row[0].name),
        href_for=href_for,
        statewide=statewide,
        elsewhere=elsewhere,
        total=sum(count for _region, count in rows) + statewide + elsewhere,
        filters=filters,
        regions=regions,
        themes=themes,
        chips=chips,
    )
