"""Reviewers' retrospective pages: live figures, editorial text, highlights, publication."""

import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from actiondays import limits
from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.services import retrospectives as service
from actiondays.services.events import StaleEdit
from actiondays.web.helpers import add_form_error
from actiondays.web.manage.forms import parse_version
from actiondays.web.retrospectives import review_bp as bp
from actiondays.web.retrospectives.forms import (
    ActionForm,
    EditorialForm,
    EventHighlightForm,
    ProjectHighlightForm,
)
from actiondays.web.retrospectives.rendering import page_context, pdf_bytes

log = logging.getLogger(__name__)


@bp.before_request
def _require_reviewer():
    """Only signed-in reviewers and admins reach this area."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if not service.can_edit_retrospectives(current_user):
        abort(403)
    return None


def _campaign_or_404(year: int):
    campaign = service.campaign_for_year(year)
    if campaign is None:
        abort(404)
    return campaign


def _event_label(event) -> str:
    place = event.region.name if event.region else _("statewide")
    return f"{format_date(event.starts_on, 'short')} – {event.title} ({place})"


#: Longest search text of the highlight picker.
PICKER_QUERY_LENGTH = 100


def _picker_args() -> tuple[str, int]:
    """Search text and page of the event highlight picker (GET arguments; 400 if bad)."""
    search = (request.args.get("event_q") or "").strip()
    if len(search) > PICKER_QUERY_LENGTH:
        abort(
            400,
            description=_(
                "The search text may be at most %(max)d characters long.", max=PICKER_QUERY_LENGTH
            ),
        )
    try:
        page = int(request.args.get("event_page") or 1)
    except ValueError:
        abort(400, description=_("The page must be a whole number such as 2."))
    if not 1 <= page <= 10_000:
        abort(400, description=_("The page must be a whole number such as 2."))
    return search, page


def _forms(campaign, editorial=None, event_form=None, project_form=None, projects=None, **known):
    """The page's forms; the event picker offers one page of held events, never all. The
    project choices come from `projects` (the live document's list) when given."""
    retrospective = (
        known["retrospective"] if "retrospective" in known else service.retrospective_for(campaign)
    )
    search, page = _picker_args()
    events, has_more = service.highlight_event_page(campaign, search or None, page)
    if projects is None:
        projects = [
            {"id": p.id, "name": p.name, "organisation": p.organisation}
            for p in service.participating_projects(campaign)
        ]
    editorial = editorial or EditorialForm(obj=retrospective)
    event_form = event_form or EventHighlightForm(prefix="event")
    project_form = project_form or ProjectHighlightForm(prefix="project")
    chosen = event_form.event_id.data if request.method == "POST" else None
    choices = [(e.id, _event_label(e)) for e in events]
    if chosen and chosen not in {e.id for e in events}:
        # Keep the reviewer's choice from another page of the picker selected after an error.
        event = service.held_event(campaign, chosen)
        if event is not None:
            choices.insert(0, (event.id, _event_label(event)))
    event_form.event_id.choices = choices
    project_form.project_id.choices = [
        (p["id"], f"{p['name']} – {p['organisation']}") for p in projects
    ]
    picker = {"search": search, "page": page, "has_more": has_more}
    return retrospective, editorial, event_form, project_form, picker


def _render_edit(campaign, status=200, **forms):
    retrospective = service.retrospective_for(campaign)
    document = service.build_document(campaign, retrospective)
    retrospective, editorial, event_form, project_form, picker = _forms(
        campaign,
        projects=document["figures"]["projects"]["list"],
        retrospective=retrospective,
        **forms,
    )
    return (
        render_template(
            "retrospectives/review_edit.html",
            campaign=campaign,
            retrospective=retrospective,
            doc=document,
            is_outdated=service.is_outdated(retrospective, document),
            editorial=editorial,
            event_form=event_form,
            project_form=project_form,
            picker=picker,
            action_form=ActionForm(),
            **{k: v for k, v in page_context(document).items() if k != "doc"},
        ),
        status,
    )


@bp.get("")
def index():
    """Every campaign with the state of its retrospective."""
    return render_template("retrospectives/review_index.html", rows=service.review_overview())


@bp.get("/<int:year>")
def edit(year: int):
    """Live figures and the editorial fields of one campaign's retrospective."""
    return _render_edit(_campaign_or_404(year))


@bp.get("/<int:year>/preview")
def preview(year: int):
    """The live document exactly as the public page will show it once published."""
    campaign = _campaign_or_404(year)
    document = service.build_document(campaign, service.retrospective_for(campaign))
    return render_template(
        "retrospectives/show.html",
        is_preview=True,
        published_at=None,
        **page_context(document),
    )


@bp.get("/<int:year>/preview.pdf")
@limits.pdf_downloads
def preview_pdf(year: int):
    """The live document as the PDF the public will download once published."""
    campaign = _campaign_or_404(year)
    document = service.build_document(campaign, service.retrospective_for(campaign))
    response = pdf_bytes(document, None)
    return (
        response,
        200,
        {
            "Content-Type": "application/pdf",
            "Content-Disposition": f'inline; filename="aktionstage-{year}-vorschau.pdf"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/<int:year>/text")
def save_text(year: int):
    """Save the introduction and the closing text."""
    campaign = _campaign_or_404(year)
    form = EditorialForm()
    if not form.validate_on_submit():
        return _render_edit(campaign, 422, editorial=form)
    try:
        service.update_text(
            campaign,
            current_user,
            form.introduction.data,
            form.closing_text.data,
            expected_version=parse_version(form.version.data),
        )
    except StaleEdit as error:
        db.session.rollback()
        add_form_error(form, error)
        return _render_edit(campaign, 409, editorial=form)
    db.session.commit()
    flash(_("The texts have been saved."), "success")
    return redirect(url_for(".edit", year=year))


@bp.post("/<int:year>/highlights/event")
def add_event_highlight(year: int):
    """Add a held event as a highlight."""
    campaign = _campaign_or_404(year)
    form = EventHighlightForm(prefix="event")
    # The picker shows one page of events; whether the posted one was held, the service says.
    form.event_id.validate_choice = False
    if not form.validate_on_submit():
        return _render_edit(campaign, 422, event_form=form)
    try:
        service.add_highlight(campaign, current_user, form.note.data, event_id=form.event_id.data)
    except DomainError as error:
        db.session.rollback()
        error.field = "event_id" if error.field in (None, "target") else error.field
        add_form_error(form, error)
        return _render_edit(campaign, 422, event_form=form)
    db.session.commit()
    flash(_("The highlight has been added."), "success")
    return redirect(url_for(".edit", year=year, _anchor="highlights"))


@bp.post("/<int:year>/highlights/project")
def add_project_highlight(year: int):
    """Add a participating project as a highlight."""
    campaign = _campaign_or_404(year)
    *_unused, form, _picker = _forms(campaign, project_form=ProjectHighlightForm(prefix="project"))
    if not form.validate_on_submit():
        return _render_edit(campaign, 422, project_form=form)
    try:
        service.add_highlight(
            campaign, current_user, form.note.data, project_id=form.project_id.data
        )
    except DomainError as error:
        db.session.rollback()
        error.field = "project_id" if error.field in (None, "target") else error.field
        add_form_error(form, error)
        return _render_edit(campaign, 422, project_form=form)
    db.session.commit()
    flash(_("The highlight has been added."), "success")
    return redirect(url_for(".edit", year=year, _anchor="highlights"))


@bp.post("/<int:year>/highlights/<int:highlight_id>/delete")
def remove_highlight(year: int, highlight_id: int):
    """Remove a highlight."""
    campaign = _campaign_or_404(year)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        service.remove_highlight(campaign, current_user, highlight_id)
    except DomainError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash(_("The highlight has been removed."), "success")
    return redirect(url_for(".edit", year=year, _anchor="highlights"))


@bp.post("/<int:year>/publish")
def publish(year: int):
    """Publish (or republish) the retrospective: freeze the current figures and texts."""
    campaign = _campaign_or_404(year)
    if not ActionForm().validate_on_submit():
        abort(400)
    document = service.build_document(campaign, service.retrospective_for(campaign))
    missing = document["figures"]["key"].get("reports_missing") or 0
    if missing and request.form.get("confirm_missing") != "y":
        flash(
            ngettext(
                "Not published: %(num)d held event has no report yet. Tick the box to publish "
                "anyway.",
                "Not published: %(num)d held events have no report yet. Tick the box to publish "
                "anyway.",
                missing,
            ),
            "error",
        )
        return _render_edit(campaign, status=422)
    if not missing and request.form.get("confirm") != "y":
        flash(_("Nothing has been changed: please tick the box to confirm this step."), "error")
        return _render_edit(campaign, status=422)
    service.publish(campaign, current_user)
    db.session.commit()
    flash(_("The retrospective %(year)s has been published.", year=year), "success")
    return redirect(url_for(".edit", year=year))


@bp.post("/<int:year>/unpublish")
def unpublish(year: int):
    """Take the retrospective offline."""
    campaign = _campaign_or_404(year)
    if not ActionForm().validate_on_submit():
        abort(400)
    if request.form.get("confirm") != "y":
        flash(_("Nothing has been changed: please tick the box to confirm this step."), "error")
        return _render_edit(campaign, status=422)
    try:
        service.unpublish(campaign, current_user)
    except DomainError as error:
        db.session.rollback()
        abort(409, description=str(error.message))
    db.session.commit()
    flash(_("The retrospective %(year)s is no longer published.", year=year), "success")
    return redirect(url_for(".edit", year=year))
