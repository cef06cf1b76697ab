"""Public pages: start page, event list, event detail."""

from flask import abort, current_app, render_template, request, url_for

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models import Event, Region, Theme
from actiondays.models.event import BERLIN
from actiondays.services.funding.budget import funding_labels
from actiondays.services.listings import (
    EventFilters,
    all_regions,
    all_themes,
    current_campaign,
    public_event,
    published_events,
)
from actiondays.web.public import bp
from actiondays.web.public.filters import active_filters, filters_or_400
from actiondays.web.public.links import (
    event_json_ld,
    google_calendar_url,
    openstreetmap_url,
    outlook_url,
)


@bp.get("/")
def index():
    """The current campaign, its upcoming events and the themes."""
    today = utcnow().astimezone(BERLIN).date()
    campaign = current_campaign(today)
    upcoming = []
    if campaign is not None:
        upcoming = db.session.scalars(
            published_events(EventFilters(year=campaign.year))
            .where(Event.ends_on >= today)
            .limit(6)
        ).all()
    themes = db.session.scalars(all_themes()).all()
    return render_template("public/index.html", campaign=campaign, upcoming=upcoming, themes=themes)


def filter_choices() -> tuple[list[Region], list[Theme]]:
    """Regions and themes offered by the filter forms."""
    regions = db.session.scalars(all_regions()).all()
    themes = db.session.scalars(all_themes()).all()
    return list(regions), list(themes)


MAX_PAGE = 100_000  # beyond any real list; keeps the SQL OFFSET in range


def render_filtered_list(query_for, template: str):
    """A paginated, filtered list page (events or projects) with its removable filter chips."""
    filters = filters_or_400(request.args)
    number = request.args.get("page", 1, type=int)
    if number > MAX_PAGE:
        abort(404)
    page = db.paginate(
        query_for(filters),
        page=max(number, 1),
        per_page=current_app.config["EVENTS_PER_PAGE"],
        max_per_page=100,
        error_out=False,
    )
    regions, themes = filter_choices()
    chips = active_filters(
        filters, {r.slug: r.name for r in regions}, {t.slug: t.name for t in themes}
    )
    return render_template(
        template, page=page, filters=filters, regions=regions, themes=themes, chips=chips
    )


@bp.get("/events")
def list_events():
    """Published events, newest campaign first, filtered and paginated."""
    return render_filtered_list(published_events, "public/events.html")


@bp.get("/events/<int:event_id>")
def show_event(event_id: int):
    """One public event; drafts and submissions are 404 for the public."""
    event = db.first_or_404(public_event(event_id))
    url = url_for("public.show_event", event_id=event.id, _external=True)
    return render_template(
        "public/event.html",
        event=event,
        url=url,
        json_ld=event_json_ld(event, url),
        google_url=google_calendar_url(event, url),
        outlook_url=outlook_url(event, url),
        osm_url=openstreetmap_url(event),
        funded=funding_labels(event_ids=[event.id]).get(("event", event.id)),
    )
