"""Calendar feeds (/calendar.ics, /events/<id>.ics, /f/<code>.ics) and the Atom feed."""

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qsl, urlencode

from flask import Response, abort, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.ical import FeedMeta, build_calendar
from actiondays.models import Event, EventKind
from actiondays.models.event import BERLIN, EVENT_KIND_LABELS
from actiondays.services.feeds import (
    FeedBuild,
    FeedGone,
    build_feed,
    current_feed,
    data_fingerprint,
    resolve_alias,
)
from actiondays.services.listings import (
    FEED_BYTE_BUDGET,
    EventFilters,
    events_fingerprint,
    feed_events,
    feed_window_start,
    newly_published_events,
    public_event,
    published_events,
    region_names,
    theme_names_de,
)
from actiondays.web.public import bp, replay
from actiondays.web.public.filters import filters_or_400
from actiondays.web.public.http import feed_response

ATOM_TYPE = "application/atom+xml; charset=utf-8"
ATOM_ENTRIES = 50
#: `updated` of an Atom feed without entries: fixed, so the empty feed has stable validators.
EMPTY_ATOM_UPDATED = datetime(2010, 1, 1, tzinfo=UTC)


def _event_url(event: Event) -> str:
    return url_for("public.show_event", event_id=event.id, _external=True)


def _categories(event: Event) -> list[str]:
    return [theme.name_de for theme in event.themes]


def _names(filters: EventFilters) -> tuple[dict[str, str], dict[str, str]]:
    """Region names of the filter and every theme's German name (feeds are German)."""
    regions: dict[str, str] = {}
    if filters.regions:
        regions = dict(db.session.execute(region_names(filters.regions)).all())
    themes = dict(db.session.execute(theme_names_de()).all())
    return regions, themes


def feed_name(
    filters: EventFilters, names: tuple[dict[str, str], dict[str, str]] | None = None
) -> str:
    """X-WR-CALNAME: "Aktionstage – Region Hannover – Bildung" (always German)."""
    regions, themes = names or _names(filters)
    with force_locale("de"):
        parts = [_("Action days")]
        if filters.year:
            parts.append(str(filters.year))
        parts += [regions.get(slug, slug) for slug in filters.regions]
        parts += [themes.get(slug, slug) for slug in filters.themes]
        if filters.kind:
            parts.append(str(EVENT_KIND_LABELS[EventKind(filters.kind)]))
        if filters.q:
            parts.append(_("“%(text)s”", text=filters.q))
        return " – ".join(parts)


def _refuse_unknown(filters: EventFilters, names: tuple[dict[str, str], dict[str, str]]) -> None:
    """A feed URL naming a region or theme that does not exist is a mistake: say so (400)
    rather than serve an empty calendar that looks as if nothing was planned."""
    regions, themes = names
    unknown_regions = [slug for slug in filters.regions if slug not in regions]
    unknown_themes = [slug for slug in filters.themes if slug not in themes]
    if unknown_regions:
        abort(400, description=_("Unknown region: %(slug)s", slug=", ".join(unknown_regions)))
    if unknown_themes:
        abort(400, description=_("Unknown theme: %(slug)s", slug=", ".join(unknown_themes)))


def _feed_description() -> str:
    with force_locale("de"):
        return _("Action days against child poverty in Lower Saxony")


def _truncated_description() -> str:
    with force_locale("de"):
        return _(
            "Action days against child poverty in Lower Saxony. This calendar shows the "
            "nearest events only (at most 1 MB); subscribe to the calendar of your region "
            "or theme for all of them."
        )


def _event_url_parts() -> tuple[str, str]:
    """An event's URL as prefix and suffix around its id (url_for once, not per event)."""
    marker = 987654321
    url = url_for("public.show_event", event_id=marker, _external=True)
    prefix, suffix = url.split(str(marker), 1)
    return prefix, suffix


def _next_midnight(today: date) -> datetime:
    """The end of `today` in Berlin, when the default feed's window may move."""
    return datetime.combine(today + timedelta(days=1), time(), tzinfo=BERLIN)


