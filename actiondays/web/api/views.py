"""API resources: load → (public only) → answer. Filters mean what they mean on the pages."""

import hashlib
import json
from datetime import date, datetime

from flask import abort, current_app
from flask_babel import gettext as _
from marshmallow import RAISE

from actiondays.extensions import db
from actiondays.models import Region, Theme
from actiondays.services.listings import EventFilters, public_event, public_project
from actiondays.services.opendata import (
    Cursor,
    api_campaigns,
    api_events,
    api_projects,
    api_regions,
    api_themes,
    cursor_mode_matches,
    known_slugs,
    tombstones_since,
)
from actiondays.services.retrospectives import published_retrospective
from actiondays.web.api import bp
from actiondays.web.api.problems import problem_response
from actiondays.web.api.resources import (
    campaign_resource,
    event_resource,
    project_resource,
    region_resource,
    theme_resource,
    tombstone_resource,
)
from actiondays.web.api.schemas import (
    CampaignListSchema,
    EventListArgs,
    EventPageSchema,
    EventSchema,
    NoArgs,
    ProjectListArgs,
    ProjectPageSchema,
    ProjectSchema,
    RegionListArgs,
    RegionListSchema,
    RetrospectiveSchema,
    ThemeListSchema,
)

LIST_MAX_AGE = 60


def _abort_bad(name: str, message: str):
    abort(
        problem_response(
            400,
            _("Query argument “%(name)s”: %(message)s", name=name, message=message),
            {name: [message]},
        )
    )


def _filters(args: dict, with_kind: bool) -> EventFilters:
    """EventFilters from validated arguments; unknown region or theme slugs are a 400."""
    regions = tuple(sorted(set(args.get("region") or ())))
    themes = tuple(sorted(set(args.get("theme") or ())))
    for name, model, slugs in (("region", Region, regions), ("theme", Theme, themes)):
        if slugs:
            found = set(db.session.scalars(known_slugs(model, slugs)))
            unknown = [slug for slug in slugs if slug not in found]
            if unknown:
                _abort_bad(name, _("Unknown: %(slugs)s.", slugs=", ".join(unknown)))
    return EventFilters(
        year=args.get("year"),
        regions=regions,
        themes=themes,
        kind=args.get("kind") if with_kind else None,
        q=(args.get("q") or "").strip() or None,
    )


def _page(args: dict, query_for, resource, object_type: str, with_kind: bool) -> dict:
    """One page of a list in keyset order, plus tombstones on the first page of a sync."""
    filters = _filters(args, with_kind)
    since, cursor, limit = args.get("updated_since"), args.get("cursor"), args["limit"]
    stmt, mode = query_for(filters, since, cursor)
    if not cursor_mode_matches(cursor, mode):
        _abort_bad(
            "cursor",
            _("This cursor belongs to another order; keep updated_since as it was."),
        )
    rows = db.session.scalars(stmt.limit(limit + 1)).unique().all()
    items, more = rows[:limit], len(rows) > limit
    next_cursor = None
    if more:
        last = items[-1]
        key = {
            "updated": (last.updated_at, last.id),
            "start": (getattr(last, "starts_on", None), last.id),
            "id": (last.id,),
        }[mode]
        next_cursor = Cursor(mode, key).encode()
    tombstones = []
    if since is not None and cursor is None:
        tombstones = db.session.scalars(tombstones_since(object_type, since)).all()
    return {
        "items": [resource(item) for item in items],
        "next_cursor": next_cursor,
        "tombstones": [tombstone_resource(t) for t in tombstones],
    }


def _iso(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _answer(payload: dict):
    """The payload as JSON with a strong ETag (304 when the client holds it).

    Resources are built as plain dicts in the documented shape (`resources.py`), so they are
    encoded directly; the schemas document them, and the tests validate every answer against
    the OpenAPI document (jsonschema, schemathesis). Marshmallow's dump of 100 events cost more
    than the whole rest of the request.
    """
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=_iso)
    bp.set_etag(hashlib.sha256(body.encode()).hexdigest())
    return current_app.response_class(body, mimetype="application/json")


def _resource(rule: str, arguments, schema):
    """A GET resource of the API: its route, an ETag, strict query arguments (an unknown one
    is a 400) and the documented schema of its answer."""

    def register(view):
        view = bp.response(200, schema)(view)
        view = bp.arguments(arguments, location="query", unknown=RAISE, as_kwargs=False)(view)
        return bp.route(rule)(bp.etag(view))

    return register


@bp.after_request
def _cache_headers(response):
    """Lists and items may be cached briefly; problem documents set no-store themselves."""
    if response.status_code in (200, 304) and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = f"public, max-age={LIST_MAX_AGE}"
    return response


@_resource("/events", EventListArgs, EventPageSchema)
def list_events(args):
    """Published (and cancelled) events, filtered like /events, in pages of up to 100.

    Ordered by first day and id; with `updated_since` by time of change and id, and the
    first page also lists the tombstones of events cancelled or withdrawn since then.
    """
    return _answer(_page(args, api_events, event_resource, "event", with_kind=True))


@_resource("/events/<int:event_id>", NoArgs, EventSchema)
def show_event(_args, event_id: int):
    """One public event."""
    return _answer(event_resource(db.first_or_404(public_event(event_id))))


@_resource("/projects", ProjectListArgs, ProjectPageSchema)
def list_projects(args):
    """Participating projects, filtered like /projects, in pages of up to 100."""
    return _answer(_page(args, api_projects, project_resource, "project", with_kind=False))


@_resource("/projects/<int:project_id>", NoArgs, ProjectSchema)
def show_project(_args, project_id: int):
    """One public project."""
    return _answer(project_resource(db.first_or_404(public_project(project_id))))


@_resource("/regions", RegionListArgs, RegionListSchema)
def list_regions(args):
    """Every region with its official key (AGS) and validity; `valid_on` for one day."""
    regions = db.session.scalars(api_regions(args.get("valid_on"))).all()
    return _answer({"items": [region_resource(r) for r in regions]})


@_resource("/themes", NoArgs, ThemeListSchema)
def list_themes(_args):
    """The themes, in display order, with German and English names."""
    return _answer({"items": [theme_resource(t) for t in db.session.scalars(api_themes())]})


@_resource("/campaigns", NoArgs, CampaignListSchema)
def list_campaigns(_args):
    """Every campaign year with its registration window and action period."""
    return _answer({"items": [campaign_resource(c) for c in db.session.scalars(api_campaigns())]})


@_resource("/retrospectives/<int:year>", NoArgs, RetrospectiveSchema)
def show_retrospective(_args, year: int):
    """The published retrospective of a year: its frozen snapshot (404 while unpublished)."""
    retrospective = published_retrospective(year)
    if retrospective is None:
        abort(404)
    return _answer(
        {
            "year": year,
            "published_at": retrospective.published_at,
            "document": retrospective.snapshot,
        }
    )
