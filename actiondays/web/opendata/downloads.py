"""Downloads of /events, /projects and /regions with their filters, as CSV and XLSX."""

from flask import Response, abort, current_app, request, stream_with_context
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from actiondays.exports.listing import read_chunks, stream_csv, write_xlsx
from actiondays.extensions import db
from actiondays.models import Region, Theme
from actiondays.models.event import BERLIN
from actiondays.services.listings import (
    EventFilters,
    public_projects,
    published_events,
    regions_with_counts,
)
from actiondays.services.opendata import known_slugs
from actiondays.web.api.problems import PROBLEM_TYPE, problem_response
from actiondays.web.opendata import bp
from actiondays.web.public.filters import FilterError, parse_event_filters

#: Rows fetched from the database per round trip while streaming.
YIELD_PER = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _coordinate(value: float | None) -> str | None:
    """Coordinates with five decimals and a decimal comma (about one metre)."""
    return None if value is None else f"{value:.5f}".replace(".", ",")


def event_columns() -> list[str]:
    return [
        _("ID"), _("Title"), _("Kind"), _("Status"), _("Campaign year"), _("Region"),
        _("AGS"), _("Themes"), _("All day"), _("First day"), _("Start"), _("Last day"),
        _("End"), _("Venue"), _("Street"), _("Postal code"), _("City"), _("Latitude"),
        _("Longitude"), _("Organiser"), _("Summary"), _("Reason for cancellation"), _("Link"),
    ]  # fmt: skip


def event_row(event, base_url: str) -> list:
    timed = not event.is_all_day and event.starts_at is not None
    return [
        event.id,
        event.title,
        str(event.kind_label),
        str(event.state_label),
        event.campaign.year,
        event.region.name if event.region else _("statewide"),
        event.region.ags if event.region else None,
        ", ".join(theme.name for theme in event.themes),
        _("yes") if event.is_all_day else _("no"),
        event.starts_on,
        event.starts_at.astimezone(BERLIN).strftime("%H:%M") if timed else None,
        event.ends_on,
        event.ends_at.astimezone(BERLIN).strftime("%H:%M") if timed else None,
        event.venue_name,
        event.venue_street,
        event.venue_postal_code,
        event.venue_city,
        _coordinate(event.latitude),
        _coordinate(event.longitude),
        event.organisation,
        event.summary,
        event.cancellation_reason if event.status == "cancelled" else None,
        f"{base_url}events/{event.id}",
    ]


def project_columns() -> list[str]:
    return [
        _("ID"), _("Name"), _("Organisation"), _("Status"), _("Region"), _("AGS"),
        _("Themes"), _("Campaign years"), _("Target group"), _("Website"),
        _("Continues after the campaign"), _("Link"),
    ]  # fmt: skip


def project_row(project, base_url: str) -> list:
    continues = project.continues_after_campaign
    return [
        project.id,
        project.name,
        project.organisation,
        str(project.state_label),
        project.region.name,
        project.region.ags,
        ", ".join(theme.name for theme in project.themes),
        ", ".join(str(c.year) for c in project.campaigns),
        project.target_group,
        project.website,
        None if continues is None else (_("yes") if continues else _("no")),
        f"{base_url}projects/{project.id}",
    ]


def region_columns() -> list[str]:
    return [
        _("AGS"), _("Name"), _("Kind"), _("Valid from"), _("Valid until"), _("Events"),
        _("Projects"), _("Link"),
    ]  # fmt: skip


REGION_KINDS = {
    "independent_city": lambda: _("independent city"),
    "district": lambda: _("district"),
    "region": lambda: _("region"),
}


def region_row(row, base_url: str) -> list:
    region, events, projects = row
    return [
        region.ags,
        region.name,
        REGION_KINDS.get(region.kind, lambda: region.kind)(),
        region.valid_from,
        region.valid_to,
        events,
        projects,
        f"{base_url}regions/{region.slug}",
    ]


