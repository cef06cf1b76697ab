"""Organisers' views of events: dashboard, form, detail with history, transitions, report."""

import logging
from decimal import Decimal

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.mail.listings import reminders_sent
from actiondays.models import Event, ReviewState
from actiondays.services import events as event_service
from actiondays.services import permissions, worklists
from actiondays.services.events import EventData
from actiondays.services.geocoding import (
    EventPostcodeHint,
    form_day,
    postcode_hint,
    postcode_hint_for,
)
from actiondays.services.permissions import require
from actiondays.services.reports import ReportData, file_report
from actiondays.spec.events import EVENT_FIELDS
from actiondays.spec.history import describe
from actiondays.spec.reports import REPORT_FIELDS
from actiondays.web.manage import bp
from actiondays.web.manage.common import confirmed, now, run_action, save_form, today
from actiondays.web.manage.forms import (
    ActionForm,
    ConfirmForm,
    EventForm,
    ReasonForm,
    ReportForm,
    options,
)

log = logging.getLogger(__name__)


def _load_event(event_id: int) -> Event:
    event = db.get_or_404(Event, event_id)
    require(permissions.can_view_item(current_user, event))
    return event


def _prepare(form: EventForm, event: Event | None = None, new: bool = False) -> EventForm:
    campaign = event.campaign if event is not None else None
    choices = worklists.form_choices(current_user, today(), campaign)
    campaigns = choices.campaigns
    if new and not permissions.is_reviewer(current_user):
        # organisers register only while a registration window is open (or about to open)
        campaigns = [c for c in campaigns if c.registration_closes_on >= today()]
    form.campaign_id.choices = options((c.id, f"{c.year} – {c.title}") for c in campaigns)
    regions = [(r.id, r.name) for r in choices.regions]
    if choices.statewide:
        regions.insert(0, (None, _("Statewide (ideas workshops only)")))
    else:
        form.region_id.flags.required = True
        if len(regions) > 1:
            regions.insert(0, (None, _("Please choose")))
    form.region_id.choices = options(regions)
    form.themes.choices = options((t.id, t.name) for t in choices.themes)
    form.project_id.choices = options(
        [(None, _("No project")), *((p.id, p.name) for p in choices.projects)]
    )
    return form


@bp.get("/")
def dashboard():
    """The user's events and projects grouped by state, what needs action first."""
    board = worklists.dashboard(current_user, now())
    return render_template(
        "manage/dashboard.html",
        groups=board.groups,
        reports_due=board.reports_due,
        reminders=reminders_sent([event.id for event in board.reports_due]),
        projects=board.projects,
        states=ReviewState,
    )


#: Name of the secondary submit button that fills the coordinates from the postal code.
GEOCODE = "geocode"


def _form_hint(form: EventForm) -> EventPostcodeHint | None:
    """The postal-code hint for the values in the form (regions valid on the event's day)."""
    region_id = form.region_id.data if isinstance(form.region_id.data, int) else None
    campaign_id = form.campaign_id.data if isinstance(form.campaign_id.data, int) else None
    day = form_day(form.start_date.data, campaign_id, today())
    return postcode_hint(
        (form.venue_postal_code.data or "").strip(),
        region_id,
        day,
        has_coordinates=True,
    )


def _geocode(form: EventForm) -> tuple[EventPostcodeHint | None, int]:
    """The no-JavaScript lookup: the form comes back with latitude and longitude taken from
    the postal code and the district it suggests; nothing is saved."""
    found = _form_hint(form)
    if found is None:
        form.venue_postal_code.errors = [
            *form.venue_postal_code.errors,
            _(
                "We know no coordinates for this postal code. Please check it, or enter "
                "latitude and longitude yourself."
            ),
        ]
        return None, 422
    for name, value in (("latitude", found.latitude), ("longitude", found.longitude)):
        form[name].data = Decimal(str(value))
        form[name].raw_data = None  # show the value taken, not what was typed
        form[name].errors = []
    return found, 200