def _calendar_feed_for(filters: EventFilters):
    today = utcnow().astimezone(BERLIN).date()
    window_start = None if filters.year else feed_window_start(today)
    canonical = urlencode(filters.query_args())
    feed_url = url_for("public.calendar_feed", _external=True) + (
        f"?{canonical}" if canonical else ""
    )
    query = f"{feed_url}#from={window_start}" if window_start else feed_url
    names: list[tuple[dict[str, str], dict[str, str]]] = []

    def fingerprint() -> str:
        names.append(_names(filters))
        _refuse_unknown(filters, names[0])
        # Names shown in the feed (calendar name, categories) change the bytes too.
        return data_fingerprint(
            events_fingerprint(feed_events(filters, window_start)),
            query,
            feed_name(filters, names[0]),
            sorted(names[0][1].items()),
        )

    def render() -> bytes:
        prefix, suffix = _event_url_parts()
        build = FeedBuild(
            stmt=feed_events(filters, window_start),
            meta=FeedMeta(
                name=feed_name(filters, names[0]),
                description=_feed_description(),
                url=feed_url,
                key=canonical,
            ),
            url_prefix=prefix,
            url_suffix=suffix,
            theme_names=tuple(sorted(names[0][1].items())),
            byte_budget=None if filters.year else FEED_BYTE_BUDGET,
            pivot=today.replace(day=1),
            truncated_description=_truncated_description(),
        )
        return build_feed(build)

    snapshot = current_feed(query, fingerprint, render, versioned=True, checked=replay.checked())
    db.session.commit()
    # The window moves with the date: a replay must not outlive the day.
    replay.offer(snapshot, until=_next_midnight(today) if window_start else None)
    return feed_response(
        snapshot.open,
        snapshot.content_hash,
        snapshot.last_modified,
        filename="aktionstage.ics",
    )


@bp.errorhandler(FeedGone)
def feed_gone(_error: FeedGone):
    """The feed was rebuilt by another worker between its validators and its body: the
    client may ask again at once (rare; the next request reads the new state)."""
    response = Response(
        _("The calendar is being updated. Please try again."), status=503, mimetype="text/plain"
    )
    response.headers["Retry-After"] = "1"
    return response


@bp.get("/calendar.ics")
def calendar_feed():
    """The subscribable feed: same filters as /events, default window without `year`."""
    return _calendar_feed_for(filters_or_400(request.args))


@bp.get("/f/<code>.ics")
def alias_feed(code: str):
    """A short alias for a long filter combination; serves the same feed."""
    query = resolve_alias(code)
    if query is None:
        abort(404)
    return _calendar_feed_for(filters_or_400(MultiDict(parse_qsl(query))))


@bp.get("/events/<int:event_id>.ics")
def event_feed(event_id: int):
    """One public event as iCalendar, for "add to calendar"."""
    event = db.first_or_404(public_event(event_id))
    url = _event_url(event)
    meta = FeedMeta(
        name=event.title, description=_feed_description(), url=url, key=f"event={event.uid}"
    )
    body = build_calendar([event], meta, _event_url, _categories)
    return feed_response(
        body,
        hashlib.sha256(body).hexdigest(),
        event.updated_at,
        filename=f"aktionstag-{event.id}.ics",
    )


@bp.get("/events.atom")
def atom_feed():
    """Newly published events as Atom, newest first, with the filters of /events."""
    filters = filters_or_400(request.args)
    canonical = urlencode(filters.query_args())
    query = (
        "atom:"
        + url_for("public.atom_feed", _external=True)
        + (f"?{canonical}" if canonical else "")
    )
    names: list[tuple[dict[str, str], dict[str, str]]] = []

    def fingerprint() -> str:
        names.append(_names(filters))
        _refuse_unknown(filters, names[0])
        return data_fingerprint(
            events_fingerprint(published_events(filters)),
            query,
            sorted(names[0][1].items()),
            sorted(names[0][0].items()),
        )

    def render() -> bytes:
        stmt = newly_published_events(ATOM_ENTRIES, filters)
        events = db.session.scalars(stmt).unique().all()
        updated = max((e.updated_at for e in events), default=EMPTY_ATOM_UPDATED)
        with force_locale("de"):
            title = _("Action days against child poverty – newly published events")
            if not filters.is_empty:
                title = f"{title} – {feed_name(filters, names[0])}"
            return render_template(
                "public/events.atom.xml",
                events=events,
                updated=updated,
                title=title,
                filter_args=filters.url_args(),
            ).encode()

    snapshot = current_feed(query, fingerprint, render, versioned=True, checked=replay.checked())
    db.session.commit()
    replay.offer(snapshot)
    return feed_response(
        snapshot.open,
        snapshot.content_hash,
        snapshot.last_modified,
        mimetype=ATOM_TYPE,
    )