def _download(fmt: str, name: str, title: str, columns: list[str], rows) -> Response:
    """A CSV answer streamed row by row, or an XLSX built in write-only mode."""
    if fmt == "csv":
        response = Response(stream_with_context(stream_csv(columns, rows)), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        workbook = write_xlsx(title, columns, rows)
        response = Response(read_chunks(workbook), mimetype=XLSX_TYPE)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'

    response.headers["Cache-Control"] = "public, max-age=300"
    response.vary.add("Cookie")
    return response


def _streamed(stmt, to_row, scalars: bool = True):
    """Rows of a query, fetched YIELD_PER at a time, each turned into a list of cells.

    The rows are read in an application context of their own: Flask tears down the request's
    context (and with it Flask-SQLAlchemy's session) when the view returns, while a streamed
    body is still being sent; `stream_with_context` keeps only the request.
    """
    app = current_app._get_current_object()

    def generate():
        with app.app_context():
            result = db.session.execute(stmt.execution_options(yield_per=YIELD_PER))
            for item in result.scalars() if scalars else result:
                yield to_row(item)

    return generate()


#: The filters each download takes (those of its list page); anything else is refused.
EVENT_ARGUMENTS = ("year", "region", "theme", "kind", "q", "on")
PROJECT_ARGUMENTS = ("year", "region", "theme", "q")
REPEATABLE = ("region", "theme")


def _refuse(name: str, message: str):
    """400 for a bad download argument: an RFC 9457 problem document, or the HTML error page
    for a browser (which asks for text/html first)."""
    wanted = request.accept_mimetypes.best_match([PROBLEM_TYPE, "text/html"])
    detail = _("Query argument “%(name)s”: %(message)s", name=name, message=message)
    if wanted == "text/html":
        abort(400, description=detail)
    abort(problem_response(400, detail, {name: [message]}))


def _download_filters(allowed: tuple[str, ...]) -> EventFilters:
    """The list filters of a download, checked strictly: an unknown argument, one given twice,
    an unreadable value or an unknown region or theme is a 400, never a full or an empty
    file that looks like an answer."""
    args = request.args
    for name in args:
        if name not in allowed:
            _refuse(
                name,
                _(
                    "Unknown argument. This download takes: %(names)s.",
                    names=", ".join(allowed) or "–",
                ),
            )
        if name not in REPEATABLE and len(args.getlist(name)) > 1:
            _refuse(name, _("Please give this argument once."))
    for name in allowed:
        try:
            parse_event_filters(MultiDict([(name, value) for value in args.getlist(name)]))
        except FilterError as error:
            _refuse(name, str(error))
    filters = parse_event_filters(args)
    for name, model, slugs in (
        ("region", Region, filters.regions),
        ("theme", Theme, filters.themes),
    ):
        if slugs:
            found = set(db.session.scalars(known_slugs(model, slugs)))
            unknown = [slug for slug in slugs if slug not in found]
            if unknown:
                _refuse(name, _("Unknown: %(slugs)s.", slugs=", ".join(unknown)))
    return filters


@bp.get("/events.<any(csv, xlsx):fmt>")
def download_events(fmt: str):
    """Every published event matching the filters of /events, as CSV or XLSX."""
    filters = _download_filters(EVENT_ARGUMENTS)
    base = request.host_url
    rows = _streamed(published_events(filters), lambda event: event_row(event, base))
    return _download(fmt, "veranstaltungen", _("Events"), event_columns(), rows)


@bp.get("/projects.<any(csv, xlsx):fmt>")
def download_projects(fmt: str):
    """Every public project matching the filters of /projects, as CSV or XLSX."""
    filters = _download_filters(PROJECT_ARGUMENTS)
    base = request.host_url
    rows = _streamed(public_projects(filters), lambda project: project_row(project, base))
    return _download(fmt, "projekte", _("Projects"), project_columns(), rows)


@bp.get("/regions.<any(csv, xlsx):fmt>")
def download_regions(fmt: str):
    """Every region with its key, validity and number of events and projects."""
    _download_filters(())
    base = request.host_url
    rows = _streamed(regions_with_counts(), lambda row: region_row(row, base), scalars=False)
    return _download(fmt, "regionen", _("Regions"), region_columns(), rows)
