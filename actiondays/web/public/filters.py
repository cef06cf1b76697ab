"""Parsing the public filter arguments (`year`, `region`, `theme`, `kind`, `q`)."""

from dataclasses import dataclass
from datetime import date

from flask import abort, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from actiondays.models import EventKind
from actiondays.models.event import EVENT_KIND_LABELS
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
    on = None
    if args.get("on"):
        try:
            on = date.fromisoformat(args["on"])
        except ValueError:
            raise FilterError(
                _("The day must be a date such as 2013-06-15 (year-month-day).")
            ) from None
    return EventFilters(
        on=on,
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


@dataclass(frozen=True)
class Chip:
    """One active filter, shown with a link that removes it."""

    label: str
    remove_url: str


def active_filters(
    filters: EventFilters, region_names: dict[str, str], theme_names: dict[str, str], **keep
) -> list[Chip]:
    """The active filters of a listing page, each with the URL of the page without it.

    `keep` holds further arguments the links must preserve (for example year and month of
    the calendar).
    """

    def url_without(key: str, value: str | None = None) -> str:
        args = filters.without(key, value).url_args()
        args.update({k: [str(v)] for k, v in keep.items() if v is not None})
        return url_for(request.endpoint, **args)

    chips = []
    if filters.year:
        chips.append(Chip(_("Year: %(year)s", year=filters.year), url_without("year")))
    for slug in filters.regions:
        label = _("Region: %(name)s", name=region_names.get(slug, slug))
        chips.append(Chip(label, url_without("regions", slug)))
    for slug in filters.themes:
        label = _("Theme: %(name)s", name=theme_names.get(slug, slug))
        chips.append(Chip(label, url_without("themes", slug)))
    if filters.kind:
        kind = EVENT_KIND_LABELS[EventKind(filters.kind)]
        chips.append(Chip(_("Kind: %(kind)s", kind=kind), url_without("kind")))
    if filters.q:
        chips.append(Chip(_("Search: “%(text)s”", text=filters.q), url_without("q")))
    if filters.on:
        day = format_date(filters.on, "full")
        chips.append(Chip(_("Day: %(day)s", day=day), url_without("on")))
    return chips
