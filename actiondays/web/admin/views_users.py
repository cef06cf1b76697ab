"""Admin pages for accounts: list, edit role and regions, approve, deactivate, temporary
password."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from actiondays.extensions import db
from actiondays.models import AccountStatus, User
from actiondays.services import accounts
from actiondays.services.users import regions_by_ids
from actiondays.web.admin import bp
from actiondays.web.admin.forms import ROLE_LABELS, ButtonForm, TemporaryPasswordForm, UserForm
from actiondays.web.manage.common import run_action, save_form
from actiondays.web.manage.forms import options, parse_version


@bp.get("/users")
def users():
    """Every account, optionally filtered by status."""
    status = request.args.get("status") or None
    rows = db.session.scalars(accounts.all_accounts(status)).all()
    return render_template(
        "admin/users.html",
        users=rows,
        status=status,
        statuses=AccountStatus,
        role_labels=ROLE_LABELS,
    )


def user_page(user, form=None, password_form=None, status=200):
    return render_template(
        "admin/user.html",
        user=user,
        form=form or _user_form(user),
        password_form=password_form or TemporaryPasswordForm(),
        button=ButtonForm(),
        role_labels=ROLE_LABELS,
    ), status


def _user_form(user, formdata=None) -> UserForm:
    form = UserForm(formdata=formdata, obj=user if formdata is None else None)
    if formdata is None:
        form.regions.data = [r.id for r in user.regions]
    form.regions.choices = options((r.id, r.name) for r in accounts.selectable_regions())
    return form


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    """Edit name, organisation, role and regions."""
    user = db.get_or_404(User, user_id)
    if request.method == "GET":
        return user_page(user)
    form = _user_form(user, formdata=request.form)
    done, status = save_form(
        form,
        lambda: accounts.update_account(
            user,
            current_user,
            name=form.name.data,
            organisation=form.organisation.data or "",
            role=form.role.data,
            regions=regions_by_ids(form.regions.data),
            expected_version=parse_version(form.version.data),
        ),
        _("The account has been saved."),
        lambda _user: url_for("admin.edit_user", user_id=user_id),
    )
    status = 409 if status == 409 else 422
    return done or user_page(db.session.get(User, user_id), form=form, status=status)


@bp.post("/users/<int:user_id>/<any(approve, deactivate):action>")
def change_user_status(user_id: int, action: str):
    """Approve (or reactivate) or deactivate an account."""
    user = db.get_or_404(User, user_id)
    if ButtonForm().validate_on_submit():
        if action == "deactivate" and request.form.get("confirm") != "y":
            flash(_("Nothing has been changed: please tick the box to confirm this step."), "error")
            return user_page(user, status=422)
        if action == "approve":
            change, message = accounts.approve_account, _("The account is active.")
        else:
            change, message = accounts.deactivate_account, _("The account has been deactivated.")
        run_action(lambda: change(user, current_user), message)
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.post("/users/<int:user_id>/password")
def set_temporary_password(user_id: int):
    """Set a temporary password; the user must change it at the next sign-in."""
    user = db.get_or_404(User, user_id)
    form = TemporaryPasswordForm()
    done, _status = save_form(
        form,
        lambda: accounts.set_temporary_password(user, form.password.data, current_user),
        _("Temporary password set. %(name)s must change it at the next sign-in.", name=user.name),
        lambda _result: url_for("admin.edit_user", user_id=user_id),
    )
    return done or user_page(db.session.get(User, user_id), password_form=form, status=422)