def _check_region(form: EventForm, stored: tuple[str, int | None] | None = None) -> None:
    """Refuse to save, until the box is ticked, a region that does not fit the postal code.
    An edit that changes neither of the two (`stored`) is not asked again. Called after the
    service's checks (their messages come first); the caller's DomainError rolls back."""
    if form.region_confirmed.data:
        return
    if stored is not None and stored == (
        (form.venue_postal_code.data or "").strip(),
        form.region_id.data,
    ):
        return
    found = _form_hint(form)
    if found is not None and found.mismatch:
        form.region_mismatch = found
        raise DomainError(
            _(
                "The postal code %(code)s lies in or near %(suggested)s, but you chose "
                "%(chosen)s. Please check the region; if it is right, tick “%(confirm)s” "
                "and save again.",
                code=found.postal_code,
                suggested=found.suggested_region.name,
                chosen=found.chosen_region.name,
                confirm=form.region_confirmed.label.text,
            ),
            field="region_id",
        )


def _create_unless_duplicate(form: EventForm) -> Event:
    """Create the draft, unless it looks like an existing event and the box is not ticked."""
    data = form.to_data()
    token = form.token()
    # A resent form (double click, reload) is answered by create_event with the saved event.
    # The token is looked up after the duplicate: a twin submission committed in between is
    # then seen as what it is (looked up first, a twin committed between the two look-ups
    # would pass as a duplicate: 422 for a double click).
    duplicate = event_service.likely_duplicate(data)
    resent = token is not None and event_service.event_by_form_token(token) is not None
    if resent:
        duplicate = None
    if duplicate is not None and not form.allow_duplicate.data:
        form.duplicate_found = duplicate
        raise DomainError(
            _(
                "An event with this title on this day in this region exists already "
                "(“%(title)s”, %(state)s). If this is a different event, tick "
                "“Save anyway” and save again.",
                title=duplicate.title,
                state=duplicate.state_label,
            ),
            field="title",
        )
    event = event_service.create_event(data, current_user, today=today(), form_token=token)
    if not resent:
        _check_region(form)  # after the service's own checks, which come first; rolled back
    return event


@bp.route("/events/new", methods=["GET", "POST"])
def new_event():
    """Register an action day or ideas workshop as a draft; `?copy=<id>` pre-fills the form
    from an earlier event ("copy as new"), moved to the campaign open now."""
    form = _prepare(EventForm(), new=True)
    source = None
    if request.method == "GET":
        form.new_token()
        choices = worklists.form_choices(current_user, today())
        if len(choices.regions) == 1 and not choices.statewide:
            form.region_id.data = choices.regions[0].id
        open_now = [c for c in choices.campaigns if c.is_registration_open(today())]
        target = open_now[0] if open_now else (choices.campaigns or [None])[0]
        if target is not None:
            form.campaign_id.data = target.id
        copy_id = request.args.get("copy", type=int)
        if copy_id is not None and target is not None:
            source = _load_event(min(copy_id, 2**31 - 1))
            form.fill(event_service.copy_event_data(source, target))
    if request.method == "POST" and GEOCODE in request.form:
        found, status = _geocode(form)
        return render_template(
            "manage/event_form.html", form=form, event=None, postcode_hint=found, geocoded=True
        ), status
    done, status = save_form(
        form,
        lambda: _create_unless_duplicate(form),
        _("The event has been saved as a draft."),
        lambda event: url_for("manage.show_event", event_id=event.id),
    )
    return done or (
        render_template(
            "manage/event_form.html",
            form=form,
            event=None,
            source=source,
            postcode_hint=getattr(form, "region_mismatch", None),
        ),
        status,
    )


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def edit_event(event_id: int):
    """Edit an event; a rejected one returns to draft, a published one stays published."""
    event = _load_event(event_id)
    require(permissions.can_edit_item(current_user, event))
    form = _prepare(EventForm(), event)
    if request.method == "GET":
        form.fill(EventData.from_event(event))
        form.version.data = str(event.version)
    if request.method == "POST" and GEOCODE in request.form:
        found, status = _geocode(form)
        return render_template(
            "manage/event_form.html", form=form, event=event, postcode_hint=found, geocoded=True
        ), status

    stored = (event.venue_postal_code or "", event.region_id)

    def update():
        saved = event_service.update_event(
            event,
            form.to_data(),
            current_user,
            expected_version=form.expected_version(),
            today=today(),
        )
        _check_region(form, stored)  # after the service's own checks; save_form rolls back
        return saved

    done, status = save_form(
        form,
        update,
        _("Your changes have been saved."),
        lambda _event: url_for("manage.show_event", event_id=event_id),
    )
    if done:
        return done
    event = db.session.get(Event, event_id)
    found = getattr(form, "region_mismatch", None) or postcode_hint_for(event)
    return render_template(
        "manage/event_form.html", form=form, event=event, postcode_hint=found
    ), status


