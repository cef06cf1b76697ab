"""An admin removes a user's second factor (services/second_factor.py)."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from actiondays.extensions import db
from actiondays.models import User
from actiondays.services import second_factor as mfa
from actiondays.web.admin import bp
from actiondays.web.admin.views_users import user_page
from actiondays.web.manage.common import run_action


@bp.post("/users/<int:user_id>/two-factor/reset")
def reset_second_factor(user_id: int):
    """Remove a user's second factor (lost phone and recovery codes)."""
    user = db.get_or_404(User, user_id)
    if not FlaskForm().validate_on_submit():
        return redirect(url_for("admin.edit_user", user_id=user_id))
    if request.form.get("confirm") != "y":
        flash(_("Nothing has been changed: please tick the box to confirm this step."), "error")
        return user_page(user, status=422)
    done = run_action(
        lambda: mfa.reset(user, current_user),
        _("Two-step sign-in of %(name)s has been reset.", name=user.name),
    )
    if not done:
        return user_page(db.session.get(User, user_id), status=422)
    return redirect(url_for("admin.edit_user", user_id=user_id))
