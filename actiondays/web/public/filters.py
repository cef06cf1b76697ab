"""Parsing the public filter arguments (`year`, `region`, `theme`, `kind`, `q`)."""

from flask import abort
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from actiondays.models import EventKind
from actiondays.services.listings import EventFilters

MAX_QUERY_LENGTH = 200


class FilterError(ValueError):
    """A filter argument that cannot be understood; the message names it."""


def parse_event_filters(args: MultiDict) -> EventFilters:
    """Turn query arguments into EventFilters; raise FilterError with a German message."""
    year = None
    if args.get("year"):
        try:
            year = int(args["year"])
        except ValueError:
            raise FilterError(_("The year must be a number such as 2013.")) from None
        if not 1900 <= year <= 2999:
            raise FilterError(_("The year must be a number such as 2013."))
    kind = args.get("kind") or None
    if kind is not None and kind not in {k.value for k in EventKind}:
        raise FilterError(_("Unknown kind of event: please choose action day or ideas workshop."))
    q = (args.get("q") or "").strip() or None
    if q and len(q) > MAX_QUERY_LENGTH:
        raise FilterError(
            _("The search text may be at most %(max)d characters long.", max=MAX_QUERY_LENGTH)
        )
    return EventFilters(
        year=year,
        regions=tuple(sorted({s for s in args.getlist("region") if s})),
        themes=tuple(sorted({s for s in args.getlist("theme") if s})),
        kind=kind,
        q=q,
    )


def filters_or_400(args: MultiDict) -> EventFilters:
    """parse_event_filters for views: a bad argument answers 400 with its message."""
    try:
        return parse_event_filters(args)
    except FilterError as error:
        abort(400, description=str(error))
