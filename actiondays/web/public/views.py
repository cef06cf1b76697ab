"""Public pages: start page, event list, event detail."""

import hashlib
from functools import lru_cache

from flask import (
    Response,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.http import is_resource_modified

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models import Event, Region, Theme
from actiondays.models.event import BERLIN
from actiondays.services.feeds import current_data_version
from actiondays.services.funding.budget import funding_labels
from actiondays.services.listings import (
    STATEWIDE,
    EventFilters,
    all_regions,
    all_themes,
    campaign_years,
    count_upcoming,
    current_campaign,
    events_upcoming_first,
    public_event,
    published_events,
)
from actiondays.web.caching import RenderedPages, vary_on_language
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


def render_filtered_list(query_for, template: str, **context):
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
    region_labels = {r.slug: r.name for r in regions} | {STATEWIDE: _("statewide")}
    chips = active_filters(filters, region_labels, {t.slug: t.name for t in themes})
    if callable(context.get("extra")):
        context.update(context.pop("extra")(filters))
    return render_template(
        template,
        page=page,
        filters=filters,
        regions=regions,
        themes=themes,
        chips=chips,
        years=db.session.scalars(campaign_years()).all(),
        **context,
    )


@bp.get("/events")
def list_events():
    """Public events: upcoming first (soonest first), then past ones (latest first)."""
    today = utcnow().astimezone(BERLIN).date()
    return render_filtered_list(
        lambda filters: events_upcoming_first(filters, today),
        "public/events.html",
        today=today,
        extra=lambda filters: {"upcoming_total": db.session.scalar(count_upcoming(filters, today))},
    )


def _page_validator(*parts: object) -> str | None:
    """ETag of a public page for an anonymous visitor without pending messages, else None.

    The page depends on the public data (its version moves with every change, see
    services/feeds.py), the language and the templates; a signed-in page (which carries a
    CSRF token) or one with a flashed message is never cached.
    """
    if current_user.is_authenticated or session.get("_flashes"):
        return None
    key = "|".join(
        str(part) for part in (current_data_version(), get_locale(), _templates_version(), *parts)
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@lru_cache(maxsize=1)
def _templates_version() -> str:
    """Changes when a release changes the templates, so old ETags do not match."""
    digest = hashlib.sha256()
    for name in ("base.html", "public/event.html"):
        source, _filename, _uptodate = current_app.jinja_loader.get_source(
            current_app.jinja_env, name
        )
        digest.update(source.encode())
    return digest.hexdigest()[:12]


def _cacheable(response: Response, etag: str | None) -> Response:
    if etag is not None:
        response.set_etag(etag)
        response.cache_control.public = True
        response.cache_control.max_age = PAGE_MAX_AGE
        response.cache_control.no_cache = None
        vary_on_language(response)
    return response


#: Anonymous visitors' browsers and shared caches may reuse a public page this long.
PAGE_MAX_AGE = 60
#: Event pages rendered for anonymous visitors, per worker (see caching.RenderedPages).
_event_pages = RenderedPages(max_age=PAGE_MAX_AGE)


@bp.get("/events/<int:event_id>")
def show_event(event_id: int):
    """One public event; drafts and submissions are 404 for the public.

    Anonymous requests are answered with a 304 when the visitor's copy is current, after
    one indexed query and without loading the event; a page this worker rendered for the same
    validator and address within the last minute is served again without rendering.
    """
    today = utcnow().astimezone(BERLIN).date()  # upcoming or past: part of the validator
    etag = _page_validator("event", event_id, today.isoformat())
    if etag is not None:
        if not is_resource_modified(request.environ, etag=etag):
            return _cacheable(Response(status=304), etag)
        rendered = _event_pages.get(etag)
        if rendered is not None:
            return _cacheable(Response(rendered, mimetype="text/html"), etag)
    event = db.first_or_404(public_event(event_id))
    url = url_for("public.show_event", event_id=event.id, _external=True)
    is_past = event.ends_on < today
    page = render_template(
        "public/event.html",
        event=event,
        is_past=is_past,
        report=event.report if is_past and event.status == "published" else None,
        url=url,
        json_ld=event_json_ld(event, url),
        google_url=google_calendar_url(event, url),
        outlook_url=outlook_url(event, url),
        osm_url=openstreetmap_url(event),
        funded=funding_labels(event_ids=[event.id]).get(("event", event.id)),
    )
    if etag is not None:
        _event_pages.put(etag, page.encode())
    return _cacheable(make_response(page), etag)