def _detail(event: Event, reason_form=None, status=200):
    history = [
        (entry, describe(entry.changes, EVENT_FIELDS + REPORT_FIELDS))
        for entry in db.session.scalars(worklists.item_history(event))
    ]
    return render_template(
        "manage/event.html",
        event=event,
        history=history,
        action_form=ActionForm(),
        confirm_form=ConfirmForm(),
        reason_form=reason_form or ReasonForm(),
        now=now(),
        postcode_hint=postcode_hint_for(event),
    ), status


@bp.get("/events/<int:event_id>")
def show_event(event_id: int):
    """An event as its organiser sees it: state, reasons, actions and history."""
    return _detail(_load_event(event_id))


def _transition(
    event_id: int, change, message: str, done_url: str | None = None, confirm: bool = False
):
    event = _load_event(event_id)
    back = url_for("manage.show_event", event_id=event_id)
    if confirm and not confirmed(ConfirmForm()):
        return _detail(event, status=422)
    if ActionForm().validate_on_submit() and run_action(
        lambda: change(event, current_user), message
    ):
        return redirect(done_url or back)
    return redirect(back)


@bp.post("/events/<int:event_id>/submit")
def submit_event(event_id: int):
    """Hand a draft to the reviewers."""
    return _transition(
        event_id, event_service.submit_event, _("The event has been submitted for review.")
    )


@bp.post("/events/<int:event_id>/withdraw")
def withdraw_event(event_id: int):
    """Take a submitted event back into draft."""
    return _transition(
        event_id, event_service.withdraw_event, _("The event is a draft again."), confirm=True
    )


@bp.post("/events/<int:event_id>/delete")
def delete_event(event_id: int):
    """Delete a draft."""
    return _transition(
        event_id,
        event_service.delete_event,
        _("The draft has been deleted."),
        url_for("manage.dashboard"),
        confirm=True,
    )


@bp.post("/events/<int:event_id>/cancel")
def cancel_event(event_id: int):
    """Cancel a published event with a reason; it stays in the calendars as cancelled."""
    event = _load_event(event_id)
    require(permissions.can_cancel_item(current_user, event))
    form = ReasonForm()
    done, _status = save_form(
        form,
        lambda: event_service.cancel_event(event, current_user, form.reason.data or ""),
        _("The event has been cancelled."),
        lambda _result: url_for("manage.show_event", event_id=event_id),
    )
    return done or _detail(db.session.get(Event, event_id), reason_form=form, status=422)


@bp.route("/events/<int:event_id>/report", methods=["GET", "POST"])
def report_event(event_id: int):
    """The post-event report: participants, children reached, volunteers, partners, outcome."""
    event = _load_event(event_id)
    require(permissions.can_report_on_event(current_user, event, now()))
    form = ReportForm(obj=event.report)
    if request.method == "GET" and event.report is not None:
        form.fill(ReportData.from_report(event.report))
    done, status = save_form(
        form,
        lambda: file_report(
            event,
            form.to_data(),
            current_user,
            now=now(),
            expected_version=form.expected_version(),
        ),
        _("Thank you, the report has been saved."),
        lambda _report: url_for("manage.show_event", event_id=event_id),
    )
    return done or (render_template("manage/report_form.html", form=form, event=event), status)
