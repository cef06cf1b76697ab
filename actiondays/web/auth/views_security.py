"""Account security pages: "sign out everywhere"."""

import logging

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from actiondays.extensions import db
from actiondays.web.auth import bp
from actiondays.web.sessions import end_session

log = logging.getLogger(__name__)


class SignOutEverywhereForm(FlaskForm):
    """A button: CSRF only."""


@bp.route("/account/sessions", methods=["GET", "POST"])
@login_required
def sessions():
    """End every session and remember cookie of the account, on every device."""
    form = SignOutEverywhereForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        end_session(user, "sign out everywhere")
        db.session.commit()
        log.info("user %s signed out everywhere", user.id)
        flash(_("You have been signed out on every device."), "success")
        return redirect(url_for("auth.login"))
    return render_template("security/sessions.html", form=form), 422 if form.errors else 200
