"""Review queue: submitted items oldest first, approve or reject inline; progress panel."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.mail.listings import confirmed_user_ids
from actiondays.models import Event, Project, Region, Theme, User
from actiondays.services import accounts as account_service
from actiondays.services import events as event_service
from actiondays.services import projects as project_service
from actiondays.services import worklists
from actiondays.services.listings import current_campaign
from actiondays.web.manage.common import run_action, today
from actiondays.web.review import bp
from actiondays.web.review.forms import ApproveForm, RejectForm

_MODELS = {"events": Event, "projects": Project}
_SERVICES = {
    ("events", "approve"): event_service.publish_event,
    ("projects", "approve"): project_service.publish_project,
    ("events", "reject"): event_service.reject_event,
    ("projects", "reject"): project_service.reject_project,
}


def _filters() -> worklists.QueueFilters:
    kind = request.args.get("kind") or None
    if kind not in (None, "action_day", "ideas_workshop", "project"):
        kind = None
    return worklists.QueueFilters(
        region=request.args.get("region") or None,
        theme=request.args.get("theme") or None,
        kind=kind,
    )


def _queue_page(failed: tuple[str, int] | None = None, failed_form=None, status: int = 200):
    filters = _filters()
    events = db.session.scalars(worklists.submitted_events(filters)).all()
    projects = db.session.scalars(worklists.submitted_projects(filters)).all()
    campaign = current_campaign(today())
    progress = worklists.campaign_progress(campaign) if campaign else None
    regions = db.session.scalars(select(Region).order_by(Region.name)).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.position)).all()
    theme_names = {t.slug: t.name for t in themes}
    return render_template(
        "review/queue.html",
        events=events,
        projects=projects,
        filters=filters,
        regions=regions,
        themes=themes,
        theme_names=theme_names,
        campaign=campaign,
        progress=progress,
        approve_form=ApproveForm(),
        reject_form=RejectForm(),
        failed=failed,
        failed_form=failed_form,
        filter_args=_filter_args(),
    ), status


@bp.get("/")
def queue():
    """Submitted events and projects, oldest first, filterable by region, theme and kind."""
    return _queue_page()


def _filter_args() -> dict[str, str]:
    filters = _filters()
    return {
        key: value
        for key, value in (
            ("region", filters.region),
            ("theme", filters.theme),
            ("kind", filters.kind),
        )
        if value
    }


@bp.get("/<any(events, projects):collection>/<int:item_id>/approve")
def confirm_approval(collection: str, item_id: int):
    """The confirmation step before publishing: a summary of exactly what goes public."""
    item = db.get_or_404(_MODELS[collection], item_id)
    return render_template(
        "review/confirm_approval.html",
        item=item,
        collection=collection,
        approve_form=ApproveForm(),
        filter_args=_filter_args(),
    )


@bp.post("/<any(events, projects):collection>/<int:item_id>/<any(approve, reject):decision>")
def decide(collection: str, item_id: int, decision: str):
    """Approve or reject one item and return to the queue with the same filters."""
    kind = collection
    item = db.get_or_404(_MODELS[kind], item_id)
    form = ApproveForm() if decision == "approve" else RejectForm()
    back = url_for("review.queue", **_filter_args())
    if not form.validate_on_submit():
        return redirect(back)
    change = _SERVICES[(kind, decision)]
    try:
        if decision == "approve":
            change(item, current_user)
        else:
            change(item, current_user, form.reason.data or "")
    except DomainError as error:
        db.session.rollback()
        form.reason.errors = [str(error.message)] if decision == "reject" else []
        if decision == "approve":
            flash(str(error.message), "error")
            return redirect(back)
        return _queue_page(failed=(kind, item_id), failed_form=form, status=422)
    db.session.commit()
    title = getattr(item, "title", None) or item.name
    if decision == "approve":
        flash(_("“%(title)s” has been approved and published.", title=title), "success")
    else:
        flash(_("“%(title)s” has been sent back to the organiser.", title=title), "success")
    return redirect(back)


@bp.get("/accounts")
def accounts():
    """Account requests waiting for approval."""
    pending = db.session.scalars(account_service.pending_accounts()).all()
    return render_template(
        "review/accounts.html",
        pending=pending,
        form=ApproveForm(),
        confirmed=confirmed_user_ids([user.id for user in pending]),
    )


@bp.post("/accounts/<int:user_id>/approve")
def approve_account(user_id: int):
    """Approve a pending account request."""
    user = db.get_or_404(User, user_id)
    if ApproveForm().validate_on_submit():
        run_action(
            lambda: account_service.approve_account(user, current_user),
            _("The account of %(name)s has been approved.", name=user.name),
        )
    return redirect(url_for("review.accounts"))
