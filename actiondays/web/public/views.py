"""Public pages: start page, event list, event detail."""

from flask import current_app, render_template, request
from sqlalchemy import select

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models import Event, Region, Theme
from actiondays.models.event import BERLIN
from actiondays.models.lifecycle import PUBLIC_STATES
from actiondays.services.listings import EventFilters, current_campaign, published_events
from actiondays.web.public import bp
from actiondays.web.public.filters import filters_or_400


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
    themes = db.session.scalars(select(Theme).order_by(Theme.position)).all()
    return render_template("public/index.html", campaign=campaign, upcoming=upcoming, themes=themes)


@bp.get("/events")
def list_events():
    """Published events, newest campaign first, filtered and paginated."""
    filters = filters_or_400(request.args)
    page = db.paginate(
        published_events(filters),
        per_page=current_app.config["EVENTS_PER_PAGE"],
        max_per_page=100,
        error_out=False,
    )
    regions = db.session.scalars(select(Region).order_by(Region.name)).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.position)).all()
    return render_template(
        "public/events.html", page=page, filters=filters, regions=regions, themes=themes
    )


@bp.get("/events/<int:event_id>")
def show_event(event_id: int):
    """One public event; drafts and submissions are 404 for the public."""
    event = db.first_or_404(
        select(Event).where(Event.id == event_id, Event.status.in_(PUBLIC_STATES))
    )
    return render_template("public/event.html", event=event)
