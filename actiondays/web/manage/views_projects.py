"""Organisers' views of participating projects: form, detail with history, transitions."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from actiondays.extensions import db
from actiondays.models import Project
from actiondays.services import permissions, worklists
from actiondays.services import projects as project_service
from actiondays.services.permissions import require
from actiondays.services.projects import ProjectData
from actiondays.spec.history import describe
from actiondays.spec.projects import PROJECT_FIELDS
from actiondays.web.manage import bp
from actiondays.web.manage.common import run_action, save_form, today
from actiondays.web.manage.forms import ActionForm, ProjectForm, ReasonForm, options


def _load_project(project_id: int) -> Project:
    project = db.get_or_404(Project, project_id)
    require(permissions.can_view_item(current_user, project))
    return project


def _prepare(form: ProjectForm) -> ProjectForm:
    choices = worklists.form_choices(current_user, today())
    regions = [(r.id, r.name) for r in choices.regions]
    if len(regions) != 1:
        regions.insert(0, (None, _("Please choose")))
    form.region_id.choices = options(regions)
    form.themes.choices = options((t.id, t.name) for t in choices.themes)
    form.campaign_ids.choices = options((c.id, str(c.year)) for c in reversed(choices.campaigns))
    return form


@bp.route("/projects/new", methods=["GET", "POST"])
def new_project():
    """Register a participating project as a draft."""
    form = _prepare(ProjectForm())
    if request.method == "GET":
        form.new_token()
    done, status = save_form(
        form,
        lambda: project_service.create_project(
            form.to_data(), current_user, form_token=form.token()
        ),
        _("The project has been saved as a draft."),
        lambda project: url_for("manage.show_project", project_id=project.id),
    )
    return done or (render_template("manage/project_form.html", form=form, project=None), status)


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
def edit_project(project_id: int):
    """Edit a project; a rejected one returns to draft."""
    project = _load_project(project_id)
    require(permissions.can_edit_item(current_user, project))
    form = _prepare(ProjectForm())
    if request.method == "GET":
        form.fill(ProjectData.from_project(project))
        form.updated_at.data = project.updated_at.isoformat()
    done, status = save_form(
        form,
        lambda: project_service.update_project(
            project,
            form.to_data(),
            current_user,
            expected_updated_at=form.updated_at.data or None,
        ),
        _("Your changes have been saved."),
        lambda _project: url_for("manage.show_project", project_id=project_id),
    )
    if done:
        return done
    project = db.session.get(Project, project_id)
    return render_template("manage/project_form.html", form=form, project=project), status


def _detail(project: Project, reason_form=None, status=200):
    history = [
        (entry, describe(entry.changes, PROJECT_FIELDS))
        for entry in db.session.scalars(worklists.item_history(project))
    ]
    return render_template(
        "manage/project.html",
        project=project,
        history=history,
        action_form=ActionForm(),
        reason_form=reason_form or ReasonForm(),
    ), status


@bp.get("/projects/<int:project_id>")
def show_project(project_id: int):
    """A project as its organiser sees it: state, reasons, actions and history."""
    return _detail(_load_project(project_id))


_TRANSITIONS = {
    "submit": project_service.submit_project,
    "withdraw": project_service.withdraw_project,
    "delete": project_service.delete_project,
}


@bp.post("/projects/<int:project_id>/<any(submit, withdraw, delete):action>")
def change_project(project_id: int, action: str):
    """Submit, withdraw or delete a project."""
    project = _load_project(project_id)
    change = _TRANSITIONS[action]
    message = {
        "submit": _("The project has been submitted for review."),
        "withdraw": _("The project is a draft again."),
        "delete": _("The draft has been deleted."),
    }[action]
    if ActionForm().validate_on_submit() and not run_action(
        lambda: change(project, current_user), message
    ):
        return redirect(url_for("manage.show_project", project_id=project_id))
    if action == "delete":
        return redirect(url_for("manage.dashboard"))
    return redirect(url_for("manage.show_project", project_id=project_id))


@bp.post("/projects/<int:project_id>/cancel")
def cancel_project(project_id: int):
    """End a published project's participation with a reason."""
    project = _load_project(project_id)
    require(permissions.can_cancel_item(current_user, project))
    form = ReasonForm()
    done, _status = save_form(
        form,
        lambda: project_service.cancel_project(project, current_user, form.reason.data or ""),
        _("The project has been withdrawn from the campaign."),
        lambda _result: url_for("manage.show_project", project_id=project_id),
    )
    return done or _detail(db.session.get(Project, project_id), reason_form=form, status=422)
