"""sitemap.xml (an index) and its parts: the fixed pages, regions, projects, events."""

from flask import Response, abort, render_template, url_for
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import Event, Project, Region
from actiondays.models.lifecycle import PUBLIC_STATES
from actiondays.services.retrospectives import published_overview
from actiondays.web.opendata import bp

#: URLs per events part (the protocol allows 50,000; smaller parts stay quick to build).
EVENTS_PER_PART = 10_000
PAGES = (
    "public.index",
    "public.list_events",
    "public.month_calendar",
    "public.list_projects",
    "public.list_regions",
    "public.subscribe",
    "retrospectives.index",
    "opendata.event_map",
    "opendata.api_docs",
)


def _xml(template: str, **context) -> Response:
    response = Response(render_template(template, **context), mimetype="application/xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def _event_parts() -> int:
    count = db.session.scalar(select(func.count(Event.id)).where(Event.status.in_(PUBLIC_STATES)))
    return max(1, -(-count // EVENTS_PER_PART))


@bp.get("/sitemap.xml")
def sitemap_index():
    """The sitemap index: one part for pages, regions and projects, and parts of events."""
    parts = [url_for("opendata.sitemap_pages", _external=True)] + [
        url_for("opendata.sitemap_events", part=n, _external=True)
        for n in range(1, _event_parts() + 1)
    ]
    return _xml("opendata/sitemap_index.xml", parts=parts)


@bp.get("/sitemaps/pages.xml")
def sitemap_pages():
    """Fixed pages, every region, public project and published retrospective."""
    urls = [(url_for(endpoint, _external=True), None) for endpoint in PAGES]
    urls += [
        (url_for("public.show_region", slug=slug, _external=True), None)
        for slug in db.session.scalars(select(Region.slug).order_by(Region.slug))
    ]
    urls += [
        (url_for("public.show_project", project_id=pid, _external=True), updated)
        for pid, updated in db.session.execute(
            select(Project.id, Project.updated_at)
            .where(Project.status.in_(PUBLIC_STATES))
            .order_by(Project.id)
        )
    ]
    urls += [
        (url_for("retrospectives.show", year=entry["year"], _external=True), None)
        for entry in published_overview()
    ]
    return _xml("opendata/sitemap.xml", urls=urls)


@bp.get("/sitemaps/events-<int:part>.xml")
def sitemap_events(part: int):
    """One part of the public events, by id."""
    if not 1 <= part <= _event_parts():
        abort(404)
    rows = db.session.execute(
        select(Event.id, Event.updated_at)
        .where(Event.status.in_(PUBLIC_STATES))
        .order_by(Event.id)
        .offset((part - 1) * EVENTS_PER_PART)
        .limit(EVENTS_PER_PART)
    )
    urls = [
        (url_for("public.show_event", event_id=eid, _external=True), updated)
        for eid, updated in rows
    ]
    return _xml("opendata/sitemap.xml", urls=urls)
