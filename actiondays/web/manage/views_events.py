"""Organisers' views of events: dashboard, form, detail with history, transitions, report."""

import logging

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
from actiondays.services.geocoding import postcode_hint_for
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


def _create_unless_duplicate(form: EventForm) -> Event:
    """Create the draft, unless it looks like an existing event and the box is not ticked."""
    data = form.to_data()
    token = form.token()
    # a resent form (double click, reload) is answered by create_event with the saved event
    resent = token is not None and event_service.event_by_form_token(token) is not None
    duplicate = None if resent else event_service.likely_duplicate(data)
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
    return event_service.create_event(data, current_user, today=today(), form_token=token)


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
    done, status = save_form(
        form,
        lambda: _create_unless_duplicate(form),
        _("The event has been saved as a draft."),
        lambda event: url_for("manage.show_event", event_id=event.id),
    )
    return done or (
        render_template("manage/event_form.html", form=form, event=None, source=source),
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
    done, status = save_form(
        form,
        lambda: event_service.update_event(
            event,
            form.to_data(),
            current_user,
            expected_version=form.expected_version(),
            today=today(),
        ),
        _("Your changes have been saved."),
        lambda _event: url_for("manage.show_event", event_id=event_id),
    )
    if done:
        return done
    event = db.session.get(Event, event_id)
    return render_template(
        "manage/event_form.html", form=form, event=event, postcode_hint=postcode_hint_for(event)
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
