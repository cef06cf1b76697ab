"""Embeds for partner sites.

`/embed/events` is a compact page for an `<iframe>` on a municipality's site: no navigation,
no cookies set. It keeps the site's strict Content-Security-Policy except `frame-ancestors`,
which is EMBED_ANCESTORS (default `*`) instead of `'none'` (`web/security.py`, through the
`embeddable` marker). Links open the full event page in a new tab.
"""

from flask import make_response, render_template, request, url_for

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models import Event
from actiondays.models.event import BERLIN
from actiondays.services.listings import EventFilters, published_events
from actiondays.web.opendata import bp
from actiondays.web.public.filters import filters_or_400
from actiondays.web.public.views import filter_choices

EMBED_EVENTS = 20
EMBED_MAX_AGE = 300


@bp.get("/embed/events")
def embed_events():
    """Upcoming public events for the filters, compact, meant for an iframe."""
    parsed = filters_or_400(request.args)
    filters = EventFilters(regions=parsed.regions, themes=parsed.themes, kind=parsed.kind)
    today = utcnow().astimezone(BERLIN).date()
    events = db.session.scalars(
        published_events(filters)
        .order_by(None)
        .where(Event.ends_on >= today)
        .order_by(Event.starts_on, Event.id)
        .limit(EMBED_EVENTS)
    ).all()
    regions, themes = filter_choices()
    names = {r.slug: r.name for r in regions} | {t.slug: t.name for t in themes}
    response = make_response(
        render_template(
            "opendata/embed_events.html",
            events=events,
            filters=filters,
            labels=[names.get(slug, slug) for slug in (*filters.regions, *filters.themes)],
            full_url=url_for("public.list_events", _external=True, **filters.url_args()),
        )
    )
    # Framing is allowed by the `embeddable` marker below: the full policy, other ancestors.
    response.headers["Cache-Control"] = f"public, max-age={EMBED_MAX_AGE}"
    response.vary.add("Cookie")
    return response


embed_events.embeddable = True  # marker for the site-wide security headers (security.py)
